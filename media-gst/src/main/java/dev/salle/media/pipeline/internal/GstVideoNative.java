package dev.salle.media.pipeline.internal;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import org.freedesktop.gstreamer.Element;
import org.freedesktop.gstreamer.glib.Natives;

/**
 * The few libgstvideo / libgstreamer calls Salle needs that gst1-java-core does not wrap.
 *
 * <p>Ownership: the force-key-unit event is created here with one reference and handed to
 * {@code gst_element_send_event}, which takes that reference (transfer full); nothing is left to
 * free. The element stays owned by its Java wrapper, which the caller keeps alive for the call.
 * Any thread may call; GStreamer's event functions are thread-safe.
 */
public final class GstVideoNative {

    private static final long CLOCK_TIME_NONE = -1L;

    private interface VideoLibrary extends Library {
        Pointer gst_video_event_new_upstream_force_key_unit(long runningTime, boolean allHeaders, int count);
    }

    private interface CoreLibrary extends Library {
        boolean gst_element_send_event(Pointer element, Pointer event);
    }

    private static final class Holder {
        static final VideoLibrary VIDEO = Native.load("gstvideo-1.0", VideoLibrary.class);
        static final CoreLibrary CORE = Native.load("gstreamer-1.0", CoreLibrary.class);
    }

    private GstVideoNative() {}

    /**
     * Sends an upstream GstForceKeyUnit event (all headers, as soon as possible) into the element,
     * which forwards it to the encoder upstream of it.
     *
     * @return whether an element upstream handled the event
     */
    public static boolean requestKeyFrame(Element sink) {
        Pointer event = Holder.VIDEO.gst_video_event_new_upstream_force_key_unit(CLOCK_TIME_NONE, true, 0);
        if (event == null) {
            throw new IllegalStateException("gst_video_event_new_upstream_force_key_unit returned NULL; "
                    + "check that libgstvideo-1.0 matches the GStreamer core version");
        }
        return Holder.CORE.gst_element_send_event(Natives.getRawPointer(sink), event);
    }
}

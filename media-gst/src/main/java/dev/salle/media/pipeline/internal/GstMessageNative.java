package dev.salle.media.pipeline.internal;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.PointerByReference;
import org.freedesktop.gstreamer.glib.Natives;
import org.freedesktop.gstreamer.message.Message;

/**
 * Reads the GError message and debug string of an ERROR or WARNING bus message. gst1-java-core
 * 1.4.0's own parser returned null messages here, so this calls {@code gst_message_parse_error}
 * / {@code gst_message_parse_warning} directly.
 *
 * <p>Ownership: the message stays owned by the caller's wrapper; the GError and debug string the
 * parse returns are owned here and freed ({@code g_error_free}, {@code g_free}) before returning.
 * Call on the thread that holds the message (the shared GStreamer bus thread), while it is alive.
 */
public final class GstMessageNative {

    /** A GError's message (may be empty) and the debug detail (may be empty). */
    public record Detail(String message, String debug) {}

    private interface CoreLibrary extends Library {
        void gst_message_parse_error(Pointer message, PointerByReference gerror, PointerByReference debug);

        void gst_message_parse_warning(Pointer message, PointerByReference gerror, PointerByReference debug);
    }

    private interface GlibLibrary extends Library {
        void g_error_free(Pointer error);

        void g_free(Pointer memory);
    }

    private static final class Holder {
        static final CoreLibrary CORE = Native.load("gstreamer-1.0", CoreLibrary.class);
        static final GlibLibrary GLIB = Native.load("glib-2.0", GlibLibrary.class);
    }

    /** GError.message sits after two 32-bit fields (domain quark, code). */
    private static final long GERROR_MESSAGE_OFFSET = 8;

    private GstMessageNative() {}

    public static Detail parseError(Message message) {
        PointerByReference gerror = new PointerByReference();
        PointerByReference debug = new PointerByReference();
        Holder.CORE.gst_message_parse_error(Natives.getRawPointer(message), gerror, debug);
        return take(gerror.getValue(), debug.getValue());
    }

    public static Detail parseWarning(Message message) {
        PointerByReference gerror = new PointerByReference();
        PointerByReference debug = new PointerByReference();
        Holder.CORE.gst_message_parse_warning(Natives.getRawPointer(message), gerror, debug);
        return take(gerror.getValue(), debug.getValue());
    }

    private static Detail take(Pointer gerror, Pointer debug) {
        String text = "";
        String detail = "";
        if (gerror != null) {
            Pointer textPointer = gerror.getPointer(GERROR_MESSAGE_OFFSET);
            text = textPointer == null ? "" : textPointer.getString(0, "UTF-8");
            Holder.GLIB.g_error_free(gerror);
        }
        if (debug != null) {
            detail = debug.getString(0, "UTF-8");
            Holder.GLIB.g_free(debug);
        }
        return new Detail(text, detail);
    }
}

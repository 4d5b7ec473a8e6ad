package dev.salle.media.elements;

import java.util.List;
import java.util.stream.Stream;

/** Elements each pipeline needs with no alternative, checked up front by {@link ElementChooser#requireAll}. */
public final class RequiredElements {

    public static final List<String> VIDEO_SEND = List.of(
            "videoconvert", "videoscale", "capsfilter", "tee", "queue", "h264parse", "rtph264pay",
            "appsink", "intervideosink");
    public static final List<String> AUDIO_SEND = List.of(
            "audioconvert", "audioresample", "capsfilter", "webrtcdsp", "opusenc", "rtpopuspay", "appsink");
    public static final List<String> ECHO_PROBE = List.of(
            "webrtcechoprobe", "audiomixer", "interaudiosrc", "audiotestsrc", "audioconvert", "audioresample",
            "capsfilter", "fakesink");
    public static final List<String> DISPLAY = List.of(
            "compositor", "videotestsrc", "intervideosrc", "textoverlay", "clockoverlay", "videoconvert",
            "videoscale", "videorate", "tee", "queue", "jpegenc", "appsink");
    public static final List<String> ALL = Stream.of(VIDEO_SEND, AUDIO_SEND, ECHO_PROBE, DISPLAY)
            .flatMap(List::stream).distinct().toList();

    private RequiredElements() {}
}

package dev.salle.media.elements;

import java.util.Map;

/** The Debian package that provides each element Salle may use (Debian 12, Raspberry Pi OS). */
public final class ElementPackages {

    private static final Map<String, String> PACKAGE_BY_ELEMENT = Map.ofEntries(
            Map.entry("v4l2h264enc", "gstreamer1.0-plugins-good (Raspberry Pi hardware encoder)"),
            Map.entry("v4l2src", "gstreamer1.0-plugins-good"),
            Map.entry("vah264enc", "gstreamer1.0-plugins-bad (needs /dev/dri)"),
            Map.entry("vaapih264enc", "gstreamer1.0-vaapi (needs /dev/dri)"),
            Map.entry("x264enc", "gstreamer1.0-plugins-ugly"),
            Map.entry("openh264enc", "gstreamer1.0-plugins-bad"),
            Map.entry("libcamerasrc", "gstreamer1.0-libcamera"),
            Map.entry("videotestsrc", "gstreamer1.0-plugins-base"),
            Map.entry("multifilesrc", "gstreamer1.0-plugins-good"),
            Map.entry("pngdec", "gstreamer1.0-plugins-good"),
            Map.entry("imagefreeze", "gstreamer1.0-plugins-good"),
            Map.entry("audiotestsrc", "gstreamer1.0-plugins-base"),
            Map.entry("alsasrc", "gstreamer1.0-alsa"),
            Map.entry("kmssink", "gstreamer1.0-plugins-bad"),
            Map.entry("autovideosink", "gstreamer1.0-plugins-good"),
            Map.entry("appsink", "gstreamer1.0-plugins-base"),
            Map.entry("fakesink", "libgstreamer1.0-0"),
            Map.entry("webrtcdsp", "gstreamer1.0-plugins-bad"),
            Map.entry("webrtcechoprobe", "gstreamer1.0-plugins-bad"),
            Map.entry("opusenc", "gstreamer1.0-plugins-base"),
            Map.entry("rtpopuspay", "gstreamer1.0-plugins-good"),
            Map.entry("rtph264pay", "gstreamer1.0-plugins-good"),
            Map.entry("h264parse", "gstreamer1.0-plugins-bad"),
            Map.entry("compositor", "gstreamer1.0-plugins-base"),
            Map.entry("textoverlay", "gstreamer1.0-x"),
            Map.entry("clockoverlay", "gstreamer1.0-x"),
            Map.entry("jpegenc", "gstreamer1.0-plugins-good"),
            Map.entry("intervideosink", "gstreamer1.0-plugins-bad"),
            Map.entry("intervideosrc", "gstreamer1.0-plugins-bad"),
            Map.entry("interaudiosink", "gstreamer1.0-plugins-bad"),
            Map.entry("interaudiosrc", "gstreamer1.0-plugins-bad"),
            Map.entry("audiomixer", "gstreamer1.0-plugins-base"),
            Map.entry("videoconvert", "gstreamer1.0-plugins-base"),
            Map.entry("videoscale", "gstreamer1.0-plugins-base"),
            Map.entry("videorate", "gstreamer1.0-plugins-base"),
            Map.entry("audioconvert", "gstreamer1.0-plugins-base"),
            Map.entry("audioresample", "gstreamer1.0-plugins-base"),
            Map.entry("tee", "libgstreamer1.0-0"),
            Map.entry("queue", "libgstreamer1.0-0"),
            Map.entry("capsfilter", "libgstreamer1.0-0"),
            Map.entry("autoaudiosink", "gstreamer1.0-plugins-good"),
            Map.entry("v4l2h264dec", "gstreamer1.0-plugins-good (Raspberry Pi hardware decoder)"),
            Map.entry("avdec_h264", "gstreamer1.0-libav"),
            Map.entry("openh264dec", "gstreamer1.0-plugins-bad"),
            Map.entry("vp8dec", "gstreamer1.0-plugins-good"),
            Map.entry("appsrc", "gstreamer1.0-plugins-base"),
            Map.entry("rtpjitterbuffer", "gstreamer1.0-plugins-good"),
            Map.entry("rtph264depay", "gstreamer1.0-plugins-good"),
            Map.entry("rtpvp8depay", "gstreamer1.0-plugins-good"));

    private ElementPackages() {}

    /** The Debian package for an element, or a hint to search for it when the element is unknown. */
    public static String packageFor(String factoryName) {
        String known = PACKAGE_BY_ELEMENT.get(factoryName);
        return known != null ? known : "unknown package (try: apt-file search " + factoryName + ")";
    }

    /** "element (package)" as used in error messages. */
    public static String describe(String factoryName) {
        return factoryName + " (Debian package " + packageFor(factoryName) + ")";
    }
}

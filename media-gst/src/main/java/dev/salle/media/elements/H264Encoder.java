package dev.salle.media.elements;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The H.264 encoders Salle knows, in order of preference, with the properties each needs for
 * low-latency real-time video and the property (and unit) that changes its bitrate while playing.
 */
public enum H264Encoder {
    /** Raspberry Pi hardware encoder (bcm2835-codec through V4L2 M2M). */
    V4L2("v4l2h264enc", "hardware H.264 encoder (Raspberry Pi V4L2 M2M)"),
    /** VA-API through the new "va" plugin. */
    VA("vah264enc", "hardware H.264 encoder (VA-API, va plugin)"),
    /** VA-API through the older gstreamer-vaapi plugin. */
    VAAPI("vaapih264enc", "hardware H.264 encoder (VA-API, gstreamer-vaapi)"),
    /** Software x264, tuned for zero latency. */
    X264("x264enc", "software H.264 encoder x264 tuned for zero latency (no hardware encoder registered)"),
    /** Software OpenH264 (Cisco), last resort. */
    OPENH264("openh264enc", "software H.264 encoder OpenH264 (no hardware encoder and no x264enc registered)");

    private final String factoryName;
    private final String reason;

    H264Encoder(String factoryName, String reason) {
        this.factoryName = factoryName;
        this.reason = reason;
    }

    /** Factory names in order of preference. */
    public static List<String> factoryNamesInOrder() {
        return java.util.Arrays.stream(values()).map(H264Encoder::factoryName).toList();
    }

    /** The encoder with that factory name, if Salle knows it. */
    public static Optional<H264Encoder> forFactory(String factoryName) {
        return java.util.Arrays.stream(values()).filter(e -> e.factoryName.equals(factoryName)).findFirst();
    }

    public String factoryName() {
        return factoryName;
    }

    String reason() {
        return reason;
    }

    /** Properties for a real-time stream at this bitrate with a key frame at most every keyIntMax frames. */
    public Map<String, String> properties(int bitrateKbps, int keyIntMax) {
        Map<String, String> p = new LinkedHashMap<>();
        switch (this) {
            case V4L2 -> p.put("extra-controls", "\"controls,video_bitrate=" + bitrateKbps * 1000
                    + ",h264_i_frame_period=" + keyIntMax + ",repeat_sequence_header=1\"");
            case VA -> {
                p.put("rate-control", "cbr");
                p.put("bitrate", Integer.toString(bitrateKbps));
                p.put("key-int-max", Integer.toString(keyIntMax));
            }
            case VAAPI -> {
                p.put("rate-control", "cbr");
                p.put("bitrate", Integer.toString(bitrateKbps));
                p.put("keyframe-period", Integer.toString(keyIntMax));
            }
            case X264 -> {
                p.put("tune", "zerolatency");
                p.put("speed-preset", "ultrafast");
                p.put("key-int-max", Integer.toString(keyIntMax));
                p.put("bitrate", Integer.toString(bitrateKbps));
            }
            case OPENH264 -> {
                p.put("complexity", "low");
                p.put("gop-size", Integer.toString(keyIntMax));
                p.put("bitrate", Integer.toString(bitrateKbps * 1000));
            }
        }
        return p;
    }

    /** Caps to force on the encoder output: constrained baseline where the encoder can, as WebRTC peers expect. */
    public String outputCaps() {
        return switch (this) {
            case V4L2 -> "video/x-h264,level=(string)4";
            case X264 -> "video/x-h264,profile=constrained-baseline";
            case VA, VAAPI, OPENH264 -> "video/x-h264";
        };
    }

    /**
     * The property that changes the bitrate while playing, and its value for a bitrate in kbit/s;
     * empty when the encoder cannot change it at run time (v4l2h264enc: extra-controls only apply
     * when the encoder starts).
     */
    public Optional<Map.Entry<String, Object>> runtimeBitrate(int bitrateKbps) {
        return switch (this) {
            case V4L2 -> Optional.empty();
            case VA, VAAPI, X264 -> Optional.of(Map.entry("bitrate", (Object) bitrateKbps));
            case OPENH264 -> Optional.of(Map.entry("bitrate", (Object) (bitrateKbps * 1000)));
        };
    }
}

package dev.salle.media.pipeline;

/**
 * Size and packetisation of the outgoing camera stream.
 *
 * @param width           frame width in pixels, even, 64..1920
 * @param height          frame height in pixels, even, 64..1080
 * @param framesPerSecond 1..60
 * @param selfViewChannel intervideosink channel the display pipeline reads the self-view from
 * @param mtuBytes        largest RTP packet, 576..1500 (1200 leaves room for SRTP and TURN)
 * @param payloadType     RTP payload type of H.264, 96..127
 */
public record VideoSendConfig(
        int width, int height, int framesPerSecond, String selfViewChannel, int mtuBytes, int payloadType) {

    public static final String DEFAULT_SELF_VIEW_CHANNEL = "selfview-main";

    public VideoSendConfig {
        requireRange("media.video.width", width, 64, 1920);
        requireRange("media.video.height", height, 64, 1080);
        if (width % 2 != 0 || height % 2 != 0) {
            throw new IllegalArgumentException("media.video size is " + width + "x" + height
                    + "; width and height must be even (4:2:0 chroma)");
        }
        requireRange("media.video.framesPerSecond", framesPerSecond, 1, 60);
        requireRange("media.video.mtuBytes", mtuBytes, 576, 1500);
        requireRange("media.video.payloadType", payloadType, 96, 127);
        if (selfViewChannel == null || !selfViewChannel.matches("[A-Za-z0-9_-]{1,64}")) {
            throw new IllegalArgumentException("media.video.selfViewChannel is '" + selfViewChannel
                    + "'; allowed 1..64 letters, digits, '-' or '_'");
        }
    }

    /** 1280x720 at 30 fps, MTU 1200, payload type 96. */
    public static VideoSendConfig defaults() {
        return new VideoSendConfig(1280, 720, 30, DEFAULT_SELF_VIEW_CHANNEL, 1200, 96);
    }

    /** The defaults at another size and frame rate. */
    public static VideoSendConfig of(int width, int height, int framesPerSecond, String selfViewChannel) {
        return new VideoSendConfig(width, height, framesPerSecond, selfViewChannel, 1200, 96);
    }

    static void requireRange(String key, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(key + " is " + value + "; allowed " + min + ".." + max);
        }
    }
}

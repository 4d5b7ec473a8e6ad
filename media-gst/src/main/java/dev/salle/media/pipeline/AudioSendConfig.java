package dev.salle.media.pipeline;

/**
 * The outgoing microphone stream.
 *
 * @param opusBitrateBps Opus target bitrate, 6000..510000 bit/s
 * @param payloadType    RTP payload type of Opus, 96..127
 * @param echoCancel     webrtcdsp echo cancellation (needs the {@link EchoProbePipeline})
 * @param noiseSuppression webrtcdsp noise suppression
 * @param gainControl    webrtcdsp automatic gain control
 */
public record AudioSendConfig(int opusBitrateBps, int payloadType, boolean echoCancel, boolean noiseSuppression,
        boolean gainControl) {

    public AudioSendConfig {
        VideoSendConfig.requireRange("media.audio.opusBitrateBps", opusBitrateBps, 6_000, 510_000);
        VideoSendConfig.requireRange("media.audio.payloadType", payloadType, 96, 127);
    }

    /** 32 kbit/s Opus, payload type 111, all three webrtcdsp stages on. */
    public static AudioSendConfig defaults() {
        return new AudioSendConfig(32_000, 111, true, true, true);
    }
}

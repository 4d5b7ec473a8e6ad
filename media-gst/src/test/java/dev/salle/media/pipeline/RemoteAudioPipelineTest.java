package dev.salle.media.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Remote audio from Opus RTP to PCM: a real encoder makes the RTP, the pipeline decodes it. */
class RemoteAudioPipelineTest {

    @Test
    void decodesOpusRtpIntoPcmAfterGarbageIsPushedFirst() throws Exception {
        GstTestSupport.requireElements("audiotestsrc", "opusenc", "rtpopuspay", "appsink", "appsrc", "rtpjitterbuffer",
                "rtpopusdepay", "opusdec", "interaudiosink");
        try (RemoteAudioPipeline remote = new RemoteAudioPipeline(111, "remote-audio-test")) {
            remote.start();
            remote.push(new byte[] {(byte) 0x80, 111, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1, 0x7F, 0x7F}, 0, 14);
            remote.push(new byte[2], 1, 5);
            assertThat(remote.packetsRefused()).isEqualTo(1);
            try (LivePipeline sender = new LivePipeline("opus-sender", "audiotestsrc is-live=true freq=440"
                    + " ! audio/x-raw,rate=48000,channels=1 ! opusenc ! rtpopuspay pt=111"
                    + " ! appsink name=out emit-signals=true sync=false")) {
                RtpSinkTap tap = new RtpSinkTap("opus-sender",
                        (org.freedesktop.gstreamer.elements.AppSink) sender.element("out"), p -> remote.push(p, 0, p.length));
                sender.play();
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                while (remote.samplesDecoded() < RemoteAudioPipeline.CLOCK_RATE && System.nanoTime() < deadline) {
                    Thread.sleep(50);
                }
                assertThat(tap.packets()).isPositive();
            }
            assertThat(remote.samplesDecoded()).as("one second of 48 kHz PCM decoded")
                    .isGreaterThanOrEqualTo(RemoteAudioPipeline.CLOCK_RATE);
        }
    }

    @Test
    void refusesAStaticPayloadTypeOrABadChannel() {
        assertThatThrownBy(() -> new RemoteAudioPipeline(0, "remote-a")).hasMessageContaining("96..127");
        assertThatThrownBy(() -> new RemoteAudioPipeline(111, "Bad Channel")).hasMessageContaining("channel");
    }
}

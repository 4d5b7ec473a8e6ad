package dev.salle.media.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.freedesktop.gstreamer.elements.AppSink;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Remote audio slots mixed through the echo probe to the (headless) speaker. */
class EchoProbePipelineTest {

    private static final long WAIT_NANOS = TimeUnit.SECONDS.toNanos(20);

    @BeforeEach
    void requireElements() {
        GstTestSupport.requireElements("audiotestsrc", "interaudiosrc", "audiomixer", "webrtcechoprobe", "audioconvert",
                "audioresample", "fakesink");
    }

    @Test
    void aRemoteToneOnSlotZeroReachesTheSpeakerAudibly() throws Exception {
        GstTestSupport.requireElements("opusenc", "rtpopuspay", "appsink", "appsrc", "rtpjitterbuffer", "rtpopusdepay",
                "opusdec", "interaudiosink");
        List<PipelineEvent> events = new CopyOnWriteArrayList<>();
        try (EchoProbePipeline probe = new EchoProbePipeline(false);
                RemoteAudioPipeline remote = new RemoteAudioPipeline(111, probe.audioChannel(0));
                LivePipeline sender = new LivePipeline("tone-sender", "audiotestsrc is-live=true wave=sine freq=440"
                        + " volume=0.5 ! audio/x-raw,rate=48000,channels=1 ! opusenc ! rtpopuspay pt=111"
                        + " ! appsink name=out emit-signals=true sync=false")) {
            probe.addListener(events::add);
            RtpSinkTap tap = new RtpSinkTap("tone-sender", (AppSink) sender.element("out"), p -> remote.push(p, 0, p.length));
            probe.start();
            remote.start();
            sender.play();

            awaitAtLeast(probe::audibleSamplesPlayed, RemoteAudioPipeline.CLOCK_RATE / 2);

            assertThat(tap.packets()).isPositive();
            assertThat(remote.samplesDecoded()).isPositive();
            assertThat(probe.audibleSamplesPlayed()).as("half a second of the tone played (of %s samples played)",
                    probe.samplesPlayed()).isGreaterThanOrEqualTo(RemoteAudioPipeline.CLOCK_RATE / 2);
            assertThat(probe.samplesPlayed()).isGreaterThanOrEqualTo(probe.audibleSamplesPlayed());
            assertThat(probe.unmeasuredBuffers()).isZero();
        }
        assertThat(events).noneMatch(e -> e instanceof PipelineEvent.Error);
    }

    @Test
    void withNoRemoteAudioTheSpeakerPlaysOnlySilence() throws Exception {
        List<PipelineEvent> events = new CopyOnWriteArrayList<>();
        try (EchoProbePipeline probe = new EchoProbePipeline(false, 2)) {
            probe.addListener(events::add);
            probe.start();

            awaitAtLeast(probe::samplesPlayed, RemoteAudioPipeline.CLOCK_RATE / 2);

            assertThat(probe.samplesPlayed()).as("half a second of samples played")
                    .isGreaterThanOrEqualTo(RemoteAudioPipeline.CLOCK_RATE / 2);
            assertThat(probe.audibleSamplesPlayed()).isZero();
            assertThat(probe.unmeasuredBuffers()).isZero();
        }
        assertThat(events).noneMatch(e -> e instanceof PipelineEvent.Error);
    }

    @Test
    void audioChannelsAreUniqueAcceptedByRemoteAudioAndOutOfRangeSlotsAreRefused() {
        try (EchoProbePipeline a = new EchoProbePipeline(false);
                EchoProbePipeline b = new EchoProbePipeline(false, 1)) {
            assertThat(a.audioSlots()).isEqualTo(EchoProbePipeline.DEFAULT_SLOTS);
            assertThat(List.of(a.audioChannel(0), a.audioChannel(4), b.audioChannel(0))).doesNotHaveDuplicates()
                    .allSatisfy(channel -> assertThat(channel).matches("[a-z0-9-]{1,64}"));
            assertThatThrownBy(() -> b.audioChannel(1)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("audio slot is 1; this echo probe has 1 slots, allowed 0..0");
            assertThatThrownBy(() -> new EchoProbePipeline(false, -1)).hasMessageContaining("echo probe audio slots is -1");
        }
    }

    @Test
    void anAudiblePipelineMetersTheLoudspeakerBinsSinkPad() {
        GstTestSupport.requireElements("autoaudiosink");
        try (EchoProbePipeline speaker = new EchoProbePipeline(true, 1)) {
            assertThat(speaker.audioChannel(0)).startsWith(speaker.probeName());
            assertThat(speaker.samplesPlayed()).as("nothing played before start").isZero();
        }
    }

    private static void awaitAtLeast(LongSupplier counter, long atLeast) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT_NANOS;
        while (counter.getAsLong() < atLeast && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
    }
}

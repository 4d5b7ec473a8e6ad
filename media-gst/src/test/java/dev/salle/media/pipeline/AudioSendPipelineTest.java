package dev.salle.media.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.salle.media.rtp.OpusToc;
import dev.salle.media.rtp.RtpPacket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AudioSendPipelineTest {

    private final BlockingQueue<byte[]> packets = new LinkedBlockingQueue<>();

    @BeforeEach
    void requireElements() {
        GstTestSupport.requireElements("audiotestsrc", "webrtcdsp", "webrtcechoprobe", "opusenc", "rtpopuspay", "appsink");
    }

    @Test
    void sendsOpusRtpIn20MillisecondPacketsThroughWebrtcDsp() throws Exception {
        List<byte[]> received = new ArrayList<>();
        List<PipelineEvent> events = new CopyOnWriteArrayList<>();
        String probeInUse;

        try (EchoProbePipeline probe = new EchoProbePipeline(false);
                AudioSendPipeline audio = new AudioSendPipeline(AudioSendConfig.defaults(), GstTestSupport.silentTone(),
                        probe, packets::add)) {
            probe.addListener(events::add);
            audio.addListener(events::add);
            probe.start();
            audio.start();
            GstTestSupport.drainUntil(packets, received, list -> list.size() >= 50, 1_000, 10_000);
            probeInUse = audio.dspProbeName();
            assertThat(probeInUse).isEqualTo(probe.probeName());
        }

        assertThat(received).hasSizeGreaterThanOrEqualTo(50);
        List<RtpPacket> rtp = received.stream().map(RtpPacket::parse).toList();
        assertThat(rtp).allSatisfy(p -> assertThat(p.payloadType()).isEqualTo(111));
        for (int i = 1; i < rtp.size(); i++) {
            assertThat(rtp.get(i).sequenceNumber()).isEqualTo((rtp.get(i - 1).sequenceNumber() + 1) & 0xFFFF);
        }
        // The first step is shorter: opusenc stamps its first packet after the 312-sample lookahead.
        List<Long> deltas = deltas(rtp);
        assertThat(deltas.get(0)).isBetween(1L, 960L);
        assertThat(deltas.subList(1, deltas.size())).as("RTP clock 48 kHz, 20 ms packets").containsOnly(960L);
        assertThat(rtp).allSatisfy(p -> {
            OpusToc toc = OpusToc.parse(p.payload());
            assertThat(toc.frameCountCode()).isZero();
            assertThat(toc.frameDurationMicros()).isEqualTo(20_000);
        });
        assertThat(events).noneMatch(e -> e instanceof PipelineEvent.Error);
        assertThat(events).contains(new PipelineEvent.Started(AudioSendPipeline.NAME));
    }

    @Test
    void startingWithAClosedEchoProbeIsRefusedNamingTheProbe() {
        EchoProbePipeline probe = new EchoProbePipeline(false);
        probe.close();

        try (AudioSendPipeline audio = new AudioSendPipeline(AudioSendConfig.defaults(), GstTestSupport.silentTone(),
                probe, packets::add)) {
            org.assertj.core.api.Assertions.assertThatThrownBy(audio::start)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining(probe.probeName())
                    .hasMessageContaining("create the EchoProbePipeline first");
        }
    }

    private static List<Long> deltas(List<RtpPacket> rtp) {
        List<Long> out = new ArrayList<>();
        for (int i = 1; i < rtp.size(); i++) {
            out.add(rtp.get(i).timestamp() - rtp.get(i - 1).timestamp());
        }
        return out;
    }
}

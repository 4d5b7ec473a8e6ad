package dev.salle.bridge.signal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.salle.bridge.config.BridgeLimits;
import dev.salle.bridge.signal.SignalFixture.Joined;
import java.time.Duration;
import java.util.Arrays;
import livekit.LivekitModels.ParticipantInfo;
import livekit.LivekitRtc.SignalRequest;
import livekit.LivekitRtc.SignalResponse.MessageCase;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SignallingBadFrameTest {

    private static final int LIMIT = 2048;

    private final SignalFixture f = new SignalFixture(new BridgeLimits(100, 100, LIMIT, 16 * 1024));

    @AfterEach
    void stop() {
        f.close();
    }

    @Test
    void aMalformedFrameClosesOnlyThatSocketWithTheDecodeReason() {
        Joined good = f.join("good");
        Joined bad = f.join("bad");
        good.client().await(MessageCase.UPDATE);

        bad.client().sendRaw(new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff});

        SignalClient.Closed closed = bad.client().awaitClosed();
        assertThat(closed.code()).isEqualTo(1007);
        assertThat(closed.reason()).contains("not_protobuf");
        ParticipantInfo gone = good.client().await(MessageCase.UPDATE).getUpdate().getParticipants(0);
        assertThat(gone.getSid()).isEqualTo(bad.sid());
        assertThat(gone.getState()).isEqualTo(ParticipantInfo.State.DISCONNECTED);
        good.client().send(SignalRequest.newBuilder().setPing(1).build());
        good.client().await(MessageCase.PONG);
        SignalClient.assertOpen(good.client());
        assertThat(f.metrics()).contains("salle_bridge_signal_rejected_frames_total{reason=\"not_protobuf\"} 1")
                .contains("salle_bridge_participants 1");
    }

    @Test
    void anEmptyFrameIsRefusedAsEmpty() {
        Joined bad = f.join("bad");

        bad.client().sendRaw(new byte[0]);

        assertThat(bad.client().awaitClosed().reason()).contains("empty");
        assertThat(f.metrics()).contains("salle_bridge_signal_rejected_frames_total{reason=\"empty\"} 1");
    }

    @Test
    void aTextFrameIsRefusedBecauseSignallingIsBinary() {
        Joined bad = f.join("bad");

        bad.client().sendText("{\"ping\": 1}");

        SignalClient.Closed closed = bad.client().awaitClosed();
        assertThat(closed.code()).isEqualTo(1003);
        assertThat(closed.reason()).contains("text_frame");
        assertThat(f.metrics()).contains("salle_bridge_signal_rejected_frames_total{reason=\"text_frame\"} 1");
    }

    @Test
    void aFrameOverTheSignallingLimitIsRefusedAndTheParticipantRemoved() {
        Joined good = f.join("good");
        Joined big = f.join("big");
        good.client().await(MessageCase.UPDATE);
        byte[] frame = new byte[LIMIT + 1];
        Arrays.fill(frame, (byte) 'a');

        big.client().sendRaw(frame);

        assertThat(big.client().awaitClosed().code()).isEqualTo(1009);
        assertThat(good.client().await(MessageCase.UPDATE).getUpdate().getParticipants(0).getState())
                .isEqualTo(ParticipantInfo.State.DISCONNECTED);
        Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(f.metrics())
                .contains("salle_bridge_signal_rejected_frames_total{reason=\"too_large\"} 1")
                .contains("salle_bridge_participants 1"));
    }
}

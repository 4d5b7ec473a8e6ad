package dev.salle.livekitproto;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.InvalidProtocolBufferException;
import livekit.LivekitModels.TrackSource;
import livekit.LivekitRtc.SignalRequest;
import livekit.LivekitRtc.SignalResponse;
import org.junit.jupiter.api.Test;

class GeneratedMessagesTest {

    @Test
    void signalRequestWithPingSurvivesARoundTripThroughBytes() throws InvalidProtocolBufferException {
        SignalRequest sent = SignalRequest.newBuilder().setPing(1_700_000_000_123L).build();

        SignalRequest received = SignalRequest.parseFrom(sent.toByteArray());

        assertThat(received.getMessageCase()).isEqualTo(SignalRequest.MessageCase.PING);
        assertThat(received.getPing()).isEqualTo(1_700_000_000_123L);
    }

    @Test
    void oneofFieldNumbersMatchTheWireProtocol() {
        // Field numbers are the wire contract with LiveKit clients; a changed .proto would break them.
        assertThat(SignalRequest.PING_FIELD_NUMBER).isEqualTo(14);
        assertThat(SignalRequest.PING_REQ_FIELD_NUMBER).isEqualTo(16);
        assertThat(SignalResponse.JOIN_FIELD_NUMBER).isEqualTo(1);
        assertThat(SignalResponse.PONG_RESP_FIELD_NUMBER).isEqualTo(20);
        assertThat(TrackSource.SCREEN_SHARE_AUDIO.getNumber()).isEqualTo(4);
    }
}

package dev.salle.rtc.signal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.salle.rtc.signal.SignalDecodeException.Reason;
import java.nio.ByteBuffer;
import java.util.Arrays;
import livekit.LivekitRtc.Ping;
import livekit.LivekitRtc.Pong;
import livekit.LivekitRtc.SessionDescription;
import livekit.LivekitRtc.SignalRequest;
import livekit.LivekitRtc.SignalResponse;
import livekit.LivekitRtc.SignalTarget;
import livekit.LivekitRtc.TrickleRequest;
import org.junit.jupiter.api.Test;

class SignalCodecTest {

    private final SignalCodec codec = new SignalCodec();

    private static SignalRequest offer(int sdpChars) {
        return SignalRequest.newBuilder()
                .setOffer(SessionDescription.newBuilder().setType("offer").setSdp("v=0\r\n" + "a".repeat(sdpChars)))
                .build();
    }

    private static void assertRefused(SignalCodec codec, byte[] frame, Reason reason) {
        assertThatThrownBy(() -> codec.decodeRequest(frame))
                .isInstanceOfSatisfying(SignalDecodeException.class, e -> assertThat(e.reason()).isEqualTo(reason))
                .hasMessageContaining(frame.length + " bytes");
    }

    @Test
    void decodesWhatTheClientEncoded() throws Exception {
        SignalRequest trickle = SignalRequest.newBuilder().setTrickle(TrickleRequest.newBuilder()
                .setCandidateInit("{\"candidate\":\"candidate:1 1 udp 2122260223 127.0.0.1 50000 typ host\"}")
                .setTarget(SignalTarget.SUBSCRIBER)).build();

        SignalRequest decoded = codec.decodeRequest(codec.encodeRequest(trickle));

        assertThat(decoded).isEqualTo(trickle);
        assertThat(decoded.getTrickle().getTarget()).isEqualTo(SignalTarget.SUBSCRIBER);
    }

    @Test
    void decodesAByteBufferWithoutMovingIt() throws Exception {
        byte[] bytes = codec.encodeRequest(SignalRequest.newBuilder()
                .setPingReq(Ping.newBuilder().setTimestamp(1234).setRtt(20)).build());
        ByteBuffer frame = ByteBuffer.allocate(bytes.length + 4).put(new byte[] {9, 9}).put(bytes).put(new byte[] {9, 9});
        frame.position(2).limit(2 + bytes.length);

        SignalRequest decoded = codec.decodeRequest(frame);

        assertThat(decoded.getPingReq().getTimestamp()).isEqualTo(1234);
        assertThat(frame.position()).isEqualTo(2);
        assertThat(frame.remaining()).isEqualTo(bytes.length);
    }

    @Test
    void refusesAnEmptyFrame() {
        assertRefused(codec, new byte[0], Reason.EMPTY);
    }

    @Test
    void refusesGarbage() {
        assertRefused(codec, new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff}, Reason.NOT_PROTOBUF);
        assertRefused(codec, "{\"ping\":1}".getBytes(java.nio.charset.StandardCharsets.UTF_8), Reason.NOT_PROTOBUF);
    }

    @Test
    void refusesATruncatedFrameAtEveryCut() {
        byte[] whole = offer(200).toByteArray();

        for (int cut = 1; cut < whole.length; cut++) {
            assertRefused(codec, Arrays.copyOf(whole, cut), Reason.NOT_PROTOBUF);
        }
    }

    @Test
    void refusesAFrameWithOnlyUnknownFields() {
        // field 99, varint 1: a oneof member from some future protocol
        byte[] future = {(byte) 0x98, 0x06, 0x01};

        assertRefused(codec, future, Reason.UNKNOWN_MESSAGE);
    }

    @Test
    void refusesAKnownFieldSentWithTheWrongWireType() {
        // field 14 (ping, an int64) sent length-delimited: protobuf keeps it as an unknown field
        byte[] wrongType = {0x72, 0x01, 0x00};

        assertRefused(codec, wrongType, Reason.UNKNOWN_MESSAGE);
    }

    @Test
    void acceptsAFrameOfExactlyTheLimitAndRefusesOneByteMore() throws Exception {
        byte[] frame = offer(100).toByteArray();
        SignalCodec exact = new SignalCodec(frame.length);
        SignalCodec tight = new SignalCodec(frame.length - 1);

        assertThat(exact.decodeRequest(frame).getOffer().getType()).isEqualTo("offer");
        assertRefused(tight, frame, Reason.TOO_LARGE);
    }

    @Test
    void theDefaultLimitIsOneMebibyte() {
        byte[] frame = offer(SignalCodec.DEFAULT_MAX_FRAME_BYTES).toByteArray();

        assertThat(codec.maxFrameBytes()).isEqualTo(1024 * 1024);
        assertRefused(codec, frame, Reason.TOO_LARGE);
    }

    @Test
    void encodesAResponseTheClientSideDecodes() throws Exception {
        SignalResponse pong = SignalResponse.newBuilder()
                .setPongResp(Pong.newBuilder().setLastPingTimestamp(1234).setTimestamp(5678)).build();

        SignalResponse decoded = codec.decodeResponse(codec.encodeResponse(pong));

        assertThat(decoded.getMessageCase()).isEqualTo(SignalResponse.MessageCase.PONG_RESP);
        assertThat(decoded.getPongResp().getTimestamp()).isEqualTo(5678);
    }

    @Test
    void refusesToEncodeAMessageWithNothingSet() {
        assertThatThrownBy(() -> codec.encodeResponse(SignalResponse.getDefaultInstance()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no message set");
        assertThatThrownBy(() -> codec.encodeRequest(SignalRequest.getDefaultInstance()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no message set");
    }

    @Test
    void refusesANonPositiveLimit() {
        assertThatThrownBy(() -> new SignalCodec(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("got 0");
    }

    @Test
    void theClientSideRefusesGarbageToo() {
        assertThatThrownBy(() -> codec.decodeResponse(new byte[] {0x0a, 0x05, 0x01}))
                .isInstanceOfSatisfying(SignalDecodeException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.NOT_PROTOBUF));
    }
}

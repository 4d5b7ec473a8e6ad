package dev.salle.rtc.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.salle.rtc.signal.SignalCodec;
import dev.salle.testkit.FakeClock;
import dev.salle.testkit.FakeScheduler;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import livekit.LivekitRtc.JoinResponse;
import livekit.LivekitRtc.Pong;
import livekit.LivekitRtc.SignalRequest;
import livekit.LivekitRtc.SignalResponse;
import org.junit.jupiter.api.Test;

/** The connection's frame handling and timers, driven through a fake WebSocket and a fake scheduler. */
class SignalConnectionTest {

    private final FakeClock clock = new FakeClock();
    private final FakeScheduler scheduler = new FakeScheduler(clock);
    private final SignalCodec codec = new SignalCodec();
    private final List<SignalResponse> messages = new ArrayList<>();
    private final List<SignalClosed> closes = new ArrayList<>();
    private final SignalConnection connection = new SignalConnection(codec, clock, scheduler, new SignalListener() {
        @Override
        public void onMessage(SignalResponse message) {
            messages.add(message);
        }

        @Override
        public void onClosed(SignalClosed closed) {
            closes.add(closed);
        }
    });
    private final FakeWebSocket socket = new FakeWebSocket();
    private final WebSocket.Listener adapter = connection.adapter();

    private void receive(byte[] frame) {
        adapter.onBinary(socket, ByteBuffer.wrap(frame), true);
    }

    private void joined(int pingInterval, int pingTimeout) {
        connection.opened(socket, Duration.ofSeconds(10));
        receive(codec.encodeResponse(SignalResponse.newBuilder().setJoin(JoinResponse.newBuilder()
                .setPingInterval(pingInterval).setPingTimeout(pingTimeout)).build()));
        assertThat(connection.joined()).isCompletedWithValue(connection);
    }

    @Test
    void aFrameThatIsNotProtobufIsCountedAndClosesTheConnection() {
        joined(5, 15);

        receive(new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff});

        assertThat(connection.badFrames()).isEqualTo(1);
        assertThat(closes).singleElement().satisfies(c -> {
            assertThat(c.reason()).isEqualTo(SignalClosed.Reason.BAD_FRAME);
            assertThat(c.message()).contains("not a SignalResponse");
        });
        assertThat(socket.closeCode).isEqualTo(1002);
        assertThat(messages).isEmpty();
    }

    @Test
    void aTextFrameIsABadFrame() {
        joined(5, 15);
        adapter.onText(socket, "{\"join\":{}}", true);
        assertThat(closes).singleElement().extracting(SignalClosed::reason).isEqualTo(SignalClosed.Reason.BAD_FRAME);
    }

    @Test
    void aMessageFromANewerProtocolIsCountedAndSkipped() {
        joined(5, 15);
        // field 999, varint 1: a oneof member this code does not know
        receive(new byte[] {(byte) 0xb8, 0x3e, 0x01});

        assertThat(connection.unknownMessages()).isEqualTo(1);
        assertThat(closes).isEmpty();
    }

    @Test
    void aFirstMessageThatIsNotAJoinResponseFailsTheConnect() {
        connection.opened(socket, Duration.ofSeconds(10));
        receive(codec.encodeResponse(SignalResponse.newBuilder().setPong(1).build()));

        assertThat(connection.joined()).isCompletedExceptionally();
        assertThat(socket.aborted).isTrue();
        assertThat(reasonOfFailure()).isEqualTo(SignalConnectException.Reason.PROTOCOL);
    }

    @Test
    void noJoinResponseWithinTheJoinTimeoutFailsTheConnect() {
        connection.opened(socket, Duration.ofSeconds(10));
        scheduler.advance(Duration.ofSeconds(10));

        assertThat(reasonOfFailure()).isEqualTo(SignalConnectException.Reason.JOIN_TIMEOUT);
        assertThat(socket.aborted).isTrue();
    }

    @Test
    void thePingLoopSendsPingReqWithTheClockAndMeasuresTheRoundTrip() throws Exception {
        joined(5, 15);

        scheduler.advance(Duration.ofSeconds(5));
        SignalRequest ping = SignalRequest.parseFrom(socket.sent.getLast());
        assertThat(ping.getPingReq().getTimestamp()).isEqualTo(clock.millis());
        clock.advance(Duration.ofMillis(40));
        receive(codec.encodeResponse(SignalResponse.newBuilder().setPongResp(Pong.newBuilder()
                .setLastPingTimestamp(ping.getPingReq().getTimestamp()).setTimestamp(1)).build()));

        assertThat(connection.rttMillis()).isEqualTo(40);
        scheduler.advance(Duration.ofSeconds(5));
        assertThat(SignalRequest.parseFrom(socket.sent.getLast()).getPingReq().getRtt()).isEqualTo(40);
        assertThat(messages).extracting(SignalResponse::getMessageCase).contains(SignalResponse.MessageCase.PONG_RESP);
    }

    @Test
    void silenceLongerThanThePingTimeoutLosesTheConnection() {
        joined(5, 15);

        scheduler.advance(Duration.ofSeconds(20));

        assertThat(closes).singleElement().extracting(SignalClosed::reason).isEqualTo(SignalClosed.Reason.PING_TIMEOUT);
        assertThat(socket.aborted).isTrue();
        assertThat(scheduler.pendingTasks()).isZero();
    }

    @Test
    void closeSendsLeaveThenACloseFrameAndTellsTheListenerOnce() throws Exception {
        joined(5, 15);

        connection.close();
        connection.close();

        assertThat(SignalRequest.parseFrom(socket.sent.getLast()).hasLeave()).isTrue();
        assertThat(socket.closeCode).isEqualTo(1000);
        assertThat(closes).singleElement().extracting(SignalClosed::reason).isEqualTo(SignalClosed.Reason.CLIENT_CLOSED);
        assertThat(connection.mute("TR_x", true)).isCompletedExceptionally();
    }

    @Test
    void dropClosesWithoutALeaveSoTheServerKeepsTheParticipantForAResume() throws Exception {
        joined(5, 15);
        int sentBefore = socket.sent.size();

        connection.drop();
        connection.drop();

        for (byte[] frame : socket.sent.subList(sentBefore, socket.sent.size())) {
            assertThat(SignalRequest.parseFrom(frame).hasLeave()).isFalse();
        }
        assertThat(socket.closeCode).isEqualTo(1000);
        assertThat(closes).singleElement().extracting(SignalClosed::reason).isEqualTo(SignalClosed.Reason.CLIENT_CLOSED);
    }

    @Test
    void theConnectUrlIsTheV0QueryOnTheRoomApisUrl() {
        LiveKitSignalClient client = new LiveKitSignalClient(HttpClient.newHttpClient(), clock, scheduler, "0.1.0",
                Duration.ofSeconds(5));
        assertThat(client.rtcUri(URI.create("https://visio.example/"), "a.b.c").toString())
                .isEqualTo("wss://visio.example/rtc?access_token=a.b.c&auto_subscribe=1&sdk=salle&version=0.1.0"
                        + "&protocol=17");
        assertThat(client.rtcUri(URI.create("ws://127.0.0.1:7880"), "t").toString()).startsWith("ws://127.0.0.1:7880/rtc?");
    }

    private SignalConnectException.Reason reasonOfFailure() {
        try {
            connection.joined().get();
        } catch (ExecutionException e) {
            return ((SignalConnectException) e.getCause()).reason();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
        throw new AssertionError("joined");
    }
}

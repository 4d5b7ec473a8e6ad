package dev.salle.bridge.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.salle.rtc.client.LiveKitSignalClient;
import dev.salle.rtc.client.SignalClosed;
import dev.salle.rtc.client.SignalConnectException;
import dev.salle.rtc.client.SignalConnection;
import dev.salle.testkit.FakeClock;
import dev.salle.testkit.FakeScheduler;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import livekit.LivekitModels.ParticipantInfo;
import livekit.LivekitRtc.SignalResponse.MessageCase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LiveKitSignalClientBridgeTest {

    private static final String ROOM = "abc-defg-hij";

    private final ClientBridge bridge = new ClientBridge();
    private final HttpClient http = HttpClient.newHttpClient();
    private final FakeClock clock = new FakeClock();
    private final FakeScheduler scheduler = new FakeScheduler(clock);
    private final LiveKitSignalClient client = new LiveKitSignalClient(http, clock, scheduler, "0.1.0",
            Duration.ofSeconds(10));

    @AfterEach
    void close() {
        bridge.close();
        http.shutdownNow();
    }

    private SignalConnection join(String identity, RecordingSignalListener listener) throws Exception {
        return client.connect(bridge.livekitUrl(), bridge.token(identity, ROOM), listener).get(10, TimeUnit.SECONDS);
    }

    private static SignalConnectException connectFailure(java.util.concurrent.CompletableFuture<?> f)
            throws Exception {
        try {
            f.get(15, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            assertThat(e.getCause()).isInstanceOf(SignalConnectException.class);
            return (SignalConnectException) e.getCause();
        }
        throw new AssertionError("the connection succeeded");
    }

    @Test
    void joiningGivesTheJoinResponseAndAnotherParticipantArrivesAsAnUpdate() throws Exception {
        RecordingSignalListener device = new RecordingSignalListener();
        SignalConnection c = join("salle-2", device);

        assertThat(c.joinResponse().getRoom().getName()).isEqualTo(ROOM);
        assertThat(c.joinResponse().getParticipant().getIdentity()).isEqualTo("salle-2");
        assertThat(c.joinResponse().getServerInfo().getVersion()).isNotEmpty();

        SignalConnection other = join("alice", new RecordingSignalListener());
        await().atMost(Duration.ofSeconds(10)).until(() -> device.messages.stream()
                .filter(m -> m.getMessageCase() == MessageCase.UPDATE)
                .flatMap(m -> m.getUpdate().getParticipantsList().stream())
                .map(ParticipantInfo::getIdentity).anyMatch("alice"::equals));
        other.close();
        c.close();
        assertThat(device.awaitClosed().reason()).isEqualTo(SignalClosed.Reason.CLIENT_CLOSED);
    }

    @Test
    void aResumeGetsTheReconnectResponseKeepsTheSidAndReplacesTheOldConnection() throws Exception {
        RecordingSignalListener first = new RecordingSignalListener();
        SignalConnection c = join("salle-2", first);
        String sid = c.joinResponse().getParticipant().getSid();

        RecordingSignalListener second = new RecordingSignalListener();
        SignalConnection resumed = client.resume(bridge.livekitUrl(), bridge.token("salle-2", ROOM), sid,
                c.joinResponse(), second).get(10, TimeUnit.SECONDS);

        assertThat(resumed.reconnectResponse()).isPresent();
        assertThat(resumed.reconnectResponse().get().getServerInfo().getVersion()).isNotEmpty();
        assertThat(resumed.joinResponse().getParticipant().getSid()).isEqualTo(sid);
        assertThat(first.awaitClosed().reason()).isEqualTo(SignalClosed.Reason.SERVER_CLOSED);
        await().atMost(Duration.ofSeconds(10)).until(() -> second.messages.stream()
                .filter(m -> m.getMessageCase() == MessageCase.UPDATE)
                .flatMap(m -> m.getUpdate().getParticipantsList().stream()).map(ParticipantInfo::getSid)
                .anyMatch(sid::equals));
        resumed.close();
    }

    @Test
    void aResumeOfASessionTheServerDoesNotHoldIsRefused() throws Exception {
        SignalConnection c = join("salle-2", new RecordingSignalListener());

        SignalConnectException e = connectFailure(client.resume(bridge.livekitUrl(), bridge.token("salle-2", ROOM),
                "PA_000000000000", c.joinResponse(), new RecordingSignalListener()));

        assertThat(e.reason()).isEqualTo(SignalConnectException.Reason.RESUME_REFUSED);
        assertThat(e.getMessage()).contains("STATE_MISMATCH").contains("join again");
        c.close();
    }

    @Test
    void pingsAnsweredByPongsKeepTheConnectionAliveBeyondThePingTimeout() throws Exception {
        RecordingSignalListener device = new RecordingSignalListener();
        SignalConnection c = join("salle-2", device);
        int interval = c.joinResponse().getPingInterval();
        int timeout = c.joinResponse().getPingTimeout();
        assertThat(interval).isPositive();

        int rounds = timeout / interval + 2;
        for (int i = 1; i <= rounds; i++) {
            scheduler.advance(Duration.ofSeconds(interval));
            long want = i;
            await().atMost(Duration.ofSeconds(10)).until(() -> device.count(MessageCase.PONG_RESP) >= want);
        }

        assertThat(c.isClosed()).isFalse();
        assertThat(device.closed).isNotDone();
        c.close();
    }

    @Test
    void noPongWithinThePingTimeoutDeclaresTheConnectionLost() throws Exception {
        RecordingSignalListener device = new RecordingSignalListener();
        SignalConnection c = join("salle-2", device);

        // Time jumps past the timeout before any ping went out, so nothing could have answered.
        clock.advance(Duration.ofSeconds(c.joinResponse().getPingTimeout() + 1L));
        scheduler.runDue();

        SignalClosed closed = device.awaitClosed();
        assertThat(closed.reason()).isEqualTo(SignalClosed.Reason.PING_TIMEOUT);
        assertThat(closed.message()).contains("ping timeout");
        assertThat(c.isClosed()).isTrue();
    }

    @Test
    void aTokenSignedWithAnotherSecretFailsWithTheServersReason() throws Exception {
        String forged = new dev.salle.rtc.token.AccessTokenMinter(
                dev.salle.rtc.token.ApiKeys.parse(ClientBridge.KEY + ": another-secret-that-is-long-enough-0123"),
                ClientBridge.KEY, bridge.bridgeClock)
                .mint(dev.salle.rtc.token.TokenRequest.joinRoom("mallory", ROOM)
                        .withGrant(dev.salle.rtc.token.VideoGrant.joinRoom(ROOM)));

        SignalConnectException e = connectFailure(client.connect(bridge.livekitUrl(), forged,
                new RecordingSignalListener()));

        assertThat(e.reason()).isEqualTo(SignalConnectException.Reason.UNAUTHORIZED);
        assertThat(e.getMessage()).contains("HTTP 401").contains("invalid token");
    }

    @Test
    void anExpiredTokenIsUnauthorized() throws Exception {
        String token = bridge.token("late", ROOM);
        bridge.bridgeClock.advance(Duration.ofDays(2));

        SignalConnectException e = connectFailure(client.connect(bridge.livekitUrl(), token,
                new RecordingSignalListener()));

        assertThat(e.reason()).isEqualTo(SignalConnectException.Reason.UNAUTHORIZED);
    }

    @Test
    void theServersShutdownLeaveReachesTheListenerThenTheClose() throws Exception {
        RecordingSignalListener device = new RecordingSignalListener();
        join("salle-2", device);

        bridge.close();

        SignalClosed closed = device.awaitClosed();
        assertThat(device.count(MessageCase.LEAVE)).as("the shutdown Leave, once").isEqualTo(1);
        assertThat(device.await(MessageCase.LEAVE).getLeave().getCanReconnect()).isFalse();
        assertThat(closed.reason()).isIn(SignalClosed.Reason.SERVER_CLOSED, SignalClosed.Reason.TRANSPORT_ERROR);
    }

    @Test
    void aHostThatIsNotThereIsUnreachable() throws Exception {
        URI url = bridge.livekitUrl();
        bridge.close();

        SignalConnectException e = connectFailure(client.connect(url, "x.y.z", new RecordingSignalListener()));

        assertThat(e.reason()).isEqualTo(SignalConnectException.Reason.UNREACHABLE);
        assertThat(e.getMessage()).contains(url.toString());
    }
}

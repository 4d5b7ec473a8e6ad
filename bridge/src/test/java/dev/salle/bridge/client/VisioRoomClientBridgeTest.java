package dev.salle.bridge.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.salle.rtc.client.LiveKitAccess;
import dev.salle.rtc.client.MeetingUrl;
import dev.salle.rtc.client.RoomJoinException;
import dev.salle.rtc.client.RoomJoinException.Failure;
import dev.salle.rtc.client.VisioRoomClient;
import dev.salle.rtc.token.AccessTokenVerifier;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class VisioRoomClientBridgeTest {

    private final ClientBridge bridge = new ClientBridge();
    private final HttpClient http = HttpClient.newHttpClient();
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final VisioRoomClient client = new VisioRoomClient(http, scheduler, Clock.systemUTC(),
            Duration.ofMillis(50), Duration.ofSeconds(20));

    @AfterEach
    void close() {
        scheduler.shutdownNow();
        http.shutdownNow();
        bridge.close();
    }

    private MeetingUrl meeting(String slug) {
        return MeetingUrl.parse(bridge.bridge.httpUri() + "/" + slug);
    }

    private static Throwable failureOf(CompletableFuture<?> f) {
        try {
            f.get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            return e.getCause() instanceof CompletionException c ? c.getCause() : e.getCause();
        }
        throw new AssertionError("the join succeeded");
    }

    @Test
    void anOpenRoomGivesATokenForItsLiveKitRoomAtOnce() throws Exception {
        AtomicInteger waits = new AtomicInteger();
        LiveKitAccess access = client.join(meeting("abc-defg-hij"), "Salle 2", (name, since) -> waits.incrementAndGet())
                .get(10, TimeUnit.SECONDS);

        assertThat(access.url()).isEqualTo(bridge.livekitUrl());
        assertThat(access.room()).isEqualTo("abc-defg-hij");
        new AccessTokenVerifier(bridge.keys, bridge.bridgeClock).verify(access.token()).joinCheck("abc-defg-hij");
        assertThat(waits).hasValue(0);
    }

    @Test
    void aRestrictedRoomWaitsInTheLobbyUntilTheHostAdmitsIt() throws Exception {
        JsonNode room = bridge.createRoom("bcd-efgh-ijk", "restricted");
        String id = room.get("id").asText();
        AtomicInteger waits = new AtomicInteger();
        CompletableFuture<LiveKitAccess> joining = client.join(meeting("bcd-efgh-ijk"), "Salle 2",
                (name, since) -> {
                    assertThat(name).isEqualTo("Board");
                    waits.incrementAndGet();
                });

        await().atMost(Duration.ofSeconds(10)).until(() -> bridge.waiting(id).size() == 1 && waits.get() >= 2);
        assertThat(joining).isNotDone();
        JsonNode guest = bridge.waiting(id).get(0);
        assertThat(guest.get("username").asText()).isEqualTo("Salle 2");
        assertThat(bridge.decide(id, guest.get("id").asText(), true)).isEqualTo(200);

        LiveKitAccess access = joining.get(10, TimeUnit.SECONDS);
        assertThat(access.room()).isEqualTo(id);
        var verified = new AccessTokenVerifier(bridge.keys, bridge.bridgeClock).verify(access.token());
        verified.joinCheck(id);
        assertThat(verified.identity()).as("the cookie kept one lobby identity").isEqualTo(guest.get("id").asText());
    }

    @Test
    void aDeniedRoomEndsAsDeniedWithoutAToken() throws Exception {
        String id = bridge.createRoom("cde-fghi-jkl", "restricted").get("id").asText();
        CompletableFuture<LiveKitAccess> joining = client.join(meeting("cde-fghi-jkl"), "Salle 2", (n, s) -> { });
        await().atMost(Duration.ofSeconds(10)).until(() -> bridge.waiting(id).size() == 1);

        bridge.decide(id, bridge.waiting(id).get(0).get("id").asText(), false);

        assertThat(failureOf(joining)).isInstanceOfSatisfying(RoomJoinException.class,
                e -> assertThat(e.failure()).isEqualTo(Failure.DENIED));
    }

    @Test
    void aServerThatIsNotThereIsUnreachable() {
        int port = bridge.bridge.httpUri().getPort();
        bridge.close();
        Throwable e = failureOf(client.join(MeetingUrl.parse("http://127.0.0.1:" + port + "/abc-defg-hij"), "Salle 2",
                (n, s) -> { }));
        assertThat(e).isInstanceOfSatisfying(RoomJoinException.class,
                x -> assertThat(x.failure()).isEqualTo(Failure.UNREACHABLE));
    }
}

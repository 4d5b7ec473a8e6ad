package dev.salle.rtc.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.salle.rtc.client.RoomJoinException.Failure;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The room client against a tiny JDK HTTP server on 127.0.0.1 that answers what each test says. */
class VisioRoomClientTest {

    private final HttpServer server;
    private final HttpClient http = HttpClient.newHttpClient();
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final VisioRoomClient client = new VisioRoomClient(http, scheduler, Clock.systemUTC(),
            Duration.ofMillis(20), Duration.ofMillis(300));
    private volatile int status = 200;
    private volatile String body = "{}";
    private volatile String entryBody = "{\"status\":\"waiting\"}";

    VisioRoomClientTest() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/api/v1.0/rooms/", ex -> {
            boolean entry = ex.getRequestURI().getPath().endsWith("/request-entry/");
            byte[] out = (entry ? entryBody : body).getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(entry ? 200 : status, out.length);
            ex.getResponseBody().write(out);
            ex.close();
        });
        server.start();
    }

    @AfterEach
    void close() {
        scheduler.shutdownNow();
        http.shutdownNow();
        server.stop(0);
    }

    private Failure failureOf(CompletableFuture<?> f) throws Exception {
        try {
            f.get(10, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            assertThat(e.getCause()).isInstanceOf(RoomJoinException.class).message().isNotBlank();
            return ((RoomJoinException) e.getCause()).failure();
        }
        throw new AssertionError("the join succeeded");
    }

    private CompletableFuture<LiveKitAccess> join() {
        return client.join(MeetingUrl.parse("http://127.0.0.1:" + server.getAddress().getPort() + "/abc-defg-hij"),
                "Salle 2", (n, s) -> { });
    }

    @Test
    void aMissingRoomIsNotFound() throws Exception {
        status = 404;
        body = "{\"detail\":\"No Room matches the given query.\"}";
        assertThat(failureOf(join())).isEqualTo(Failure.NOT_FOUND);
    }

    @Test
    void aServerErrorIsAServerError() throws Exception {
        status = 502;
        assertThat(failureOf(join())).isEqualTo(Failure.SERVER_ERROR);
    }

    @Test
    void aRefusedCallerIsTokenRejected() throws Exception {
        status = 401;
        assertThat(failureOf(join())).isEqualTo(Failure.TOKEN_REJECTED);
    }

    @Test
    void anHtmlPageInsteadOfJsonIsAMalformedAnswer() throws Exception {
        body = "<html>captive portal</html>";
        assertThat(failureOf(join())).isEqualTo(Failure.MALFORMED_ANSWER);
    }

    @Test
    void aLobbyNobodyAnswersEndsWhenTheBudgetRunsOut() throws Exception {
        body = "{\"id\":\"r1\",\"name\":\"Board\"}";
        assertThat(failureOf(join())).isEqualTo(Failure.WAIT_TIMED_OUT);
    }

    @Test
    void aBadLobbyAnswerStopsTheWait() throws Exception {
        body = "{\"id\":\"r1\"}";
        entryBody = "{\"status\":\"admitted-maybe\"}";
        assertThat(failureOf(join())).isEqualTo(Failure.MALFORMED_ANSWER);
    }
}

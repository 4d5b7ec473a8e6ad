package dev.salle.provisioning.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.salle.provisioning.ca.DeviceCa;
import dev.salle.provisioning.ca.DeviceKeys;
import dev.salle.provisioning.ca.IssuedIdentity;
import dev.salle.provisioning.ca.Pem;
import dev.salle.provisioning.device.EnrolmentFailure.Reason;
import dev.salle.provisioning.qr.EnrolmentPayload;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The enrolment client against a small JDK HTTPS server standing in for the enrolment service
 * (the real service's own tests drive the client's wire format end to end).
 */
class EnrolmentClientTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private DeviceCa ca;
    private HttpsServer server;
    private final AtomicReference<Function<JsonNode, Reply>> handler = new AtomicReference<>();

    record Reply(int status, String body) {
    }

    @BeforeEach
    void startServer() throws Exception {
        ca = DeviceCa.create(dir.resolve("ca"), "Org", Clock.systemUTC());
        server = serve(ca.issueServer("enrolment", java.util.List.of("127.0.0.1")));
        handler.set(this::issue);
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    @Test
    void enrolsWithAKeyMadeHereAndTheCertificateTheCaIssuedForIt() throws Exception {
        DeviceIdentity identity = new EnrolmentClient(Clock.systemUTC()).enrol(payload(ca.pin()));

        assertThat(identity.deviceId()).isEqualTo("d-test1");
        assertThat(identity.certificate().getSubjectX500Principal().getName()).startsWith("CN=d-test1");
        assertThat(identity.ca()).isEqualTo(ca.certificate());
        assertThat(identity.broker()).isEqualTo(URI.create("mqtts://127.0.0.1:8883"));
        assertThat(identity.meeting()).contains("https://visio.example/abc-defg-hij");
        assertThat(identity.toString()).doesNotContain("PRIVATE");
    }

    @Test
    void aServerCertifiedByAnotherCaIsTheWrongServer() throws Exception {
        DeviceCa other = DeviceCa.create(dir.resolve("other"), "Org", Clock.systemUTC());

        assertThatThrownBy(() -> new EnrolmentClient(Clock.systemUTC()).enrol(payload(other.pin())))
                .isInstanceOfSatisfying(EnrolmentFailure.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.WRONG_SERVER);
                    assertThat(e.reason().retryable()).isFalse();
                });
    }

    @Test
    void eachRefusalOfTheServerHasItsOwnReason() throws Exception {
        record Case(int status, String error, Reason reason) {
        }
        for (Case c : java.util.List.of(
                new Case(404, "unknown_code", Reason.CODE_UNKNOWN),
                new Case(409, "code_used", Reason.CODE_USED),
                new Case(410, "code_expired", Reason.CODE_EXPIRED),
                new Case(403, "code_revoked", Reason.CODE_REVOKED),
                new Case(429, "rate_limited", Reason.RATE_LIMITED),
                new Case(400, "bad_csr", Reason.REFUSED),
                new Case(503, "", Reason.SERVER_ERROR),
                new Case(418, "", Reason.BAD_REPLY))) {
            handler.set(request -> new Reply(c.status(), "{\"error\":\"" + c.error() + "\",\"message\":\"no\"}"));

            assertThatThrownBy(() -> new EnrolmentClient(Clock.systemUTC()).enrol(payload(ca.pin())))
                    .as("status %d %s", c.status(), c.error())
                    .isInstanceOfSatisfying(EnrolmentFailure.class, e -> assertThat(e.reason()).isEqualTo(c.reason()));
        }
    }

    @Test
    void repliesThatCannotBeTrustedAreRefused() throws Exception {
        String otherKeyCert = Pem.write(ca.issueDevice(
                Pem.certificationRequest(DeviceKeys.certificateRequest(DeviceKeys.generate())), "d-test1"), ca.certificate());
        for (Function<JsonNode, Reply> bad : java.util.List.<Function<JsonNode, Reply>>of(
                r -> new Reply(200, "not json"),
                r -> new Reply(200, "[]"),
                r -> new Reply(200, "{}"),
                r -> new Reply(200, "x".repeat(EnrolmentClient.MAX_REPLY + 10)),
                r -> new Reply(200, reply("d-test1", otherKeyCert, "mqtts://127.0.0.1:8883")),
                r -> new Reply(200, reply("d-other", chainFor(r, "d-test1"), "mqtts://127.0.0.1:8883")),
                r -> new Reply(200, reply("d-test1", chainFor(r, "d-test1"), "tcp://127.0.0.1:1883")),
                r -> new Reply(200, reply("../etc", chainFor(r, "d-test1"), "mqtts://127.0.0.1:8883")))) {
            handler.set(bad);

            assertThatThrownBy(() -> new EnrolmentClient(Clock.systemUTC()).enrol(payload(ca.pin())))
                    .isInstanceOfSatisfying(EnrolmentFailure.class, e -> assertThat(e.reason()).isEqualTo(Reason.BAD_REPLY));
        }
    }

    @Test
    void aServerThatIsNotThereIsUnreachableAndWorthRetrying() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        EnrolmentPayload payload = payload(ca.pin(), URI.create("https://127.0.0.1:" + closed + "/enrol"));

        assertThatThrownBy(() -> new EnrolmentClient(Clock.systemUTC()).enrol(payload))
                .isInstanceOfSatisfying(EnrolmentFailure.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.UNREACHABLE);
                    assertThat(e.reason().retryable()).isTrue();
                });
    }

    private Reply issue(JsonNode request) {
        return new Reply(200, reply("d-test1", chainFor(request, "d-test1"), "mqtts://127.0.0.1:8883"));
    }

    private String chainFor(JsonNode request, String id) {
        try {
            X509Certificate cert = ca.issueDevice(Pem.certificationRequest(request.get("csr").asText()), id);
            return Pem.write(cert, ca.certificate());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String reply(String id, String chain, String broker) {
        return JSON.createObjectNode().put("deviceId", id).put("certificateChain", chain).put("broker", broker)
                .put("topicPrefix", "salle/v1").put("site", "Préfecture du Rhône").put("room", "Salle Marianne")
                .put("meeting", "https://visio.example/abc-defg-hij").toString();
    }

    private EnrolmentPayload payload(byte[] pin) {
        return payload(pin, URI.create("https://127.0.0.1:" + server.getAddress().getPort() + "/enrol"));
    }

    private static EnrolmentPayload payload(byte[] pin, URI url) {
        return new EnrolmentPayload(url, new byte[16], pin, "Préfecture du Rhône", "Salle Marianne",
                Optional.of("https://visio.example/abc-defg-hij"), Instant.parse("2030-01-01T00:00:00Z"));
    }

    private HttpsServer serve(IssuedIdentity identity) throws Exception {
        KeyManagerFactory keys = KeyManagerFactory.getInstance("PKIX");
        keys.init(identity.keyStore("server", "pw".toCharArray()), "pw".toCharArray());
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(keys.getKeyManagers(), null, null);
        HttpsServer https = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 8);
        https.setHttpsConfigurator(new HttpsConfigurator(tls));
        https.createContext("/enrol", this::handle);
        https.start();
        return https;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            JsonNode request = JSON.readTree(exchange.getRequestBody());
            Reply reply = handler.get().apply(request);
            byte[] body = reply.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(reply.status(), body.length);
            exchange.getResponseBody().write(body);
        }
    }
}

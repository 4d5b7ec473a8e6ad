package dev.salle.provisioning.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.salle.provisioning.ca.DeviceKeys;
import dev.salle.provisioning.ca.Pem;
import dev.salle.provisioning.device.DeviceIdentity;
import dev.salle.provisioning.device.EnrolmentClient;
import dev.salle.provisioning.device.EnrolmentFailure;
import dev.salle.provisioning.qr.EnrolmentPayload;
import dev.salle.provisioning.qr.PayloadVerifier;
import dev.salle.testkit.FakeClock;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The enrolment service over real HTTPS on loopback, with the device's real client where it fits. */
class EnrolmentServerTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private final FakeClock clock = new FakeClock(Instant.parse("2026-11-22T10:00:00Z"));
    private ProvisioningAdmin admin;
    private EnrolmentService service;
    private EnrolmentServer server;
    private URI url;

    @BeforeEach
    void start() {
        admin = ProvisioningAdmin.init(dir, "Préfecture du Rhône", URI.create("https://127.0.0.1:8443/enrol"),
                URI.create("mqtts://127.0.0.1:8883"), clock);
        startServer(GENEROUS.apply(clock), 0);
    }

    /** Most tests send more than a real device would; the limit has a test of its own. */
    private static final java.util.function.Function<FakeClock, SourceRateLimiter> GENEROUS =
            c -> new SourceRateLimiter(1000, Duration.ofMillis(1), 100, c);

    private void startServer(SourceRateLimiter limiter, int port) {
        service = admin.service("salle/v1");
        server = new EnrolmentServer("127.0.0.1", port, admin.ca().issueServer("enrolment", List.of("127.0.0.1")), service,
                limiter, admin::crlPem);
        server.start();
        url = server.enrolmentUrl("127.0.0.1");
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void aDeviceEnrolsWithItsCodeAndGetsItsCertificateAndSettings() throws Exception {
        IssuedCode code = admin.issueCode("Préfecture du Rhône", "Salle Marianne",
                Optional.of("https://visio.example/abc-defg-hij"), Duration.ofDays(7), url);

        DeviceIdentity identity = new EnrolmentClient(clock).enrol(verify(code));

        assertThat(identity.deviceId()).matches("d-[a-z2-7]{12}");
        assertThat(identity.room()).isEqualTo("Salle Marianne");
        assertThat(identity.meeting()).contains("https://visio.example/abc-defg-hij");
        assertThat(identity.broker()).isEqualTo(URI.create("mqtts://127.0.0.1:8883"));
        assertThat(admin.registry().code(code.code().id()).orElseThrow().state()).isEqualTo(EnrolmentCode.State.USED);
        assertThat(admin.devices()).singleElement().satisfies(d -> {
            assertThat(d.id()).isEqualTo(identity.deviceId());
            assertThat(d.serialHex()).isEqualTo(identity.certificate().getSerialNumber().toString(16));
        });
        assertThat(service.outcomes()).containsEntry("enrolled", 1L);
    }

    @Test
    void aCodeWorksOnceAndIsStillUsedAfterARestart() throws Exception {
        IssuedCode code = admin.issueCode("Site", "Room", Optional.empty(), Duration.ofDays(1), url);
        new EnrolmentClient(clock).enrol(verify(code));
        int port = server.port();
        server.close();
        admin = ProvisioningAdmin.open(dir, clock);
        startServer(GENEROUS.apply(clock), port);

        assertThatThrownBy(() -> new EnrolmentClient(clock).enrol(verify(code)))
                .isInstanceOfSatisfying(EnrolmentFailure.class,
                        e -> assertThat(e.reason()).isEqualTo(EnrolmentFailure.Reason.CODE_USED));
    }

    @Test
    void unknownExpiredAndRevokedCodesAreRefusedEachWithItsOwnError() throws Exception {
        IssuedCode expiring = admin.issueCode("Site", "Room A", Optional.empty(), Duration.ofHours(1), url);
        IssuedCode revoked = admin.issueCode("Site", "Room B", Optional.empty(), Duration.ofDays(1), url);
        admin.revoke(revoked.code().id());
        byte[] unknown = new byte[16];
        byte[] expiringCode = codeOf(expiring);

        assertThat(post(body(unknown, csr())).statusCode()).isEqualTo(404);
        assertThat(error(post(body(unknown, csr())))).isEqualTo("unknown_code");
        assertThat(error(post(body(codeOf(revoked), csr())))).isEqualTo("code_revoked");
        clock.advance(Duration.ofHours(2));
        HttpResponse<String> expired = post(body(expiringCode, csr()));
        assertThat(expired.statusCode()).isEqualTo(410);
        assertThat(error(expired)).isEqualTo("code_expired");
        assertThat(admin.devices()).isEmpty();
    }

    @Test
    void aBadCertificateRequestIsRefusedWithoutUsingTheCodeUp() throws Exception {
        IssuedCode code = admin.issueCode("Site", "Room", Optional.empty(), Duration.ofDays(1), url);
        String genuine = csr();
        int at = genuine.indexOf("-----END") - 12;
        String tampered = genuine.substring(0, at) + (genuine.charAt(at) == 'A' ? 'B' : 'A') + genuine.substring(at + 1);

        assertThat(error(post(body(codeOf(code), "not a csr")))).isEqualTo("bad_csr");
        HttpResponse<String> damaged = post(body(codeOf(code), tampered));
        assertThat(damaged.statusCode()).as(damaged.body()).isEqualTo(400);
        assertThat(error(damaged)).isEqualTo("bad_csr");
        HttpResponse<String> good = post(body(codeOf(code), csr()));

        assertThat(good.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(good.body()).get("certificateChain").asText()).contains("BEGIN CERTIFICATE");
    }

    @Test
    void malformedRequestsAreRefusedAndChangeNothing() throws Exception {
        IssuedCode code = admin.issueCode("Site", "Room", Optional.empty(), Duration.ofDays(1), url);
        String c = Base64.getUrlEncoder().withoutPadding().encodeToString(codeOf(code));

        for (String bad : List.of("", "null", "[]", "{}", "{\"code\":\"" + c + "\"}",
                "{\"code\":\"" + c + "\",\"csr\":\"x\",\"extra\":1}", "{\"code\":1,\"csr\":\"x\"}",
                "{\"code\":\"!!!\",\"csr\":\"x\"}", "{\"code\":\"AAAA\",\"csr\":\"x\"}", "{\"code\":")) {
            HttpResponse<String> r = post(bad);
            assertThat(r.statusCode()).as(bad).isEqualTo(400);
            assertThat(error(r)).as(bad).isEqualTo("malformed_request");
        }
        HttpResponse<String> huge = post("{\"code\":\"" + c + "\",\"csr\":\"" + "x".repeat(EnrolmentServer.MAX_BODY) + "\"}");
        assertThat(huge.statusCode()).isEqualTo(413);
        assertThat(send(HttpRequest.newBuilder(url).GET().build()).statusCode()).isEqualTo(405);
        assertThat(send(HttpRequest.newBuilder(url.resolve("/other")).GET().build()).statusCode()).isEqualTo(404);
        assertThat(admin.registry().code(code.code().id()).orElseThrow().state()).isEqualTo(EnrolmentCode.State.ISSUED);
        assertThat(service.outcomes()).containsEntry("malformed_request", 10L).containsEntry("too_large", 1L);
    }

    @Test
    void aSourceThatKeepsTryingIsToldToWait() throws Exception {
        server.close();
        startServer(new SourceRateLimiter(3, Duration.ofSeconds(20), 100, clock), 0);
        byte[] unknown = new byte[16];

        for (int i = 0; i < 3; i++) {
            assertThat(post(body(unknown, "x")).statusCode()).isNotEqualTo(429);
        }
        HttpResponse<String> limited = post(body(unknown, "x"));

        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(error(limited)).isEqualTo("rate_limited");
        assertThat(limited.headers().firstValue("Retry-After")).contains("20");
        clock.advance(Duration.ofSeconds(20));
        assertThat(post(body(unknown, "x")).statusCode()).isEqualTo(404);
    }

    @Test
    void twoDevicesRacingWithOneCodeGiveExactlyOneEnrolment() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 10; round++) {
                IssuedCode code = admin.issueCode("Site", "Room " + round, Optional.empty(), Duration.ofDays(1), url);
                CountDownLatch go = new CountDownLatch(1);
                List<Future<Integer>> racers = new ArrayList<>();
                for (int i = 0; i < 2; i++) {
                    String request = body(codeOf(code), csr());
                    racers.add(pool.submit(() -> {
                        go.await();
                        return post(request).statusCode();
                    }));
                }
                go.countDown();
                List<Integer> statuses = new ArrayList<>();
                for (Future<Integer> f : racers) {
                    statuses.add(f.get());
                }
                assertThat(statuses).as("round %d", round).containsExactlyInAnyOrder(200, 409);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(admin.devices()).hasSize(10);
    }

    @Test
    void revokingADeviceListsItsCertificateInTheCrl() throws Exception {
        IssuedCode code = admin.issueCode("Site", "Room", Optional.empty(), Duration.ofDays(1), url);
        DeviceIdentity identity = new EnrolmentClient(clock).enrol(verify(code));

        admin.revoke(identity.deviceId());

        var crl = Pem.crl(java.nio.file.Files.readString(admin.crlFile()));
        assertThat(crl.isRevoked(identity.certificate())).isTrue();
        HttpResponse<String> served = send(HttpRequest.newBuilder(url.resolve("/crl.pem")).GET().build());
        assertThat(Pem.crl(served.body()).isRevoked(identity.certificate())).isTrue();
        assertThatThrownBy(() -> admin.revoke("nobody")).hasMessageContaining("provision list");
    }

    private EnrolmentPayload verify(IssuedCode code) throws Exception {
        return new PayloadVerifier(List.of(admin.provisioningKey()), clock).verify(code.qrText());
    }

    private byte[] codeOf(IssuedCode code) throws Exception {
        return verify(code).code();
    }

    private static String csr() {
        return DeviceKeys.certificateRequest(DeviceKeys.generate());
    }

    private static String body(byte[] code, String csr) {
        return JSON.createObjectNode().put("code", Base64.getUrlEncoder().withoutPadding().encodeToString(code))
                .put("csr", csr).toString();
    }

    private static String error(HttpResponse<String> response) throws Exception {
        JsonNode node = JSON.readTree(response.body());
        return node.path("error").asText();
    }

    private HttpResponse<String> post(String body) throws Exception {
        return send(HttpRequest.newBuilder(url).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    private HttpResponse<String> send(HttpRequest request) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("ca", admin.ca().certificate());
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(null, tmf.getTrustManagers(), null);
        try (HttpClient http = HttpClient.newBuilder().sslContext(tls).build()) {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        }
    }
}

package dev.salle.fleet.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.salle.bundle.BundleVersion;
import dev.salle.bundle.BundleWriter;
import dev.salle.bundle.ReleaseKeys;
import dev.salle.fleet.bundles.BundleLibrary;
import dev.salle.fleet.config.ConfigLayers;
import dev.salle.fleet.monitor.ActivityFeed;
import dev.salle.fleet.registry.DeviceRegistry;
import dev.salle.fleet.registry.StateMessage;
import dev.salle.fleet.rollout.RolloutStore;
import dev.salle.provisioning.ca.DeviceCa;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The console API over real HTTPS: logins, roles, the audit log, devices, configuration, rollouts and hosted bundles. */
class ConsoleApiTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final KeyPair RELEASE = ReleaseKeys.generate();
    private static final URI SERVED_AT = URI.create("https://127.0.0.1:8444/bundles/");
    private static final long UPLOAD_LIMIT = 64 * 1024;

    @TempDir
    Path dir;

    private DeviceRegistry registry;
    private RolloutStore rollouts;
    private ConsoleStore store;
    private ConsoleServer server;
    private ConfigLayers layers;
    private HttpClient http;
    private SSLContext tls;

    @BeforeEach
    void start() throws Exception {
        String db = "jdbc:h2:file:" + dir.resolve("fleet") + ";DB_CLOSE_DELAY=0";
        registry = DeviceRegistry.open(db, "sa", "");
        rollouts = new RolloutStore(db, "sa", "");
        store = new ConsoleStore(db, "sa", "");
        layers = new ConfigLayers(db, "sa", "");
        for (String id : List.of("d-lyon1", "d-lyon2", "d-vbn1")) {
            registry.recordState(id, StateMessage.parse(("{\"online\":true,\"site\":\"" + (id.contains("lyon") ? "Lyon" : "Villeurbanne")
                    + "\",\"version\":\"1.4.0\"}").getBytes(StandardCharsets.UTF_8)), Instant.now());
        }
        store.putUser("vera", Role.VIEWER, "viewer-password-1".toCharArray());
        store.putUser("omar", Role.OPERATOR, "operator-password-1".toCharArray());
        store.putUser("ada", Role.ADMIN, "admin-password-123".toCharArray());
        DeviceCa ca = DeviceCa.create(dir.resolve("ca"), "Org", Clock.systemUTC());
        server = new ConsoleServer("127.0.0.1", 0, ca.issueServer("console", List.of("127.0.0.1")), store, registry, rollouts,
                layers, Clock.systemUTC());
        server.start();
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("ca", ca.certificate());
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        tls = SSLContext.getInstance("TLS");
        tls.init(null, tmf.getTrustManagers(), null);
        http = HttpClient.newBuilder().sslContext(tls).build();
    }

    @AfterEach
    void stop() {
        http.close();
        server.close();
        store.close();
        layers.close();
        rollouts.close();
        registry.close();
    }

    @Test
    void anonymousAndUnknownTokensGet401AndBadLoginsAreRefused() throws Exception {
        assertThat(send("GET", "/api/devices", null, null).statusCode()).isEqualTo(401);
        assertThat(send("GET", "/api/devices", "not-a-token", null).statusCode()).isEqualTo(401);
        assertThat(send("POST", "/api/rollouts", null, "{}").statusCode()).isEqualTo(401);
        assertThat(send("POST", "/api/login", null, "{\"name\":\"vera\",\"password\":\"wrong-password-0\"}").statusCode()).isEqualTo(401);
        assertThat(send("POST", "/api/login", null, "{\"name\":\"nobody\",\"password\":\"whatever-it-is\"}").statusCode()).isEqualTo(401);
        for (String bad : List.of("", "[]", "{\"name\":\"vera\"}", "{\"name\":\"vera\",\"password\":\"x\",\"extra\":1}", "{\"name\":")) {
            assertThat(send("POST", "/api/login", null, bad).statusCode()).as(bad).isEqualTo(400);
        }
    }

    @Test
    void aViewerSeesDevicesButCannotStartARolloutAndAnOperatorCan() throws Exception {
        String vera = login("vera", "viewer-password-1");
        String omar = login("omar", "operator-password-1");
        String body = "{\"id\":\"r-console\",\"version\":\"1.5.0\",\"bundleUrl\":\"https://fleet.example/b/1.5.0.bundle\","
                + "\"target\":\"site=Lyon\",\"waves\":\"50%,100%\",\"maxFailures\":\"1\"}";

        HttpResponse<String> devices = send("GET", "/api/devices?site=Lyon", vera, null);
        assertThat(devices.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(devices.body()).get("devices")).hasSize(2);
        assertThat(send("POST", "/api/rollouts", vera, body).statusCode()).isEqualTo(403);
        assertThat(send("GET", "/api/audit", vera, null).statusCode()).isEqualTo(403);

        HttpResponse<String> created = send("POST", "/api/rollouts", omar, body);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        assertThat(JSON.readTree(created.body()).get("total").asInt()).isEqualTo(2);
        assertThat(rollouts.load("r-console")).isPresent();
        assertThat(send("POST", "/api/rollouts", omar, body.replace("https://", "http://")).statusCode()).isEqualTo(400);
        assertThat(send("POST", "/api/rollouts", omar, body.replace("site=Lyon", "site=Nowhere").replace("r-console", "r-2"))
                .statusCode()).isEqualTo(409);
        assertThat(send("POST", "/api/rollouts", omar, "{\"unknown\":1}").statusCode()).isEqualTo(400);
        JsonNode list = JSON.readTree(send("GET", "/api/rollouts", vera, null).body()).get("rollouts");
        assertThat(list).hasSize(1);
        assertThat(list.get(0).get("state").asText()).isEqualTo("RUNNING");
    }

    @Test
    void everyActionAndRefusalIsInTheAuditLogWhichOnlyAnAdminReads() throws Exception {
        String vera = login("vera", "viewer-password-1");
        String omar = login("omar", "operator-password-1");
        send("POST", "/api/login", null, "{\"name\":\"omar\",\"password\":\"not-his-password\"}");
        send("POST", "/api/rollouts", vera, "{\"version\":\"1.5.0\",\"bundleUrl\":\"https://f/b\",\"target\":\"all\"}");
        send("POST", "/api/rollouts", omar, "{\"id\":\"r-a\",\"version\":\"1.5.0\",\"bundleUrl\":\"https://f/b\",\"target\":\"all\","
                + "\"waves\":\"100%\",\"maxFailures\":\"1\"}");
        String ada = login("ada", "admin-password-123");

        HttpResponse<String> audit = send("GET", "/api/audit", ada, null);

        assertThat(audit.statusCode()).isEqualTo(200);
        List<String> lines = JSON.readTree(audit.body()).get("audit").findValues("outcome").stream().map(JsonNode::asText).toList();
        assertThat(audit.body()).contains("\"actor\":\"omar\",\"action\":\"login\"")
                .contains("refused: bad name or password")
                .contains("\"actor\":\"vera\",\"action\":\"rollout.create\"").contains("denied: role viewer")
                .contains("\"action\":\"rollout.create\",\"target\":\"r-a\"").contains("ok: 1.5.0 to 3 device(s) (all)");
        assertThat(lines).hasSizeGreaterThanOrEqualTo(6);
        assertThat(audit.body()).doesNotContain("operator-password-1").doesNotContain("not-his-password");
    }

    @Test
    void configurationLayersAreSetByAnOperatorShownWithTheirSourceAndAudited() throws Exception {
        String vera = login("vera", "viewer-password-1");
        String omar = login("omar", "operator-password-1");
        String lyon = "{\"scope\":\"site=Lyon\",\"set\":{\"call.error-hold\":\"4s\",\"call.join-timeout\":\"30s\"}}";

        assertThat(send("POST", "/api/config", vera, lyon).statusCode()).isEqualTo(403);
        HttpResponse<String> set = send("POST", "/api/config", omar, lyon);
        assertThat(set.statusCode()).as(set.body()).isEqualTo(200);
        assertThat(send("POST", "/api/config", omar, "{\"scope\":\"org\",\"set\":{\"call.join-timeout\":\"25s\"}}")
                .statusCode()).isEqualTo(200);
        HttpResponse<String> unset = send("POST", "/api/config", omar, "{\"scope\":\"site=Lyon\",\"unset\":[\"call.join-timeout\"]}");
        assertThat(JSON.readTree(unset.body()).get("unset").get(0).asText()).isEqualTo("call.join-timeout");

        JsonNode device = JSON.readTree(send("GET", "/api/config/device?id=d-lyon1", vera, null).body());
        assertThat(device.get("values").toString()).contains(
                "{\"key\":\"call.error-hold\",\"value\":\"4s\",\"from\":\"site=Lyon\",\"onDevice\":false}",
                "{\"key\":\"call.join-timeout\",\"value\":\"25s\",\"from\":\"org\",\"onDevice\":false}");
        assertThat(device.get("inSync").asBoolean()).isFalse();
        JsonNode other = JSON.readTree(send("GET", "/api/config/device?id=d-vbn1", vera, null).body());
        assertThat(other.get("values")).hasSize(1);
        assertThat(send("GET", "/api/config/device?id=nobody", vera, null).statusCode()).isEqualTo(404);
        assertThat(JSON.readTree(send("GET", "/api/config", vera, null).body()).get("layers")).hasSize(2);

        for (String bad : List.of("{\"scope\":\"org\",\"set\":{\"fleet.broker\":\"mqtts://x:1\"}}",
                "{\"scope\":\"org\",\"set\":{\"call.join-timeout\":\"soon\"}}",
                "{\"scope\":\"org\",\"set\":{\"call.join-timeout\":{\"nested\":1}}}",
                "{\"scope\":\"building=B\",\"set\":{\"call.error-hold\":\"4s\"}}",
                "{\"scope\":\"org\"}", "{\"scope\":\"org\",\"set\":[]}", "{\"scope\":\"org\",\"unset\":[1]}",
                "{\"scope\":\"org\",\"set\":{},\"other\":1}", "[]")) {
            assertThat(send("POST", "/api/config", omar, bad).statusCode()).as(bad).isEqualTo(400);
        }
        HttpResponse<String> refused = send("POST", "/api/config", omar, "{\"scope\":\"org\",\"set\":{\"call.join-timeout\":\"soon\"}}");
        assertThat(JSON.readTree(refused.body()).get("key").asText()).isEqualTo("call.join-timeout");
        assertThat(layers.all()).hasSize(2);

        String audit = send("GET", "/api/audit", login("ada", "admin-password-123"), null).body();
        assertThat(audit).contains("\"actor\":\"omar\",\"action\":\"config.set\",\"target\":\"site=Lyon\"")
                .contains("ok: set {call.error-hold=4s, call.join-timeout=30s}").contains("ok: unset [call.join-timeout]")
                .contains("\"actor\":\"vera\",\"action\":\"config.set\"").contains("denied: role viewer")
                .contains("refused: config key 'call.join-timeout' has the value 'soon'");
    }

    @Test
    void deviceCommandsNeedAnOperatorAKnownCommandAndADeviceOnline() throws Exception {
        String vera = login("vera", "viewer-password-1");
        String omar = login("omar", "operator-password-1");
        registry.recordState("d-gone", StateMessage.parse("{\"online\":false,\"reason\":\"lost\"}".getBytes(StandardCharsets.UTF_8)),
                Instant.now());

        assertThat(send("POST", "/api/devices/d-lyon1/commands", vera, "{\"command\":\"identify\"}").statusCode()).isEqualTo(403);
        assertThat(send("POST", "/api/devices/d-lyon1/commands", null, "{\"command\":\"identify\"}").statusCode()).isEqualTo(401);
        for (String bad : List.of("{\"command\":\"factory-reset\"}", "{\"command\":\"update\"}", "{\"command\":1}",
                "{\"command\":\"identify\",\"args\":[]}", "{\"command\":\"identify\",\"other\":1}", "[]")) {
            assertThat(send("POST", "/api/devices/d-lyon1/commands", omar, bad).statusCode()).as(bad).isEqualTo(400);
        }
        assertThat(send("POST", "/api/devices/nobody/commands", omar, "{\"command\":\"identify\"}").statusCode()).isEqualTo(404);
        assertThat(send("POST", "/api/devices/d-gone/commands", omar, "{\"command\":\"identify\"}").statusCode()).isEqualTo(409);
        assertThat(send("POST", "/api/devices/d-lyon1/commands", omar, "{\"command\":\"identify\"}").statusCode())
                .as("no fleet manager behind this console").isEqualTo(503);
        JsonNode device = JSON.readTree(send("GET", "/api/devices/d-lyon1", vera, null).body());
        assertThat(device.get("id").asText()).isEqualTo("d-lyon1");
        assertThat(device.get("online").asBoolean()).isTrue();
        assertThat(send("GET", "/api/devices/nobody", vera, null).statusCode()).isEqualTo(404);
        assertThat(send("GET", "/api/devices/../etc", vera, null).statusCode()).isEqualTo(404);
        String audit = send("GET", "/api/audit", login("ada", "admin-password-123"), null).body();
        assertThat(audit).contains("refused: unknown command 'factory-reset'").contains("refused: identify, the device is offline");
    }

    @Test
    void theDeviceListFiltersBySiteRoomVersionStateAndHealthFromTelemetry() throws Exception {
        state("d-lyon1", "{\"online\":true,\"site\":\"Lyon\",\"room\":\"Salle A\",\"version\":\"1.4.0\",\"call\":\"idle\"}");
        state("d-lyon2", "{\"online\":true,\"site\":\"Lyon\",\"room\":\"Salle B\",\"version\":\"1.5.0\",\"call\":\"in_call\"}");
        state("d-gone", "{\"online\":false,\"reason\":\"lost\",\"site\":\"Villeurbanne\",\"version\":\"1.4.0\"}");
        FakeFleetLive live = new FakeFleetLive();
        ActivityFeed.telemetry(live.activity(), "d-lyon1", JSON.readTree("{\"camera\":true,\"microphone\":true,\"display\":true}"),
                Instant.now());
        ActivityFeed.telemetry(live.activity(), "d-lyon2", JSON.readTree("{\"camera\":false,\"microphone\":true,\"cpuPercent\":9.5}"),
                Instant.now());
        ActivityFeed.telemetry(live.activity(), "d-vbn1", JSON.readTree("{\"cpuPercent\":3}"), Instant.now());
        server.close();
        server = new ConsoleServer("127.0.0.1", 0, DeviceCa.open(dir.resolve("ca"), Clock.systemUTC()).issueServer("console",
                List.of("127.0.0.1")), store, registry, rollouts, layers, java.util.Optional.of(live), Clock.systemUTC());
        server.start();
        String vera = login("vera", "viewer-password-1");

        assertThat(ids(vera, "")).containsExactly("d-gone", "d-lyon1", "d-lyon2", "d-vbn1");
        assertThat(ids(vera, "?site=Lyon")).containsExactly("d-lyon1", "d-lyon2");
        assertThat(ids(vera, "?room=Salle%20B")).containsExactly("d-lyon2");
        assertThat(ids(vera, "?version=1.5.0")).containsExactly("d-lyon2");
        assertThat(ids(vera, "?version=1.4.0&state=online")).containsExactly("d-lyon1", "d-vbn1");
        assertThat(ids(vera, "?state=offline")).containsExactly("d-gone");
        assertThat(ids(vera, "?state=in_call")).containsExactly("d-lyon2");
        assertThat(ids(vera, "?state=idle")).containsExactly("d-lyon1");
        assertThat(ids(vera, "?health=ok")).containsExactly("d-lyon1");
        assertThat(ids(vera, "?health=problem")).containsExactly("d-lyon2");
        assertThat(ids(vera, "?health=unknown")).containsExactly("d-gone", "d-vbn1");
        assertThat(ids(vera, "?site=Lyon&health=ok&state=online&room=Salle%20A&version=1.4.0")).containsExactly("d-lyon1");
        assertThat(ids(vera, "?site=Nowhere")).isEmpty();

        JsonNode list = JSON.readTree(send("GET", "/api/devices?health=problem", vera, null).body());
        assertThat(list.at("/devices/0/health").toString()).isEqualTo("{\"status\":\"problem\",\"problems\":[\"camera\"]}");
        assertThat(list.get("total").asInt()).isEqualTo(4);
        assertThat(list.at("/known/versions").toString()).isEqualTo("[\"1.4.0\",\"1.5.0\"]");
        assertThat(list.at("/known/sites").toString()).isEqualTo("[\"Lyon\",\"Villeurbanne\"]");
        JsonNode page = JSON.readTree(send("GET", "/api/devices/d-lyon2", vera, null).body());
        assertThat(page.at("/health/status").asText()).as("the device page says what the list says").isEqualTo("problem");
        assertThat(page.at("/health/camera").asBoolean()).isFalse();
        assertThat(page.at("/health/cpuPercent").asDouble()).isEqualTo(9.5);
    }

    @Test
    void aViewerSeesWhichManagerLeadsAndAConsoleWithoutAManagerSaysSo() throws Exception {
        String vera = login("vera", "viewer-password-1");
        HttpResponse<String> none = send("GET", "/api/leader", vera, null);
        FakeFleetLive live = new FakeFleetLive();
        live.leadership(new dev.salle.fleet.lease.Leadership.Status("salle-fleet-0b@host-b", false,
                java.util.Optional.of("salle-fleet-0a@host-a"), 3, java.util.Optional.of(Instant.parse("2026-11-23T10:00:15Z")), 0, 1));
        server.close();
        server = new ConsoleServer("127.0.0.1", 0, DeviceCa.open(dir.resolve("ca"), Clock.systemUTC()).issueServer("console",
                List.of("127.0.0.1")), store, registry, rollouts, layers, java.util.Optional.of(live), Clock.systemUTC());
        server.start();
        vera = login("vera", "viewer-password-1");

        HttpResponse<String> leader = send("GET", "/api/leader", vera, null);

        assertThat(none.statusCode()).isEqualTo(503);
        assertThat(leader.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(leader.body()).toString()).isEqualTo("{\"manager\":\"salle-fleet-0b@host-b\",\"leading\":false,"
                + "\"leader\":\"salle-fleet-0a@host-a\",\"epoch\":3,\"leaseExpires\":\"2026-11-23T10:00:15Z\",\"changes\":0,"
                + "\"failedClaims\":1}");
        assertThat(send("GET", "/api/leader", null, null).statusCode()).isEqualTo(401);
    }

    @Test
    void healthFromBeforeARestartIsShownAsLastKnownWithItsAgeUntilTheDeviceReportsAgain() throws Exception {
        Clock clock = Clock.fixed(Instant.parse("2026-11-23T10:00:00Z"), java.time.ZoneOffset.UTC);
        FakeFleetLive live = new FakeFleetLive();
        ActivityFeed.restored(live.activity(), "d-lyon1", JSON.readTree("{\"camera\":false,\"microphone\":true}"),
                clock.instant().minusSeconds(600));
        ActivityFeed.restored(live.activity(), "d-lyon2", JSON.readTree("{\"camera\":true,\"microphone\":true}"),
                clock.instant().minusSeconds(900));
        ActivityFeed.telemetry(live.activity(), "d-lyon2", JSON.readTree("{\"camera\":true,\"microphone\":false}"),
                clock.instant().minusSeconds(5));
        server.close();
        server = new ConsoleServer("127.0.0.1", 0, DeviceCa.open(dir.resolve("ca"), Clock.systemUTC()).issueServer("console",
                List.of("127.0.0.1")), store, registry, rollouts, layers, java.util.Optional.of(live), clock);
        server.start();
        String vera = login("vera", "viewer-password-1");

        JsonNode list = JSON.readTree(send("GET", "/api/devices?site=Lyon", vera, null).body());
        JsonNode page = JSON.readTree(send("GET", "/api/devices/d-lyon1", vera, null).body());

        assertThat(list.at("/devices/0/health").toString()).as("stored before the restart: its status, marked, with its age")
                .isEqualTo("{\"status\":\"problem\",\"problems\":[\"camera\"],"
                        + "\"lastKnown\":{\"at\":\"2026-11-23T09:50:00Z\",\"ageSeconds\":600}}");
        assertThat(list.at("/devices/1/health").toString()).as("fresh telemetry replaced the stored one")
                .isEqualTo("{\"status\":\"problem\",\"problems\":[\"microphone\"]}");
        assertThat(page.at("/health/lastKnown/ageSeconds").asLong()).isEqualTo(600);
        assertThat(page.at("/health/camera").asBoolean(true)).isFalse();
        assertThat(ids(vera, "?health=problem")).containsExactly("d-lyon1", "d-lyon2");
    }

    @Test
    void aDownLinkOrAPoorCallIsAHealthProblemAndTheDevicePageShowsTheFigures() throws Exception {
        state("d-net", "{\"online\":true,\"site\":\"Lyon\",\"call\":\"idle\"}");
        state("d-call", "{\"online\":true,\"site\":\"Lyon\",\"call\":\"in_call\"}");
        state("d-left", "{\"online\":true,\"site\":\"Lyon\",\"call\":\"idle\"}");
        FakeFleetLive live = new FakeFleetLive();
        ActivityFeed.telemetry(live.activity(), "d-net", JSON.readTree("{\"camera\":true,\"network\":{\"defaultRoute\":true,"
                + "\"interface\":\"wlan0\",\"kind\":\"wifi\",\"up\":false}}"), Instant.now());
        ActivityFeed.telemetry(live.activity(), "d-call", JSON.readTree("{\"camera\":true,\"call\":\"in_call\","
                + "\"network\":{\"defaultRoute\":true,\"interface\":\"eth0\",\"up\":true,\"speedMbps\":1000},"
                + "\"callQuality\":{\"rating\":\"poor\",\"rttMs\":620,\"receiveLossPercent\":12.5}}"), Instant.now());
        // a poor rating left over from a call that ended is not a problem now
        ActivityFeed.telemetry(live.activity(), "d-left", JSON.readTree("{\"camera\":true,\"call\":\"idle\","
                + "\"network\":{\"defaultRoute\":false},\"callQuality\":{\"rating\":\"poor\"}}"), Instant.now());
        server.close();
        server = new ConsoleServer("127.0.0.1", 0, DeviceCa.open(dir.resolve("ca"), Clock.systemUTC()).issueServer("console",
                List.of("127.0.0.1")), store, registry, rollouts, layers, java.util.Optional.of(live), Clock.systemUTC());
        server.start();
        String vera = login("vera", "viewer-password-1");

        JsonNode list = JSON.readTree(send("GET", "/api/devices?health=problem", vera, null).body());
        JsonNode call = JSON.readTree(send("GET", "/api/devices/d-call", vera, null).body());

        assertThat(list.at("/devices").findValuesAsText("id")).containsExactly("d-call", "d-left", "d-net");
        assertThat(list.at("/devices/0/health/problems").toString()).isEqualTo("[\"call-quality\"]");
        assertThat(list.at("/devices/1/health/problems").toString()).as("no default route").isEqualTo("[\"network\"]");
        assertThat(list.at("/devices/2/health/problems").toString()).isEqualTo("[\"network\"]");
        assertThat(call.at("/health/callQuality/rttMs").asInt()).isEqualTo(620);
        assertThat(call.at("/health/network/speedMbps").asInt()).isEqualTo(1000);
        assertThat(JSON.readTree(send("GET", "/api/devices/d-left", vera, null).body()).at("/health").has("callQuality")).isFalse();
    }

    @Test
    void theDeviceListIsPagedAfterFilteringAndSaysHowManyMatched() throws Exception {
        for (int i = 0; i < 7; i++) {
            state("d-p" + i, "{\"online\":" + (i % 2 == 0) + ",\"site\":\"Paged\",\"version\":\"1.4.0\"}");
        }
        String vera = login("vera", "viewer-password-1");

        JsonNode first = JSON.readTree(send("GET", "/api/devices?site=Paged&limit=3", vera, null).body());
        JsonNode last = JSON.readTree(send("GET", "/api/devices?site=Paged&limit=3&offset=6", vera, null).body());
        JsonNode online = JSON.readTree(send("GET", "/api/devices?site=Paged&state=online&limit=2&offset=2", vera, null).body());
        JsonNode past = JSON.readTree(send("GET", "/api/devices?site=Paged&offset=50", vera, null).body());
        JsonNode whole = JSON.readTree(send("GET", "/api/devices?site=Paged", vera, null).body());

        assertThat(first.at("/devices").findValuesAsText("id")).containsExactly("d-p0", "d-p1", "d-p2");
        assertThat(first.get("matched").asInt()).isEqualTo(7);
        assertThat(first.get("limit").asInt()).isEqualTo(3);
        assertThat(last.at("/devices").findValuesAsText("id")).containsExactly("d-p6");
        assertThat(online.at("/devices").findValuesAsText("id")).as("the page is taken after the filter")
                .containsExactly("d-p4", "d-p6");
        assertThat(online.get("matched").asInt()).isEqualTo(4);
        assertThat(past.get("devices")).isEmpty();
        assertThat(past.get("matched").asInt()).isEqualTo(7);
        assertThat(whole.get("limit").asInt()).isEqualTo(DeviceFilter.DEFAULT_LIMIT);
        assertThat(whole.get("devices")).hasSize(7);
        for (String bad : List.of("?limit=0", "?limit=501", "?limit=ten", "?offset=-1", "?offset=1e3", "?limit=99999999999")) {
            HttpResponse<String> r = send("GET", "/api/devices" + bad, vera, null);
            assertThat(r.statusCode()).as(bad).isEqualTo(400);
            assertThat(r.body()).as(bad).contains("bad_filter").contains("use a whole number from");
        }
    }

    @Test
    void aBadDeviceFilterIsRefusedWithA400NamingIt() throws Exception {
        String vera = login("vera", "viewer-password-1");
        record Bad(String query, String says) {}

        for (Bad bad : List.of(new Bad("?colour=red", "unknown filter 'colour'"), new Bad("?state=asleep", "'state' is 'asleep'"),
                new Bad("?state=ONLINE", "use one of [error, idle, in_call"), new Bad("?health=fine", "'health' is 'fine'"),
                new Bad("?site=", "'site' must be 1 to 200"), new Bad("?room=%20", "'room' must be 1 to 200"),
                new Bad("?version=" + "9".repeat(201), "'version' must be 1 to 200"),
                new Bad("?site=Lyon&site=Paris", "'site' is given 2 times"), new Bad("?site=%C3%28", "cannot be read"))) {
            HttpResponse<String> r = send("GET", "/api/devices" + bad.query(), vera, null);
            assertThat(r.statusCode()).as(bad.query()).isEqualTo(400);
            assertThat(JSON.readTree(r.body()).get("error").asText()).as(bad.query()).isEqualTo("bad_filter");
            assertThat(JSON.readTree(r.body()).get("message").asText()).as(bad.query()).contains(bad.says());
        }
    }

    @Test
    void snapshotAndCollectLogsAreConsoleCommandsForOperatorsAndAudited() throws Exception {
        FakeFleetLive live = new FakeFleetLive();
        server.close();
        server = new ConsoleServer("127.0.0.1", 0, DeviceCa.open(dir.resolve("ca"), Clock.systemUTC()).issueServer("console",
                List.of("127.0.0.1")), store, registry, rollouts, layers, java.util.Optional.of(live), Clock.systemUTC());
        server.start();
        String vera = login("vera", "viewer-password-1");
        String omar = login("omar", "operator-password-1");

        assertThat(send("POST", "/api/devices/d-lyon1/commands", vera, "{\"command\":\"snapshot\"}").statusCode()).isEqualTo(403);
        HttpResponse<String> snapshot = send("POST", "/api/devices/d-lyon1/commands", omar, "{\"command\":\"snapshot\"}");
        HttpResponse<String> logs = send("POST", "/api/devices/d-lyon1/commands", omar,
                "{\"command\":\"collect-logs\",\"args\":{\"lines\":50}}");

        assertThat(snapshot.statusCode()).as(snapshot.body()).isEqualTo(200);
        assertThat(logs.statusCode()).as(logs.body()).isEqualTo(200);
        assertThat(live.sent()).containsExactly("d-lyon1 snapshot {}", "d-lyon1 collect-logs {\"lines\":50}");
        String audit = send("GET", "/api/audit", login("ada", "admin-password-123"), null).body();
        assertThat(audit).contains("\"action\":\"device.command\",\"target\":\"d-lyon1\",\"outcome\":\"snapshot: ok\"")
                .contains("\"outcome\":\"collect-logs: ok\"")
                .contains("\"actor\":\"vera\",\"action\":\"device.command\"");
    }

    @Test
    void anUploadedBundleIsListedAndARolloutByItsHashGetsTheFleetsAddressAndTheManifestsVersion() throws Exception {
        hostBundles(true);
        String vera = login("vera", "viewer-password-1");
        String omar = login("omar", "operator-password-1");
        byte[] bundle = bundle("1.5.0", RELEASE, 1000);
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bundle));
        String url = SERVED_AT + sha + ".bundle";

        HttpResponse<String> uploaded = upload(omar, bundle, "application/octet-stream", false);

        assertThat(uploaded.statusCode()).as(uploaded.body()).isEqualTo(201);
        JsonNode hosted = JSON.readTree(uploaded.body());
        assertThat(hosted.get("sha256").asText()).isEqualTo(sha);
        assertThat(hosted.get("version").asText()).isEqualTo("1.5.0");
        assertThat(hosted.get("size").asLong()).isEqualTo(bundle.length);
        assertThat(hosted.get("signatureChecked").asBoolean()).isTrue();
        assertThat(hosted.get("url").asText()).isEqualTo(url);
        assertThat(Files.readAllBytes(dir.resolve("bundles").resolve(sha + ".bundle"))).isEqualTo(bundle);
        JsonNode list = JSON.readTree(send("GET", "/api/bundles", vera, null).body());
        assertThat(list.get("bundles")).hasSize(1);
        assertThat(list.at("/bundles/0/sha256").asText()).isEqualTo(sha);
        assertThat(list.at("/bundles/0/target").asText()).isEqualTo("device-app");
        assertThat(list.at("/bundles/0/releaseKey").asText()).isEqualTo(ReleaseKeys.idHex(RELEASE.getPublic()));
        assertThat(list.at("/bundles/0/rollouts")).isEmpty();
        assertThat(list.get("servedAt").asText()).isEqualTo(SERVED_AT.toString());
        assertThat(list.get("signatureChecked").asBoolean()).isTrue();
        assertThat(list.get("maxUploadBytes").asLong()).isEqualTo(UPLOAD_LIMIT);

        HttpResponse<String> created = send("POST", "/api/rollouts", omar, "{\"id\":\"r-hosted\",\"bundle\":\""
                + sha.substring(0, 10) + "\",\"target\":\"site=Lyon\",\"waves\":\"100%\",\"maxFailures\":\"1\"}");

        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        assertThat(JSON.readTree(created.body()).get("bundleUrl").asText()).isEqualTo(url);
        assertThat(JSON.readTree(created.body()).get("version").asText()).as("from the manifest").isEqualTo("1.5.0");
        assertThat(rollouts.bundle("r-hosted")).contains(URI.create(url));
        JsonNode used = JSON.readTree(send("GET", "/api/bundles", vera, null).body());
        assertThat(used.at("/bundles/0/rollouts").toString()).isEqualTo("[{\"id\":\"r-hosted\",\"state\":\"RUNNING\"}]");
        assertThat(send("POST", "/api/rollouts", omar, "{\"id\":\"r-same\",\"bundle\":\"" + sha + "\",\"version\":\"1.5.0\"}")
                .statusCode()).as("a version that agrees").isEqualTo(201);
        assertThat(upload(omar, bundle, null, true).statusCode()).as("again, chunked, no type: the same file").isEqualTo(201);
        try (var files = Files.list(dir.resolve("bundles"))) {
            assertThat(files.map(f -> f.getFileName().toString())).containsExactlyInAnyOrder(sha + ".bundle", "served-at");
        }
        assertThat(used.at("/uploads/stored").asInt()).isOne();
        String audit = send("GET", "/api/audit", login("ada", "admin-password-123"), null).body();
        assertThat(audit).contains("\"actor\":\"omar\",\"action\":\"bundle.upload\",\"target\":\"" + sha + "\"")
                .contains("ok: 1.5.0 for device-app, " + bundle.length + " bytes").contains("(signature checked)")
                .contains("ok: 1.5.0 to 2 device(s) (site=Lyon) from " + url);
    }

    @Test
    void aDamagedForeignTruncatedEmptyOrOversizedUploadIsRefusedWithItsReasonAndNothingIsStored() throws Exception {
        hostBundles(true);
        String omar = login("omar", "operator-password-1");
        byte[] good = bundle("1.5.0", RELEASE, 1000);
        byte[] damaged = good.clone();
        damaged[damaged.length - 3] ^= 0x01;
        byte[] trailing = java.util.Arrays.copyOf(good, good.length + 1);
        record Bad(String name, byte[] body, String reason) {}

        for (Bad bad : List.of(new Bad("a flipped payload byte", damaged, "payload-mismatch"),
                new Bad("signed by another key", bundle("1.5.0", ReleaseKeys.generate(), 1000), "unknown-key"),
                new Bad("cut in its payload", java.util.Arrays.copyOf(good, good.length - 5), "truncated"),
                new Bad("cut in its header", java.util.Arrays.copyOf(good, 40), "truncated"),
                new Bad("a byte too many", trailing, "trailing-bytes"),
                new Bad("empty", new byte[0], "not-a-bundle"),
                new Bad("text", "GET / HTTP/1.1".getBytes(StandardCharsets.UTF_8), "not-a-bundle"))) {
            HttpResponse<String> r = upload(omar, bad.body(), "application/octet-stream", false);
            assertThat(r.statusCode()).as(bad.name() + ": " + r.body()).isEqualTo(422);
            assertThat(JSON.readTree(r.body()).get("reason").asText()).as(bad.name()).isEqualTo(bad.reason());
            assertThat(JSON.readTree(r.body()).get("message").asText()).as(bad.name()).contains("nothing was stored");
        }
        byte[] big = bundle("1.6.0", RELEASE, (int) UPLOAD_LIMIT);
        HttpResponse<String> declared = upload(omar, big, "application/octet-stream", false);
        HttpResponse<String> streamed = upload(omar, big, "application/octet-stream", true);
        HttpResponse<String> form = upload(omar, good, "multipart/form-data; boundary=x", false);
        // megabytes past the limit: the client is still sending when the answer is ready, and gets it
        byte[] bigger = bundle("1.6.0", RELEASE, (int) UPLOAD_LIMIT + 4 * 1024 * 1024);
        for (boolean chunked : new boolean[] {false, true}) {
            for (int i = 0; i < 3; i++) {
                HttpResponse<String> r = upload(omar, bigger, "application/octet-stream", chunked);
                assertThat(r.statusCode()).as("4 MiB past the limit, chunked %s, try %d", chunked, i).isEqualTo(413);
                assertThat(r.headers().firstValue("Connection")).hasValue("close");
            }
        }

        assertThat(declared.statusCode()).as("Content-Length past the limit").isEqualTo(413);
        assertThat(JSON.readTree(declared.body()).get("message").asText()).contains("past the limit of " + UPLOAD_LIMIT + " bytes");
        assertThat(streamed.statusCode()).as("chunked, past the limit while read").isEqualTo(413);
        assertThat(form.statusCode()).isEqualTo(415);
        try (var files = Files.list(dir.resolve("bundles"))) {
            assertThat(files.map(f -> f.getFileName().toString())).as("no bundle, no copy left behind").containsExactly("served-at");
        }
        JsonNode list = JSON.readTree(send("GET", "/api/bundles", omar, null).body());
        assertThat(list.get("bundles")).isEmpty();
        assertThat(list.get("uploads").toString()).contains("\"stored\":0,\"refused\":7,\"too_large\":8,\"wrong_type\":1");
        String audit = send("GET", "/api/audit", login("ada", "admin-password-123"), null).body();
        assertThat(audit).contains("refused (payload-mismatch) after " + damaged.length + " bytes")
                .contains("refused (unknown-key)").contains("refused (not-a-bundle) after 0 bytes")
                .contains("refused: the upload is " + big.length + " bytes past the limit");
    }

    @Test
    void onlyAnOperatorUploadsAViewerListsAndAnonymousCallersGet401() throws Exception {
        hostBundles(true);
        String vera = login("vera", "viewer-password-1");
        byte[] good = bundle("1.5.0", RELEASE, 1000);

        assertThat(upload(null, good, "application/octet-stream", false).statusCode()).isEqualTo(401);
        assertThat(send("GET", "/api/bundles", null, null).statusCode()).isEqualTo(401);
        assertThat(upload(vera, good, "application/octet-stream", false).statusCode()).isEqualTo(403);
        assertThat(send("GET", "/api/bundles", vera, null).statusCode()).isEqualTo(200);
        assertThat(new BundleLibrary(dir.resolve("bundles")).list().bundles()).isEmpty();
        String audit = send("GET", "/api/audit", login("ada", "admin-password-123"), null).body();
        assertThat(audit).contains("\"actor\":\"vera\",\"action\":\"bundle.upload\",\"target\":\"/api/bundles\","
                + "\"outcome\":\"denied: role viewer\"");
    }

    @Test
    void aRolloutOfAHostedBundleIsRefusedForABadPrefixAWrongVersionOrAFolderNobodyServes() throws Exception {
        BundleLibrary library = hostBundles(false);
        String omar = login("omar", "operator-password-1");
        byte[] good = bundle("1.5.0", RELEASE, 1000);
        String sha = JSON.readTree(upload(omar, good, "application/octet-stream", false).body()).get("sha256").asText();
        // two files whose names share 9 digits: a prefix of them names both
        Files.write(library.dir().resolve("abcdef0120" + "0".repeat(54) + ".bundle"), good);
        Files.write(library.dir().resolve("abcdef0121" + "0".repeat(54) + ".bundle"), good);
        record Bad(String body, int status, String says) {}

        HttpResponse<String> unserved = send("POST", "/api/rollouts", omar, "{\"bundle\":\"" + sha + "\"}");
        assertThat(unserved.statusCode()).isEqualTo(409);
        assertThat(JSON.readTree(unserved.body()).get("message").asText()).contains("no fleet manager serves the bundle folder yet");
        library.servedAt(SERVED_AT);
        for (Bad bad : List.of(new Bad("{\"bundle\":\"abcdef012\"}", 400, "abcdef012 names 2 bundles; give more digits"),
                new Bad("{\"bundle\":\"ffffffffff\"}", 400, "no bundle ffffffffff"),
                new Bad("{\"bundle\":\"abc\"}", 400, "is not a bundle's SHA-256 or its first 8"),
                new Bad("{\"bundle\":\"../../etc/passwd\"}", 400, "is not a bundle's SHA-256"),
                new Bad("{\"bundle\":\"" + sha.toUpperCase() + "\"}", 400, "is not a bundle's SHA-256"),
                new Bad("{\"bundle\":12345678}", 400, "\"bundle\" must be a string"),
                new Bad("{\"bundle\":\"" + sha + "\",\"bundleUrl\":\"https://f/b\"}", 400, "one of the two"),
                new Bad("{\"bundle\":\"" + sha + "\",\"version\":\"1.6.0\"}", 400, "version 1.6.0, but bundle "
                        + sha.substring(0, 12) + " installs 1.5.0"),
                new Bad("{\"bundle\":\"" + sha + "\",\"target\":\"site=Nowhere\"}", 409, "no device matches site=Nowhere"))) {
            HttpResponse<String> r = send("POST", "/api/rollouts", omar, bad.body());
            assertThat(r.statusCode()).as(bad.body()).isEqualTo(bad.status());
            assertThat(JSON.readTree(r.body()).get("message").asText()).as(bad.body()).contains(bad.says());
        }
        assertThat(rollouts.all()).isEmpty();
    }

    @Test
    void aThirdUploadWhileTwoAreUnderWayIsToldToComeBackLater() throws Exception {
        hostBundles(true);
        String omar = login("omar", "operator-password-1");
        byte[] good = bundle("1.5.0", RELEASE, 1000);
        List<javax.net.ssl.SSLSocket> slow = new java.util.ArrayList<>();
        try {
            // two clients on a slow link: the request and 40 bytes of the bundle, in one chunk, and then nothing yet
            for (int i = 0; i < BundleEndpoints.CONCURRENT_UPLOADS; i++) {
                var socket = (javax.net.ssl.SSLSocket) tls.getSocketFactory().createSocket("127.0.0.1", server.uri().getPort());
                socket.getOutputStream().write(("POST /api/bundles HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + omar
                        + "\r\nContent-Type: application/octet-stream\r\nTransfer-Encoding: chunked\r\n\r\n28\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                socket.getOutputStream().write(good, 0, 40);
                socket.getOutputStream().write("\r\n".getBytes(StandardCharsets.US_ASCII));
                socket.getOutputStream().flush();
                slow.add(socket);
            }

            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).until(() ->
                    upload(omar, good, "application/octet-stream", false).statusCode() == 429);

            for (var socket : slow) { // the last chunk: the body ends inside the bundle's header
                socket.getOutputStream().write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                socket.getOutputStream().flush();
                socket.setSoTimeout(10_000);
                String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertThat(answer).startsWith("HTTP/1.1 422 ").contains("\"reason\":\"truncated\"");
            }
        } finally {
            for (var socket : slow) {
                socket.close();
            }
        }
        HttpResponse<String> after = upload(omar, good, "application/octet-stream", false);
        assertThat(after.statusCode()).as("the uploads that held the slots have ended").isEqualTo(201);
        assertThat(JSON.readTree(send("GET", "/api/bundles", omar, null).body()).at("/uploads/busy").asInt()).isPositive();
    }

    @Test
    void aConsoleWithoutTheBundleFolderSaysSoAndStillRollsOutFromAUrl() throws Exception {
        String omar = login("omar", "operator-password-1");

        assertThat(send("GET", "/api/bundles", omar, null).statusCode()).isEqualTo(503);
        assertThat(upload(omar, bundle("1.5.0", RELEASE, 100), "application/octet-stream", false).statusCode()).isEqualTo(503);
        HttpResponse<String> byHash = send("POST", "/api/rollouts", omar, "{\"bundle\":\"0123456789\"}");
        assertThat(byHash.statusCode()).isEqualTo(409);
        assertThat(byHash.body()).contains("this console has no bundle folder");
        assertThat(send("POST", "/api/rollouts", omar, "{\"version\":\"1.5.0\",\"bundleUrl\":\"https://f/b\"}").statusCode())
                .isEqualTo(201);
    }

    /** Restarts the console with the bundle folder {@code dir/bundles}, this test's release key and a 64 KiB limit. */
    private BundleLibrary hostBundles(boolean served) throws Exception {
        BundleLibrary library = new BundleLibrary(dir.resolve("bundles"));
        if (served) {
            library.servedAt(SERVED_AT);
        }
        server.close();
        server = new ConsoleServer("127.0.0.1", 0, DeviceCa.open(dir.resolve("ca"), Clock.systemUTC()).issueServer("console",
                List.of("127.0.0.1")), store, registry, rollouts, layers, Optional.empty(),
                Optional.of(new ConsoleBundleSettings(library, List.of(RELEASE.getPublic()), UPLOAD_LIMIT)), Clock.systemUTC());
        server.start();
        return library;
    }

    private byte[] bundle(String version, KeyPair key, int payloadBytes) throws Exception {
        byte[] payload = new byte[payloadBytes];
        new java.util.Random(payloadBytes).nextBytes(payload);
        Path file = Files.write(dir.resolve("payload-" + version + "-" + payloadBytes), payload);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BundleWriter.write(file, BundleVersion.parse(version), "device-app", BundleVersion.parse("1.0.0"), false, key,
                Instant.now(), out);
        return out.toByteArray();
    }

    /** POSTs a file to /api/bundles, with its length or (chunked) without. */
    private HttpResponse<String> upload(String token, byte[] body, String type, boolean chunked) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.uri() + "/api/bundles"));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        if (type != null) {
            b.header("Content-Type", type);
        }
        b.POST(chunked ? HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))
                : HttpRequest.BodyPublishers.ofByteArray(body));
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private void state(String id, String json) {
        registry.recordState(id, StateMessage.parse(json.getBytes(StandardCharsets.UTF_8)), Instant.now());
    }

    private List<String> ids(String token, String query) throws Exception {
        HttpResponse<String> r = send("GET", "/api/devices" + query, token, null);
        assertThat(r.statusCode()).as(query + ": " + r.body()).isEqualTo(200);
        return JSON.readTree(r.body()).get("devices").findValues("id").stream().map(JsonNode::asText).toList();
    }

    @Test
    void weakPasswordsAndOddNamesAreRefused() {
        assertThatThrownBy(() -> store.putUser("x", Role.VIEWER, "long-enough-pass".toCharArray())).hasMessageContaining("user name");
        assertThatThrownBy(() -> store.putUser("eve", Role.VIEWER, "short".toCharArray())).hasMessageContaining("12 characters");
    }

    private String login(String name, String password) throws Exception {
        HttpResponse<String> r = send("POST", "/api/login", null, "{\"name\":\"" + name + "\",\"password\":\"" + password + "\"}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body()).get("token").asText();
    }

    private HttpResponse<String> send(String method, String path, String token, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.uri() + path));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}

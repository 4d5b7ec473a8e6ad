package dev.salle.fleet.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.salle.fleet.FleetMain;
import dev.salle.fleet.config.ConfigLayers;
import dev.salle.fleet.config.ConfigScope;
import dev.salle.fleet.config.DeviceConfigStatus;
import dev.salle.fleet.config.LayerResolution;
import dev.salle.fleet.console.ConsoleStore;
import dev.salle.fleet.console.Role;
import dev.salle.fleet.rollout.Rollout;
import dev.salle.fleet.rollout.RolloutControl;
import dev.salle.fleet.rollout.RolloutPolicy;
import dev.salle.fleet.rollout.RolloutStore;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The fleet's stores on a real PostgreSQL server ({@link PostgresServer}), as a fleet past one
 * machine runs them: each test gets a fresh database owned by an ordinary login role, never the
 * superuser.
 */
class PostgresFleetStoreTest {

    private static final Instant T0 = Instant.parse("2026-11-22T10:00:00.123Z");
    private static final String USER = "salle";
    private static final String PASSWORD = "fleet-db-password-1";
    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static PostgresServer server;

    private String url;

    @BeforeAll
    static void startServer() {
        server = PostgresServer.start();
        server.createUser(USER, PASSWORD);
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @BeforeEach
    void freshDatabase() {
        String name = "fleet_" + DATABASES.incrementAndGet();
        server.createDatabase(name, USER);
        url = server.url(name);
    }

    @Test
    void theMigrationsRunOnPostgresAndASecondRunChangesNothing() throws SQLException {
        DeviceRegistry.open(url, USER, PASSWORD).close();
        List<String> first = history();

        DeviceRegistry.open(url, USER, PASSWORD).close();

        assertThat(first).containsExactly("1 devices", "2 rollouts", "3 rollout bundle", "4 console", "5 config layers",
                "6 rollout control", "7 leader lease", "8 device health");
        assertThat(history()).isEqualTo(first);
        try (Connection c = DriverManager.getConnection(url, USER, PASSWORD);
             ResultSet rs = c.createStatement().executeQuery("""
                     SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name""")) {
            List<String> tables = new ArrayList<>();
            while (rs.next()) {
                tables.add(rs.getString(1));
            }
            assertThat(tables).containsExactly("audit", "config_layer", "console_user", "device", "device_config",
                    "device_health", "fleet_lease", "flyway_schema_history", "rollout", "rollout_control");
        }
    }

    @Test
    void theRegistryRecordsStatesAndWhenDevicesWereLastSeen() {
        try (DeviceRegistry registry = DeviceRegistry.open(url, USER, PASSWORD)) {
            registry.recordState("d-1", state("{\"online\":true,\"room\":\"Salle Marianne\",\"site\":\"Lyon\",\"call\":\"in-call\","
                    + "\"version\":\"1.4.0\"}"), T0);
            registry.recordStates(List.of(
                    new DeviceRegistry.StateAt("d-2", state("{\"online\":true,\"room\":\"Salle 3\",\"site\":\"Paris\"}"), T0),
                    new DeviceRegistry.StateAt("d-3", state("{\"online\":true,\"site\":\"Lyon\"}"), T0)));
            // d-1 goes offline: its will says lost; the call is not kept for an offline device
            registry.recordState("d-1", state("{\"online\":false,\"reason\":\"lost\",\"room\":\"Salle Marianne\",\"site\":\"Lyon\","
                    + "\"call\":\"in-call\"}"), T0.plusSeconds(60));
            registry.seenAll(Map.of("d-2", T0.plusSeconds(90), "d-3", T0.minusSeconds(30), "unknown", T0));

            DeviceRecord d1 = registry.device("d-1").orElseThrow();
            assertThat(d1.online()).isFalse();
            assertThat(d1.reason()).contains("lost");
            assertThat(d1.call()).isEmpty();
            assertThat(d1.stateAt()).isEqualTo(T0.plusSeconds(60));
            assertThat(registry.device("d-2").orElseThrow().lastSeen()).isEqualTo(T0.plusSeconds(90));
            assertThat(registry.device("d-3").orElseThrow().lastSeen()).as("last seen never goes back").isEqualTo(T0);
            assertThat(registry.device("unknown")).isEmpty();
            assertThat(registry.seen("d-3", T0.plusSeconds(120))).isTrue();
            assertThat(registry.seen("unknown", T0)).isFalse();
            assertThat(registry.onlineCount()).isEqualTo(2);
            assertThat(registry.onlineIds()).containsExactlyInAnyOrder("d-2", "d-3");
            assertThat(registry.devices(Optional.of("Lyon"))).extracting(DeviceRecord::id).containsExactly("d-1", "d-3");
            assertThat(registry.devices(Optional.empty())).extracting(DeviceRecord::id).containsExactly("d-1", "d-2", "d-3");
        }
    }

    @Test
    void healthReportsAreKeptNewestFirstWins() {
        try (DeviceRegistry registry = DeviceRegistry.open(url, USER, PASSWORD)) {
            registry.recordHealth(List.of(new DeviceRegistry.HealthAt("d-2", "{\"camera\":true}", T0),
                    new DeviceRegistry.HealthAt("d-1", "{\"camera\":false}", T0.plusSeconds(30))));
            registry.recordHealth(List.of(new DeviceRegistry.HealthAt("d-1", "{\"late\":true}", T0)));

            assertThat(registry.storedHealth()).extracting(h -> h.id() + " " + h.report() + " " + h.at())
                    .containsExactlyInAnyOrder("d-1 {\"camera\":false} " + T0.plusSeconds(30), "d-2 {\"camera\":true} " + T0);
        }
    }

    @Test
    void twoManagersRecordingTheSameNewDevicesAtOnceLoseNothing() throws Exception {
        // Two fleet managers on one database hear the same devices: their batches insert the same
        // new rows at the same time, in different orders (unique violations and deadlocks, unless
        // the registry orders its batches and retries what PostgreSQL says may be retried).
        int rounds = 15;
        int devices = 150;
        try (DeviceRegistry a = DeviceRegistry.open(url, USER, PASSWORD); DeviceRegistry b = DeviceRegistry.open(url, USER, PASSWORD)) {
            java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(2);
            List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());
            List<Thread> writers = new ArrayList<>();
            for (DeviceRegistry registry : List.of(a, b)) {
                long seed = writers.size();
                writers.add(Thread.ofPlatform().name("manager-" + seed).start(() -> {
                    java.util.Random random = new java.util.Random(seed);
                    try {
                        for (int round = 0; round < rounds; round++) {
                            List<DeviceRegistry.StateAt> batch = new ArrayList<>();
                            for (int i = 0; i < devices; i++) {
                                batch.add(new DeviceRegistry.StateAt("r" + round + "-d" + i,
                                        state("{\"online\":true,\"site\":\"Lyon\"}"), T0.plusSeconds(round)));
                            }
                            java.util.Collections.shuffle(batch, random);
                            start.await(20, java.util.concurrent.TimeUnit.SECONDS);
                            registry.recordStates(batch);
                            registry.recordState("r" + round + "-single", state("{\"online\":true}"), T0);
                        }
                    } catch (Throwable t) {
                        failures.add(t);
                        start.reset();
                    }
                }));
            }
            for (Thread w : writers) {
                w.join(java.time.Duration.ofMinutes(2).toMillis());
                assertThat(w.isAlive()).as("%s finished", w.getName()).isFalse();
            }
            assertThat(failures).isEmpty();
            assertThat(a.devices(Optional.empty())).hasSize(rounds * (devices + 1));
        }
    }

    @Test
    void aRolloutIsSavedAndLoadedBackIdenticallyAndItsControlRequestsAreCarriedOut() {
        List<String> devices = IntStream.range(0, 5000).mapToObj(i -> "salle-%05d".formatted(i)).toList();
        RolloutPolicy policy = new RolloutPolicy(RolloutPolicy.parseWaves("1%,10%,100%"), 100, 5, true, Duration.ofHours(24));
        Rollout rollout = Rollout.create("r-pg", "1.5.0", devices, policy, T0);
        URI bundle = URI.create("https://fleet.example/b/1.5.0.bundle");
        Rollout saved;
        try (DeviceRegistry registry = DeviceRegistry.open(url, USER, PASSWORD);
             RolloutStore store = new RolloutStore(url, USER, PASSWORD)) {
            store.create(rollout, bundle, T0);
            rollout.toStart().forEach(id -> rollout.report(id, new Rollout.Report.Succeeded(), T0.plusSeconds(5)));
            store.save(rollout, T0.plusSeconds(5));
            store.save(Rollout.create("r-done", "1.4.0", List.of("x"), policy, T0), T0);
            assertThat(registry.onlineCount()).isZero();

            long pause = store.requestControl("r-pg", RolloutControl.Action.PAUSE, "alice", T0.plusSeconds(6));
            long resume = store.requestControl("r-pg", RolloutControl.Action.RESUME, "alice", T0.plusSeconds(7));
            assertThat(store.pendingControls()).extracting(RolloutControl::seq).containsExactly(pause, resume);
            Rollout running = store.load("r-pg").orElseThrow();
            for (RolloutControl request : store.pendingControls()) {
                store.finishControl(request.seq(), RolloutControl.apply(running, request.action(), T0.plusSeconds(8)),
                        T0.plusSeconds(8));
            }
            store.save(running, T0.plusSeconds(8));
            saved = running;

            assertThat(resume).isGreaterThan(pause);
            assertThat(store.pendingControls()).isEmpty();
            assertThat(store.control(pause).orElseThrow().outcome()).contains("RUNNING -> PAUSED");
            assertThat(store.control(resume).orElseThrow().outcome()).contains("PAUSED -> RUNNING");
            assertThat(store.control(resume).orElseThrow().requestedAt()).isEqualTo(T0.plusSeconds(7));
            assertThatThrownBy(() -> store.create(rollout, bundle, T0)).hasMessageContaining("exists already");
        }

        try (RolloutStore reopened = new RolloutStore(url, USER, PASSWORD)) {
            Rollout loaded = reopened.load("r-pg").orElseThrow();
            assertThat(loaded.snapshot()).isEqualTo(saved.snapshot()).hasSizeGreaterThan(100_000);
            assertThat(reopened.bundle("r-pg")).contains(bundle);
            assertThat(reopened.unfinished()).extracting(Rollout::id).containsExactly("r-done", "r-pg");
            assertThat(reopened.all()).extracting(Rollout::id).containsExactly("r-done", "r-pg");
        }
    }

    @Test
    void configLayersAreSetResolvedAndWhatEachDeviceDidIsKept() {
        try (DeviceRegistry registry = DeviceRegistry.open(url, USER, PASSWORD);
             ConfigLayers layers = new ConfigLayers(url, USER, PASSWORD)) {
            registry.recordState("salle-1", state("{\"online\":true,\"room\":\"Salle A\",\"site\":\"Lyon\"}"), T0);
            layers.set(ConfigScope.ORG, Map.of("call.join-timeout", "25s", "call.error-hold", "8s"), "alice", T0);
            layers.set(ConfigScope.site("Lyon"), Map.of("call.error-hold", "4s"), "bob", T0);
            layers.set(ConfigScope.site("Lyon"), Map.of("call.error-hold", "5s"), "bob", T0.plusSeconds(1));
            layers.set(ConfigScope.device("salle-1"), Map.of("call.join-timeout", "40s"), "carol", T0);
            assertThat(layers.unset(ConfigScope.ORG, List.of("call.join-timeout", "call.meeting"))).containsExactly("call.join-timeout");

            DeviceRecord d = registry.device("salle-1").orElseThrow();
            Map<String, String> wanted = LayerResolution.values(LayerResolution.effective(layers.all(), d.id(), d.site(), d.room()));
            assertThat(wanted).containsExactly(Map.entry("call.error-hold", "5s"), Map.entry("call.join-timeout", "40s"));
            assertThat(layers.all()).filteredOn(v -> v.scope().equals(ConfigScope.site("Lyon"))).singleElement()
                    .satisfies(v -> {
                        assertThat(v.updatedAt()).isEqualTo(T0.plusSeconds(1));
                        assertThat(v.updatedBy()).isEqualTo("bob");
                    });

            layers.recordApplied("salle-1", wanted, T0.plusSeconds(2));
            layers.recordError("salle-1", "abcdef0123456789", "invalid-argument: call.meeting", T0.plusSeconds(3));
            DeviceConfigStatus refused = layers.status("salle-1");
            assertThat(refused.applied()).isEqualTo(wanted);
            assertThat(refused.appliedAt()).contains(T0.plusSeconds(2));
            assertThat(refused.error()).contains("invalid-argument: call.meeting");

            layers.recordAppliedAll(Map.of("salle-1", Map.of("call.error-hold", "5s"), "salle-2", Map.of()), T0.plusSeconds(4));
            assertThat(layers.status("salle-1").error()).isEmpty();
            assertThat(layers.status("salle-1").appliedHash()).isEqualTo(LayerResolution.hash(Map.of("call.error-hold", "5s")));
            assertThat(layers.statuses()).containsOnlyKeys("salle-1", "salle-2");
        }
    }

    @Test
    void consoleUsersAreReplacedAndTheAuditLogKeepsItsOrder() {
        try (DeviceRegistry registry = DeviceRegistry.open(url, USER, PASSWORD);
             ConsoleStore store = new ConsoleStore(url, USER, PASSWORD)) {
            store.putUser("omar", Role.VIEWER, "first-password-1".toCharArray());
            store.putUser("omar", Role.OPERATOR, "second-password-2".toCharArray());
            store.audit(T0, "omar", "login", "console", "ok");
            store.audit(T0.plusSeconds(1), "omar", "rollout.create", "r-1", "201");

            assertThat(store.check("omar", "second-password-2".toCharArray())).contains(Role.OPERATOR);
            assertThat(store.check("omar", "first-password-1".toCharArray())).isEmpty();
            assertThat(store.audit(10)).extracting(ConsoleStore.AuditEntry::action).containsExactly("rollout.create", "login");
            assertThat(store.audit(1)).singleElement().satisfies(e -> assertThat(e.at()).isEqualTo(T0.plusSeconds(1)));
            assertThat(registry.devices(Optional.empty())).isEmpty();
        }
    }

    @Test
    void theCliRunsOnPostgresWithTheUserAndAPasswordFile(@TempDir Path dir) throws Exception {
        Path secret = Files.writeString(dir.resolve("db-password"), PASSWORD + "\n");
        Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-------"));
        Path consolePassword = Files.writeString(dir.resolve("console-password"), "operator-password-1\n");
        Files.setPosixFilePermissions(consolePassword, PosixFilePermissions.fromString("rw-------"));
        String[] db = {"--db", url, "--db-user", USER, "--db-password-file", secret.toString()};
        try (DeviceRegistry registry = DeviceRegistry.open(url, USER, PASSWORD)) {
            registry.recordState("salle-1", state("{\"online\":true,\"room\":\"Salle A\",\"site\":\"Lyon\"}"), T0);
        }

        assertThat(cli(with(db, "devices", "--site", "Lyon"))).contains("salle-1", "1 device(s), 1 online");
        assertThat(cli(with(db, "user", "omar", "--role", "operator", "--password-file", consolePassword.toString())))
                .contains("User omar is operator");
        assertThat(cli(with(db, "config", "set", "--scope", "site=Lyon", "call.join-timeout=30s"))).contains("Set 1 value(s)");
        assertThat(cli(with(db, "config", "show", "--device", "salle-1"))).contains("call.join-timeout", "30s", "site=Lyon");
        assertThat(cli(with(db, "rollout", "create", "--id", "r-cli", "--version", "1.5.0",
                "--bundle-url", "https://fleet.example/b/1.5.0.bundle", "--target", "site=Lyon", "--waves", "100%")))
                .contains("r-cli");
        assertThat(cli(with(db, "rollout", "status", "r-cli"))).contains("r-cli", "1.5.0");
    }

    @Test
    void aWrongPasswordIsAClearErrorThatNamesTheDatabaseAndTheUser() {
        assertThatThrownBy(() -> DeviceRegistry.open(url, USER, "not-the-password"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("cannot connect to the fleet database " + url + " as user 'salle'")
                .hasMessageContaining("password authentication failed")
                .hasMessageNotContaining("not-the-password");
    }

    private List<String> history() throws SQLException {
        try (Connection c = DriverManager.getConnection(url, USER, PASSWORD);
             Statement sql = c.createStatement();
             ResultSet rs = sql.executeQuery(
                     "SELECT version, description, success FROM flyway_schema_history WHERE version IS NOT NULL ORDER BY installed_rank")) {
            List<String> out = new ArrayList<>();
            while (rs.next()) {
                assertThat(rs.getBoolean(3)).as("migration %s succeeded", rs.getString(1)).isTrue();
                out.add(rs.getString(1) + " " + rs.getString(2));
            }
            return out;
        }
    }

    /** Runs {@code ./salle fleet ARGS}; fails with its error output unless it exits 0. */
    private static String cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine line = FleetMain.commandLine();
        line.setOut(new PrintWriter(out, true));
        line.setErr(new PrintWriter(err, true));
        int code = line.execute(args);
        assertThat(code).as("fleet %s: %s", String.join(" ", args), err).isZero();
        return out.toString();
    }

    private static String[] with(String[] db, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of(db));
        return all.toArray(String[]::new);
    }

    @Test
    void everyStoreGoesOnAfterTheServerEndsItsConnectionsAndATransactionCutShortIsRunAgainWhole() throws Exception {
        RolloutPolicy policy = new RolloutPolicy(RolloutPolicy.parseWaves("100%"), 100, 5, false, Duration.ofHours(1));
        try (DeviceRegistry registry = DeviceRegistry.open(url, USER, PASSWORD);
             RolloutStore rollouts = new RolloutStore(url, USER, PASSWORD);
             ConfigLayers layers = new ConfigLayers(url, USER, PASSWORD);
             ConsoleStore console = new ConsoleStore(url, USER, PASSWORD)) {
            registry.recordState("d-1", state("{\"online\":true,\"site\":\"Lyon\"}"), T0);
            rollouts.create(Rollout.create("r-1", "1.5.0", List.of("d-1"), policy, T0), URI.create("https://fleet.example/1.5.0.bundle"), T0);
            layers.set(ConfigScope.ORG, Map.of("call.error-hold", "8s"), "alice", T0);
            console.audit(T0, "alice", "login", "-", "ok");

            assertThat(endConnections()).as("the stores' connections the server ended").isGreaterThanOrEqualTo(4);
            // a write right after the cut: its transaction meets the dead connection and is run again on a new one
            registry.recordStates(List.of(new DeviceRegistry.StateAt("d-2", state("{\"online\":true,\"site\":\"Paris\"}"), T0),
                    new DeviceRegistry.StateAt("d-3", state("{\"online\":true,\"site\":\"Paris\"}"), T0)));
            assertThat(registry.devices(Optional.of("Paris"))).extracting(DeviceRecord::id).containsExactlyInAnyOrder("d-2", "d-3");

            assertThat(endConnections()).as("the registry's new connection; the others' are ended already").isEqualTo(1);
            // stores left idle are asked whether their connection answers before their next use
            Thread.sleep(ReconnectingConnection.IDLE_CHECK_NANOS / 1_000_000 + 500);
            assertThat(rollouts.load("r-1")).isPresent();
            assertThat(layers.all()).extracting(v -> v.key()).contains("call.error-hold");
            console.audit(T0.plusSeconds(1), "alice", "logout", "-", "ok");
            assertThat(console.audit(10)).extracting(ConsoleStore.AuditEntry::action).containsExactly("logout", "login");
            assertThat(registry.device("d-1")).isPresent();
        }
    }

    @Test
    void aTransactionWhoseConnectionIsLostNeverGoesOnHalfDoneOnANewOne() throws Exception {
        DeviceRegistry.open(url, USER, PASSWORD).close(); // migrates
        try (Connection c = FleetDatabase.connect(url, USER, PASSWORD)) {
            c.setAutoCommit(false);
            try (var insert = c.prepareStatement("INSERT INTO audit (at, actor, action, target, outcome) VALUES (?, 'a', 'first', '-', 'ok')")) {
                insert.setObject(1, java.time.OffsetDateTime.parse("2026-11-22T10:00:00Z"));
                insert.executeUpdate();
            }
            assertThat(endConnections()).isPositive();

            // the statement meets the ended session; every call after it, until the caller ends the
            // transaction, is refused rather than run on a new connection without the first half
            assertThatThrownBy(() -> c.prepareStatement("INSERT INTO audit (at, actor, action, target, outcome)"
                    + " VALUES (CURRENT_TIMESTAMP, 'a', 'second', '-', 'ok')").executeUpdate())
                    .isInstanceOfSatisfying(SQLException.class, e -> assertThat(Transactions.lostConnection(e)).isTrue());
            assertThatThrownBy(() -> c.prepareStatement("SELECT 1"))
                    .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("08007"));
            assertThatThrownBy(c::commit)
                    .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("08007"));
            c.rollback();
            c.setAutoCommit(true);

            try (var count = c.prepareStatement("SELECT count(*) FROM audit"); ResultSet rs = count.executeQuery()) {
                rs.next();
                assertThat(rs.getInt(1)).as("nothing of the cut transaction was kept").isZero();
            }
            assertThat(ReconnectingConnection.reconnects(c)).isEqualTo(1);
        }
    }

    /** Ends every session of this test's database but the asking one, as a server restart or an administrator does; how many. */
    private int endConnections() throws SQLException {
        try (Connection c = DriverManager.getConnection(server.url("postgres"), "postgres", PostgresServer.SUPERUSER_PASSWORD);
             var ps = c.prepareStatement("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
                     + " WHERE datname = ? AND pid <> pg_backend_pid()")) {
            ps.setString(1, url.substring(url.lastIndexOf('/') + 1).replaceAll("\\?.*", ""));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    private static StateMessage state(String json) {
        return StateMessage.parse(json.getBytes(StandardCharsets.UTF_8));
    }
}

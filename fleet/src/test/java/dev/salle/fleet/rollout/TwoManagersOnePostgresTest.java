package dev.salle.fleet.rollout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.salle.fleet.FleetManager;
import dev.salle.fleet.config.ConfigLayers;
import dev.salle.fleet.config.ConfigScope;
import dev.salle.fleet.lease.LeaderLease;
import dev.salle.fleet.lease.Leadership;
import dev.salle.fleet.lease.LeadershipLostException;
import dev.salle.fleet.lease.LeaseSettings;
import dev.salle.fleet.lease.Term;
import dev.salle.fleet.registry.DeviceRegistry;
import dev.salle.fleet.registry.PostgresServer;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two fleet managers on one real PostgreSQL ({@link PostgresServer}) and one Mosquitto, with
 * simulated devices: one leads, a rollout and a configuration reach each device once, and when the
 * leader stops (or dies) the other takes over and finishes the rollout.
 */
class TwoManagersOnePostgresTest {

    private static final String USER = "salle";
    private static final String PASSWORD = "fleet-db-password-2";
    private static final int DEVICES = 6;
    private static final Duration WAIT = Duration.ofSeconds(90);
    /** Short, so a takeover after a death fits in a test. */
    private static final LeaseSettings LEASE = new LeaseSettings(Duration.ofMillis(2000), Duration.ofMillis(400));
    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static PostgresServer server;

    @TempDir
    Path dir;

    private String url;
    private RolloutRig rig;
    private final List<FleetManager> managers = new CopyOnWriteArrayList<>();

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
        String name = "lead_" + DATABASES.incrementAndGet();
        server.createDatabase(name, USER);
        url = server.url(name);
    }

    @AfterEach
    void stop() {
        managers.forEach(FleetManager::close);
        if (rig != null) {
            rig.close();
        }
    }

    private FleetManager startManager() {
        return startManager(url);
    }

    private FleetManager startManager(String db) {
        return startManager(db, USER, PASSWORD);
    }

    private FleetManager startManager(String db, String user, String password) {
        FleetManager m = FleetManager.start(rig.broker.uri(), rig.fleetTls(), "salle/v1", db, user, password, rig.clock,
                Duration.ofMillis(300), Duration.ofMillis(200), LEASE);
        managers.add(m);
        return m;
    }

    @Test
    void aLeaderThatLosesTheDatabaseStopsAndTheOtherFinishesTheRolloutAfterTheLeaseExpires() throws Exception {
        rig = new RolloutRig(dir, DEVICES);
        // the leader logs in as a role of its own (with the owner's rights), so the test can keep
        // it out: a manager reconnects by itself after its connections are merely ended
        String roleA = "a_" + url.substring(url.lastIndexOf('/') + 1);
        server.asSuperuser("CREATE ROLE \"" + roleA + "\" LOGIN PASSWORD '" + PASSWORD + "' IN ROLE \"" + USER + "\"");
        DeviceRegistry.open(url, USER, PASSWORD).close(); // migrated by the owner, so the tables are the owner's
        FleetManager a = startManager(url + "?ApplicationName=fleet-a", roleA, PASSWORD);
        FleetManager b = startManager(url + "?ApplicationName=fleet-b");
        rig.devices.forEach(UpdatingDevice::start);
        await().atMost(WAIT).until(() -> b.registry().onlineCount() == DEVICES);
        assertThat(a.leadership().leading()).as("the first to start leads").isTrue();
        UpdatingDevice held = rig.devices.get(DEVICES - 1);
        held.inCall.set(true);
        URI bundle = rig.serve("/1.5.0.bundle", rig.bundle("1.5.0"));
        RolloutPolicy policy = new RolloutPolicy(RolloutPolicy.parseWaves("50%,100%"), 100, 1, false, Duration.ofHours(1));
        try (RolloutStore store = new RolloutStore(url, USER, PASSWORD)) {
            store.create(Rollout.create("r-cut", "1.5.0", rig.deviceIds(), policy, rig.clock.instant()), bundle,
                    rig.clock.instant());
        }
        await().atMost(WAIT).until(() -> b.rollouts().load("r-cut").orElseThrow().device(held.id).detail().equals("deferred"));

        // the leader's database connections are cut and it cannot open new ones (as a network
        // partition would): it cannot renew, nor release
        server.asSuperuser("ALTER ROLE \"" + roleA + "\" NOLOGIN");
        server.asSuperuser("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'fleet-a'");

        await().atMost(Duration.ofSeconds(15)).until(() -> b.leadership().leading());
        assertThat(a.leadership().leading()).as("the cut-off leader stopped leading on its own").isFalse();
        held.inCall.set(false);
        await().atMost(WAIT).until(() -> b.rollouts().load("r-cut").orElseThrow().state() == Rollout.State.DONE);
        assertThat(rig.devices).allSatisfy(d -> {
            assertThat(d.running()).as(d.id).isEqualTo("1.5.0");
            assertThat(d.updateCommands()).as("%s asked once", d.id).isEqualTo(1);
        });
        assertThat(b.leadership().epoch()).isEqualTo(2);
    }

    @Test
    void oneLeadsARolloutAndConfigurationReachEachDeviceOnceAndTheOtherFinishesTheRolloutWhenTheLeaderStops() throws Exception {
        rig = new RolloutRig(dir, DEVICES);
        FleetManager a = startManager();
        FleetManager b = startManager();
        rig.devices.forEach(UpdatingDevice::start);
        await().atMost(WAIT).until(() -> a.registry().onlineCount() == DEVICES && b.registry().onlineCount() == DEVICES);

        // exactly one leads, and both say which
        assertThat(List.of(a.leadership().leading(), b.leadership().leading())).containsExactlyInAnyOrder(true, false);
        FleetManager leader = a.leadership().leading() ? a : b;
        FleetManager follower = leader == a ? b : a;
        assertThat(follower.leadership().leader()).contains(leader.leadership().manager());

        // configuration: each device is sent its values once, by the leader alone
        try (ConfigLayers layers = new ConfigLayers(url, USER, PASSWORD)) {
            layers.set(ConfigScope.ORG, Map.of("call.join-timeout", "25s"), "alice", rig.clock.instant());
        }
        await().atMost(WAIT).until(() -> rig.devices.stream().allMatch(d -> d.config.current().call().joinTimeout()
                .equals(Duration.ofSeconds(25))));
        Thread.sleep(1500); // several passes of both managers after every device applied it
        assertThat(rig.devices).allSatisfy(d -> assertThat(d.setConfigCommands()).as(d.id).isEqualTo(1));

        // a rollout in two waves; the last device of the second wave is in a call, which holds the rollout open
        UpdatingDevice held = rig.devices.get(DEVICES - 1);
        held.inCall.set(true);
        URI bundle = rig.serve("/1.5.0.bundle", rig.bundle("1.5.0"));
        RolloutPolicy policy = new RolloutPolicy(RolloutPolicy.parseWaves("50%,100%"), 100, 1, false, Duration.ofHours(1));
        try (RolloutStore store = new RolloutStore(url, USER, PASSWORD)) {
            store.create(Rollout.create("r-lead", "1.5.0", rig.deviceIds(), policy, rig.clock.instant()), bundle,
                    rig.clock.instant());
        }
        await().atMost(WAIT).until(() -> follower.rollouts().load("r-lead").orElseThrow()
                .device(held.id).detail().equals("deferred"));
        assertThat(follower.rollouts().load("r-lead").orElseThrow().currentWave()).isEqualTo(1);

        // the leader stops cleanly: it releases the lease and the other takes over at its next look
        String leaderName = leader.leadership().manager();
        leader.close();
        managers.remove(leader);
        await().atMost(Duration.ofSeconds(10)).until(() -> follower.leadership().leading());
        held.inCall.set(false);

        await().atMost(WAIT).until(() -> follower.rollouts().load("r-lead").orElseThrow().state() == Rollout.State.DONE);
        assertThat(rig.devices).allSatisfy(d -> {
            assertThat(d.running()).as(d.id).isEqualTo("1.5.0");
            assertThat(d.updateCommands()).as("%s asked once, by one manager", d.id).isEqualTo(1);
        });
        assertThat(follower.leadership().epoch()).isEqualTo(2);
        assertThat(follower.leadership().leader()).isPresent().get().isNotEqualTo(leaderName);
    }

    @Test
    void whenTheLeaderDiesWithoutReleasingTheOtherTakesOverOnceTheLeaseExpiresAndTheStaleTermCannotWrite() throws Exception {
        DeviceRegistry.open(url, USER, PASSWORD).close(); // migrates
        try (LeaderLease leaseA = LeaderLease.open(url, USER, PASSWORD);
             LeaderLease leaseB = LeaderLease.open(url, USER, PASSWORD);
             RolloutStore stale = new RolloutStore(url, USER, PASSWORD)) {
            ScheduledExecutorService threadA = Executors.newSingleThreadScheduledExecutor();
            ScheduledExecutorService threadB = Executors.newSingleThreadScheduledExecutor();
            List<String> heard = new CopyOnWriteArrayList<>();
            Leadership a = new Leadership(leaseA, "manager-a", LEASE, System::nanoTime, listener("manager-a", heard));
            Leadership b = new Leadership(leaseB, "manager-b", LEASE, System::nanoTime, listener("manager-b", heard));
            try {
                a.start(threadA);
                b.start(threadB);
                Term term = a.current().orElseThrow();
                RolloutPolicy policy = new RolloutPolicy(RolloutPolicy.parseWaves("100%"), 100, 1, false, Duration.ofHours(1));
                Rollout rollout = Rollout.create("r-stale", "1.5.0", List.of("d-1"), policy, java.time.Instant.now());
                stale.create(rollout, URI.create("https://127.0.0.1/b"), java.time.Instant.now());
                stale.save(rollout, java.time.Instant.now(), Optional.of(term)); // the leader writes
                Thread.sleep(1000);
                assertThat(b.current()).as("the lease is renewed while its holder lives").isEmpty();

                threadA.shutdownNow(); // manager-a stops renewing, as a process that was killed or froze would

                await().atMost(Duration.ofSeconds(10)).until(() -> b.current().isPresent());
                assertThat(b.current().orElseThrow().epoch()).isEqualTo(2);
                rollout.report("d-1", new Rollout.Report.Succeeded(), java.time.Instant.now());
                assertThatThrownBy(() -> stale.save(rollout, java.time.Instant.now(), Optional.of(term)))
                        .isInstanceOf(LeadershipLostException.class).hasMessageContaining("manager-a (term 1)");
                assertThat(stale.load("r-stale").orElseThrow().state()).as("the stale write changed nothing")
                        .isEqualTo(Rollout.State.RUNNING);
                assertThat(heard).contains("manager-a leads 1", "manager-b leads 2");
            } finally {
                threadA.shutdownNow();
                b.close();
                threadB.shutdownNow();
            }
        }
    }

    private static Leadership.Listener listener(String name, List<String> heard) {
        return new Leadership.Listener() {
            @Override
            public void leading(Term term) {
                heard.add(name + " leads " + term.epoch());
            }

            @Override
            public void following(Optional<String> leader) {
                heard.add(name + " follows " + leader.orElse("nobody"));
            }
        };
    }
}

package dev.salle.fleet.lease;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.salle.fleet.registry.DeviceRegistry;
import dev.salle.fleet.rollout.Rollout;
import dev.salle.fleet.rollout.RolloutPolicy;
import dev.salle.fleet.rollout.RolloutStore;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The lease row on H2, with its odd cases: expired, written by a clock far ahead, lost, released, bad names. */
class LeaderLeaseTest {

    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static final Duration LEASE = Duration.ofSeconds(15);

    private String url;
    private DeviceRegistry registry;
    private LeaderLease a;
    private LeaderLease b;

    @BeforeEach
    void open() {
        url = "jdbc:h2:mem:lease-" + DATABASES.incrementAndGet() + ";DB_CLOSE_DELAY=-1";
        registry = DeviceRegistry.open(url, "sa", ""); // migrates
        a = LeaderLease.open(url, "sa", "");
        b = LeaderLease.open(url, "sa", "");
    }

    @AfterEach
    void close() {
        a.close();
        b.close();
        registry.close();
    }

    @Test
    void theFirstClaimLeadsWithEpochOneAndASecondManagerFollowsWhileTheLeaseRuns() {
        LeaderLease.LeaseView first = a.claim("manager-a", 0, LEASE);
        LeaderLease.LeaseView second = b.claim("manager-b", 0, LEASE);
        LeaderLease.LeaseView renewed = a.claim("manager-a", first.epoch(), LEASE);

        assertThat(first.heldBy("manager-a")).isTrue();
        assertThat(first.epoch()).isEqualTo(1);
        assertThat(first.expiresAt()).isEqualTo(first.databaseNow().plus(LEASE));
        assertThat(second.heldBy("manager-b")).isFalse();
        assertThat(second.holder()).isEqualTo("manager-a");
        assertThat(renewed.epoch()).as("a renewal keeps the term").isEqualTo(1);
        assertThat(renewed.expiresAt()).isAfterOrEqualTo(first.expiresAt());
    }

    @Test
    void anExpiredLeaseIsTakenOverWithTheNextEpochAndTheOldTermIsFencedOff() throws SQLException {
        Term old = a.claim("manager-a", 0, LEASE).term();
        sql("UPDATE fleet_lease SET expires_at = CURRENT_TIMESTAMP - INTERVAL '1' SECOND");

        LeaderLease.LeaseView taken = b.claim("manager-b", 0, LEASE);

        assertThat(taken.heldBy("manager-b")).isTrue();
        assertThat(taken.epoch()).isEqualTo(2);
        assertThatThrownBy(() -> a.requireHeld(old, "send commands")).isInstanceOf(LeadershipLostException.class)
                .hasMessageContaining("cannot send commands: manager-a (term 1) no longer leads");
        b.requireHeld(taken.term(), "send commands"); // the new term holds it
        // the old holder looks again: it follows, and does not take the lease back
        assertThat(a.claim("manager-a", 1, LEASE).holder()).isEqualTo("manager-b");
    }

    @Test
    void aStaleLeaderCannotSaveARolloutOrFinishARequest() throws SQLException {
        RolloutPolicy policy = new RolloutPolicy(RolloutPolicy.parseWaves("100%"), 100, 1, false, Duration.ofHours(1));
        Instant t0 = Instant.parse("2026-11-23T10:00:00Z");
        try (RolloutStore store = new RolloutStore(url, "sa", "")) {
            Rollout rollout = Rollout.create("r-1", "1.5.0", List.of("d-1", "d-2"), policy, t0);
            store.create(rollout, java.net.URI.create("https://127.0.0.1/b"), t0);
            long request = store.requestControl("r-1", dev.salle.fleet.rollout.RolloutControl.Action.PAUSE, "alice", t0);
            Term stale = a.claim("manager-a", 0, LEASE).term();
            sql("UPDATE fleet_lease SET expires_at = CURRENT_TIMESTAMP - INTERVAL '1' SECOND");
            Term fresh = b.claim("manager-b", 0, LEASE).term();

            rollout.report("d-1", new Rollout.Report.Succeeded(), t0.plusSeconds(1));
            assertThatThrownBy(() -> store.save(rollout, t0.plusSeconds(1), Optional.of(stale)))
                    .isInstanceOf(LeadershipLostException.class);
            assertThatThrownBy(() -> store.finishControl(request, "RUNNING -> PAUSED", t0, Optional.of(stale)))
                    .isInstanceOf(LeadershipLostException.class);

            assertThat(store.load("r-1").orElseThrow().device("d-1").progress()).as("nothing written").isEqualTo(dev.salle.fleet.rollout.DeviceProgress.STARTED);
            assertThat(store.pendingControls()).extracting(c -> c.seq()).containsExactly(request);
            store.save(rollout, t0.plusSeconds(1), Optional.of(fresh));
            assertThat(store.load("r-1").orElseThrow().device("d-1").progress()).isEqualTo(dev.salle.fleet.rollout.DeviceProgress.SUCCEEDED);
        }
    }

    @Test
    void aLeaseWhoseEndLiesFurtherAheadThanAnyLeaseIsTakenOver() throws SQLException {
        // written when the database's clock was a day ahead, then set right: waiting for it would leave the fleet leaderless for a day
        a.claim("manager-a", 0, LEASE);
        sql("UPDATE fleet_lease SET expires_at = CURRENT_TIMESTAMP + INTERVAL '1' DAY");

        LeaderLease.LeaseView view = b.claim("manager-b", 0, LEASE);

        assertThat(view.heldBy("manager-b")).isTrue();
        assertThat(view.epoch()).isEqualTo(2);
    }

    @Test
    void aLeaseAheadByLessThanTheLongestLeaseIsRespected() throws SQLException {
        a.claim("manager-a", 0, LEASE);
        sql("UPDATE fleet_lease SET expires_at = CURRENT_TIMESTAMP + INTERVAL '5' MINUTE");

        assertThat(b.claim("manager-b", 0, LEASE).holder()).isEqualTo("manager-a");
    }

    @Test
    void aLostRowIsMadeAgainAboveTheLastEpochSeenAndTheOldTermStaysFenced() throws SQLException {
        Term first = a.claim("manager-a", 0, LEASE).term();
        sql("UPDATE fleet_lease SET epoch = 7");
        sql("DELETE FROM fleet_lease");

        LeaderLease.LeaseView remade = b.claim("manager-b", 7, LEASE);

        assertThat(remade.remade()).isTrue();
        assertThat(remade.heldBy("manager-b")).isTrue();
        assertThat(remade.epoch()).isEqualTo(8);
        assertThatThrownBy(() -> a.requireHeld(first, "save")).isInstanceOf(LeadershipLostException.class);
    }

    @Test
    void aReleasedLeaseIsTakenAtOnceAndReleasingATermThatLostItChangesNothing() {
        Term term = a.claim("manager-a", 0, LEASE).term();

        assertThat(a.release(term)).isTrue();
        LeaderLease.LeaseView taken = b.claim("manager-b", 0, LEASE);
        assertThat(taken.heldBy("manager-b")).isTrue();
        assertThat(a.release(term)).as("no longer its lease").isFalse();
        assertThat(a.claim("manager-a", 1, LEASE).holder()).isEqualTo("manager-b");
    }

    @Test
    void badHolderNamesAndSettingsAreRefusedWithTheKeyAndWhatIsAllowed() {
        assertThatThrownBy(() -> a.claim(" ", 0, LEASE)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("1 to 64 characters");
        assertThatThrownBy(() -> a.claim("m".repeat(65), 0, LEASE)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Term("manager-a", 0)).hasMessageContaining("epoch starts at 1");
        assertThatThrownBy(() -> new LeaseSettings(Duration.ofSeconds(15), Duration.ofSeconds(8)))
                .hasMessageContaining("--lease-renew is PT8S").hasMessageContaining("at most half the lease");
        assertThatThrownBy(() -> new LeaseSettings(Duration.ofSeconds(15), Duration.ZERO)).hasMessageContaining("--lease-renew");
        assertThatThrownBy(() -> new LeaseSettings(Duration.ofMillis(100), Duration.ofMillis(50)))
                .hasMessageContaining("--lease is PT0.1S").hasMessageContaining("allowed");
        assertThatThrownBy(() -> new LeaseSettings(Duration.ofHours(1), Duration.ofSeconds(5))).hasMessageContaining("--lease is PT1H");
        assertThat(LeaseSettings.DEFAULT.lease()).isEqualTo(Duration.ofSeconds(15));
    }

    private void sql(String statement) throws SQLException {
        try (Connection c = DriverManager.getConnection(url, "sa", ""); Statement s = c.createStatement()) {
            s.executeUpdate(statement);
        }
    }
}

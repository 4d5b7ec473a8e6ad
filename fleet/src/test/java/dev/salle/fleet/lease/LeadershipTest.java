package dev.salle.fleet.lease;

import static org.assertj.core.api.Assertions.assertThat;

import dev.salle.fleet.registry.DeviceRegistry;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The renewal loop, one claim at a time, with a fake monotonic timer: changes heard, stepping down on its own, release. */
class LeadershipTest {

    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static final LeaseSettings SETTINGS = new LeaseSettings(Duration.ofSeconds(15), Duration.ofSeconds(5));

    private String url;
    private DeviceRegistry registry;
    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private final List<String> heard = new CopyOnWriteArrayList<>();

    @BeforeEach
    void open() {
        url = "jdbc:h2:mem:leadership-" + DATABASES.incrementAndGet() + ";DB_CLOSE_DELAY=-1";
        registry = DeviceRegistry.open(url, "sa", "");
    }

    @AfterEach
    void close() {
        registry.close();
    }

    private Leadership leadership(String holder, LeaderLease lease) {
        return new Leadership(lease, holder, SETTINGS, nanos::get, new Leadership.Listener() {
            @Override
            public void leading(Term term) {
                heard.add(holder + " leads " + term.epoch());
            }

            @Override
            public void following(Optional<String> leader) {
                heard.add(holder + " follows " + leader.orElse("nobody"));
            }
        });
    }

    @Test
    void oneLeadsTheOtherFollowsAndTakesOverWhenTheLeaseIsReleased() {
        try (LeaderLease la = LeaderLease.open(url, "sa", ""); LeaderLease lb = LeaderLease.open(url, "sa", "")) {
            Leadership a = leadership("manager-a", la);
            Leadership b = leadership("manager-b", lb);
            a.claim();
            b.claim();

            assertThat(a.current()).contains(new Term("manager-a", 1));
            assertThat(b.current()).isEmpty();
            assertThat(b.status().leader()).contains("manager-a");
            assertThat(b.status().leading()).isFalse();

            a.close();
            b.claim();

            assertThat(a.current()).isEmpty();
            assertThat(b.current()).contains(new Term("manager-b", 2));
            assertThat(heard).containsExactly("manager-a leads 1", "manager-a follows nobody", "manager-b leads 2");
        }
    }

    @Test
    void aLeaderThatCannotRenewForAWholeLeaseStopsLeadingOnItsOwn() throws SQLException {
        LeaderLease lease = LeaderLease.open(url, "sa", "");
        Leadership a = leadership("manager-a", lease);
        a.claim();
        lease.close(); // the database is gone for this manager

        nanos.addAndGet(Duration.ofSeconds(10).toNanos());
        a.claim();
        assertThat(a.current()).as("still within its lease").isPresent();

        nanos.addAndGet(Duration.ofSeconds(5).toNanos());
        assertThat(a.current()).as("a whole lease since its last renewal began").isEmpty();
        a.claim();

        assertThat(heard).containsExactly("manager-a leads 1", "manager-a follows nobody");
        assertThat(a.status().failedClaims()).isEqualTo(2);
        assertThat(a.status().leading()).isFalse();
    }

    @Test
    void aMonotonicTimerThatWrapsAroundNeitherEndsALeadEarlyNorKeepsItPastTheLease() {
        nanos.set(Long.MAX_VALUE - Duration.ofSeconds(1).toNanos());
        try (LeaderLease lease = LeaderLease.open(url, "sa", "")) {
            Leadership a = leadership("manager-a", lease);
            a.claim();

            nanos.addAndGet(Duration.ofSeconds(10).toNanos()); // past Long.MAX_VALUE: negative now
            assertThat(a.current()).as("10 s into a 15 s lease").isPresent();
            nanos.addAndGet(Duration.ofSeconds(5).toNanos());
            assertThat(a.current()).as("15 s into a 15 s lease").isEmpty();
        }
    }

    @Test
    void aLeaderPausedLongerThanItsLeaseStartsAFreshTermOfItsOwnWhenNobodyTookOver() {
        try (LeaderLease lease = LeaderLease.open(url, "sa", "")) {
            Leadership a = leadership("manager-a", lease);
            a.claim();
            nanos.addAndGet(Duration.ofSeconds(20).toNanos()); // a long pause: its runners stop at their next step

            assertThat(a.current()).isEmpty();
            a.claim();

            assertThat(a.current()).contains(new Term("manager-a", 1));
            assertThat(heard).containsExactly("manager-a leads 1", "manager-a follows manager-a", "manager-a leads 1");
        }
    }

    @Test
    void aLeaderWhoseLeaseWasTakenOverHearsItAtItsNextClaim() throws SQLException {
        try (LeaderLease la = LeaderLease.open(url, "sa", ""); LeaderLease lb = LeaderLease.open(url, "sa", "")) {
            Leadership a = leadership("manager-a", la);
            Leadership b = leadership("manager-b", lb);
            a.claim();
            try (Connection c = DriverManager.getConnection(url, "sa", "")) {
                c.createStatement().executeUpdate("UPDATE fleet_lease SET expires_at = CURRENT_TIMESTAMP - INTERVAL '1' SECOND");
            }
            b.claim();
            a.claim();

            assertThat(a.current()).isEmpty();
            assertThat(b.current()).contains(new Term("manager-b", 2));
            assertThat(heard).containsExactly("manager-a leads 1", "manager-b leads 2", "manager-a follows manager-b");
            assertThat(a.status().leader()).contains("manager-b");
            assertThat(a.status().epoch()).isEqualTo(2);
        }
    }
}

package dev.salle.fleet.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.salle.fleet.registry.DeviceRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import javax.net.ssl.SSLSocketFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each device's last telemetry is kept in the database and read back when the fleet manager
 * starts again, marked as from before the restart, until the device reports again. The monitor
 * is driven through its message handler; no broker is needed for this.
 */
class StoredHealthTest {

    private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");

    @TempDir
    Path dir;

    private FleetMonitor monitor(DeviceRegistry registry, Instant now) {
        return new FleetMonitor("ssl://127.0.0.1:1", "salle-fleet-test", (SSLSocketFactory) SSLSocketFactory.getDefault(),
                "salle/v1", registry, Clock.fixed(now, ZoneOffset.UTC));
    }

    private static void telemetry(FleetMonitor monitor, String id, String json) {
        monitor.handle("salle/v1/devices/" + id + "/telemetry", json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aRestartedManagerShowsTheLastHealthAsRestoredUntilFreshTelemetryReplacesItAndSkipsAMalformedOne() throws Exception {
        String db = "jdbc:h2:file:" + dir.resolve("fleet");
        try (DeviceRegistry registry = DeviceRegistry.open(db, "sa", "")) {
            FleetMonitor before = monitor(registry, T0);
            telemetry(before, "d-1", "{\"camera\":false,\"microphone\":true}");
            telemetry(before, "d-2", "{\"camera\":true}");
            telemetry(before, "d-2", "{\"camera\":true,\"display\":false}"); // the latest of a device is the one kept
            before.close(); // writes what is pending
        }
        try (Connection c = DriverManager.getConnection(db, "sa", "");
             PreparedStatement insert = c.prepareStatement("INSERT INTO device_health (id, report, reported_at) VALUES (?, ?, ?)")) {
            for (String[] bad : new String[][] {{"d-3", "{\"camera\":tru"}, {"d-4", "[1,2]"}, {"../d-5", "{}"}}) {
                insert.setString(1, bad[0]);
                insert.setString(2, bad[1]);
                insert.setTimestamp(3, Timestamp.from(T0));
                insert.executeUpdate();
            }
        }

        try (DeviceRegistry registry = DeviceRegistry.open(db, "sa", "")) {
            FleetMonitor after = monitor(registry, T0.plusSeconds(600));
            assertThat(after.activity().latestTelemetry("d-1")).as("nothing before it reads back").isEmpty();

            assertThat(after.restoreHealth()).isEqualTo(2);

            DeviceActivity.Heard d1 = after.activity().latestTelemetry("d-1").orElseThrow();
            assertThat(d1.restored()).isTrue();
            assertThat(d1.at()).isEqualTo(T0);
            assertThat(d1.message().get("camera").asBoolean(true)).isFalse();
            assertThat(after.activity().latestTelemetry("d-2").orElseThrow().message().toString())
                    .isEqualTo("{\"camera\":true,\"display\":false}");
            assertThat(after.activity().latestTelemetry("d-3")).isEmpty();
            assertThat(after.activity().latestTelemetry("d-4")).isEmpty();
            assertThat(after.dropped()).containsEntry("bad-stored-health", 3L);

            telemetry(after, "d-1", "{\"camera\":true,\"microphone\":true}");
            DeviceActivity.Heard fresh = after.activity().latestTelemetry("d-1").orElseThrow();
            assertThat(fresh.restored()).isFalse();
            assertThat(fresh.at()).isEqualTo(T0.plusSeconds(600));
            assertThat(fresh.message().get("camera").asBoolean()).isTrue();
            after.close();
        }

        try (DeviceRegistry registry = DeviceRegistry.open(db, "sa", "")) {
            FleetMonitor third = monitor(registry, T0.plusSeconds(1200));
            third.restoreHealth();
            assertThat(third.activity().latestTelemetry("d-1").orElseThrow().at()).as("the fresh report was stored in turn")
                    .isEqualTo(T0.plusSeconds(600));
            third.close();
        }
    }

    @Test
    void manyReportsAreWrittenTogetherAndAnOlderReportDoesNotReplaceANewerOne() {
        try (DeviceRegistry registry = DeviceRegistry.open("jdbc:h2:mem:health-batch;DB_CLOSE_DELAY=-1", "sa", "")) {
            java.util.List<DeviceRegistry.HealthAt> batch = new java.util.ArrayList<>();
            for (int i = 0; i < 2000; i++) {
                batch.add(new DeviceRegistry.HealthAt("d-%04d".formatted(i), "{\"camera\":true}", T0));
            }
            registry.recordHealth(batch);
            registry.recordHealth(java.util.List.of(new DeviceRegistry.HealthAt("d-0001", "{\"camera\":false}", T0.plusSeconds(30))));
            registry.recordHealth(java.util.List.of(new DeviceRegistry.HealthAt("d-0001", "{\"old\":true}", T0.minusSeconds(30))));

            assertThat(registry.storedHealth()).hasSize(2000);
            assertThat(registry.storedHealth()).filteredOn(h -> h.id().equals("d-0001")).singleElement()
                    .satisfies(h -> {
                        assertThat(h.report()).isEqualTo("{\"camera\":false}");
                        assertThat(h.at()).isEqualTo(T0.plusSeconds(30));
                    });
        }
    }
}

package dev.salle.device.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SystemTelemetryTest {

    @TempDir
    Path root;

    private Path proc() {
        return root.resolve("proc");
    }

    private Path sys() {
        return root.resolve("sys");
    }

    private void write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }

    private void stat(long user, long idle) throws IOException {
        write(proc().resolve("stat"), "cpu  " + user + " 0 0 " + idle + " 0 0 0 0 0 0\ncpu0 1 2 3 4 5 6 7 8 0 0\n");
    }

    @Test
    void cpuPercentComesFromTheDifferenceBetweenTwoReads() throws IOException {
        SystemTelemetry telemetry = new SystemTelemetry(proc(), sys());
        stat(100, 900);
        assertThat(telemetry.read()).doesNotContainKey("cpuPercent");

        stat(125, 975);

        assertThat(telemetry.read()).containsEntry("cpuPercent", 25.0);
    }

    @Test
    void readsMemoryHottestThermalZoneAndUptime() throws IOException {
        write(proc().resolve("meminfo"), "MemTotal:        3884000 kB\nMemFree:  100 kB\nMemAvailable:    2100000 kB\n");
        write(sys().resolve("class/thermal/thermal_zone0/temp"), "48300\n");
        write(sys().resolve("class/thermal/thermal_zone1/temp"), "51000\n");
        write(proc().resolve("uptime"), "3600.42 12000.00\n");

        Map<String, Object> sample = new SystemTelemetry(proc(), sys()).read();

        assertThat(sample).containsEntry("memTotalKb", 3_884_000L).containsEntry("memAvailableKb", 2_100_000L)
                .containsEntry("temperatureC", 51.0).containsEntry("uptimeS", 3600L);
    }

    @Test
    void malformedOrMissingFilesLeaveTheirFieldsOut() throws IOException {
        write(proc().resolve("stat"), "cpu  abc def\n");
        write(proc().resolve("meminfo"), "MemTotal: lots kB\n");
        write(sys().resolve("class/thermal/thermal_zone0/temp"), "hot\n");
        write(sys().resolve("class/thermal/thermal_zone1/temp"), "");
        write(proc().resolve("uptime"), "-5 x\n");
        SystemTelemetry telemetry = new SystemTelemetry(proc(), sys());

        telemetry.read();

        assertThat(telemetry.read()).isEmpty();
    }

    @Test
    void aCounterThatWentBackwardsGivesNoCpuPercent() throws IOException {
        SystemTelemetry telemetry = new SystemTelemetry(proc(), sys());
        stat(500, 500);
        telemetry.read();
        stat(100, 100);

        assertThat(telemetry.read()).doesNotContainKey("cpuPercent");
    }

    @Test
    void onThisLinuxMachineMemoryAndUptimeAreReadable() {
        Map<String, Object> sample = SystemTelemetry.ofThisMachine().read();

        assertThat(sample).containsKeys("memTotalKb", "uptimeS");
    }
}

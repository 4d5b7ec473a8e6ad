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

        assertThat(telemetry.read()).containsOnlyKeys("network").containsEntry("network", Map.of("defaultRoute", false));
    }

    private static final String ROUTE_HEADER = "Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT\n";

    @Test
    void theNetworkIsTheDefaultRoutesLinkWithItsStateSpeedAndErrors() throws IOException {
        write(proc().resolve("net/route"), ROUTE_HEADER
                + "wlan0\t0000A8C0\t00000000\t0001\t0\t0\t600\t00FFFFFF\t0\t0\t0\n"
                + "eth0\t00000000\t0100A8C0\t0003\t0\t0\t100\t00000000\t0\t0\t0\n");
        write(sys().resolve("class/net/eth0/operstate"), "up\n");
        write(sys().resolve("class/net/eth0/speed"), "1000\n");
        write(sys().resolve("class/net/eth0/statistics/rx_errors"), "0\n");
        write(sys().resolve("class/net/eth0/statistics/tx_errors"), "3\n");
        write(sys().resolve("class/net/eth0/statistics/rx_dropped"), "12\n");
        write(sys().resolve("class/net/wlan0/operstate"), "up\n");
        Files.createDirectories(sys().resolve("class/net/wlan0/wireless"));

        assertThat(NetworkTelemetry.read(proc(), sys())).isEqualTo(Map.of("defaultRoute", true, "interface", "eth0",
                "kind", "ethernet", "up", true, "speedMbps", 1000L, "rxErrors", 0L, "txErrors", 3L, "rxDropped", 12L));

        write(proc().resolve("net/route"), ROUTE_HEADER + "wlan0\t00000000\t0100A8C0\t0003\t0\t0\t600\t00000000\t0\t0\t0\n");
        write(sys().resolve("class/net/wlan0/operstate"), "dormant\n");
        write(sys().resolve("class/net/wlan0/speed"), "-1\n");

        assertThat(NetworkTelemetry.read(proc(), sys())).isEqualTo(Map.of("defaultRoute", true, "interface", "wlan0",
                "kind", "wifi", "up", false));
    }

    @Test
    void hostileOrBrokenRouteTablesNameNoInterface() throws IOException {
        write(sys().resolve("etc/operstate"), "up\n");
        for (String line : new String[] {
                "../../etc\t00000000\t0100A8C0\t0003\t0\t0\t100\t00000000\t0\t0\t0", // not an interface name
                "eth0\t00000000\t0100A8C0\t0002\t0\t0\t100\t00000000\t0\t0\t0", // not up
                "eth0\t00000000\t0100A8C0\t0003\t0\t0\t100\t00FFFFFF\t0\t0\t0", // a mask: not the default
                "eth0\tzzzzzzzz\t0100A8C0\t0003\t0\t0\t100\t00000000\t0\t0\t0", // not hexadecimal
                "eth0 00000000", // too short
                "averyveryverylonginterfacename\t00000000\t0\t0003\t0\t0\t0\t00000000\t0\t0\t0"}) {
            assertThat(NetworkTelemetry.defaultRouteInterface(java.util.List.of(ROUTE_HEADER.strip(), line))).as(line).isEmpty();
        }
        assertThat(NetworkTelemetry.defaultRouteInterface(java.util.List.of(
                "eth0\t00000000\t0100A8C0\t0003\t0\t0\t100\t00000000\t0\t0\t0"))).as("the header line is skipped").isEmpty();
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

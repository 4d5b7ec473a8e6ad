package dev.salle.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.salle.device.config.ConfigStore;
import dev.salle.device.config.DeviceConfig;
import dev.salle.device.enrol.EnrolmentFlow;
import dev.salle.device.hardware.DeviceHardware;
import dev.salle.provisioning.ca.DeviceCa;
import dev.salle.provisioning.ca.DeviceKeys;
import dev.salle.provisioning.ca.Pem;
import dev.salle.provisioning.ca.SecretFiles;
import dev.salle.provisioning.device.DeviceIdentity;
import dev.salle.provisioning.device.DeviceIdentityStore;
import dev.salle.provisioning.qr.ProvisioningKey;
import java.net.URI;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Start-up of an enrolled device, and the factory reset by holding the button at start. */
class DeviceBootTest {

    @TempDir
    Path dir;

    private final Clock clock = Clock.systemUTC();
    private final FakeDeviceMedia media = new FakeDeviceMedia();
    private final ExecutorService runner = Executors.newSingleThreadExecutor();
    private DeviceIdentityStore store;
    private DeviceBoot boot;
    private DeviceApp app;

    @BeforeEach
    void enrolled() throws Exception {
        SecretFiles.writePublic(dir.resolve("anchors.pem"), Pem.write(ProvisioningKey.generate().getPublic()));
        DeviceCa ca = DeviceCa.create(dir.resolve("ca"), "Org", clock);
        KeyPair pair = DeviceKeys.generate();
        store = new DeviceIdentityStore(dir.resolve("data"));
        store.save(new DeviceIdentity("d-enrolled", pair.getPrivate(),
                List.of(ca.issueDevice(Pem.certificationRequest(DeviceKeys.certificateRequest(pair)), "d-enrolled"),
                        ca.certificate()), ca.certificate(), URI.create("mqtts://127.0.0.1:8883"), "salle/v1", "Site",
                "Salle Marianne", Optional.empty(), Instant.now()));
    }

    @AfterEach
    void stop() throws Exception {
        if (boot != null) {
            boot.close();
        }
        if (app != null) {
            app.close();
        }
        runner.shutdownNow();
        runner.awaitTermination(10, TimeUnit.SECONDS);
    }

    @Test
    void anEnrolledDeviceStartsWithItsOwnIdAndBroker() throws Exception {
        app = start(DeviceHardware::open).get(30, TimeUnit.SECONDS);

        assertThat(app.config().current().identity().deviceId()).isEqualTo("d-enrolled");
        assertThat(app.config().current().fleet().broker()).isEqualTo("mqtts://127.0.0.1:8883");
        assertThat(store.exists()).isTrue();
    }

    @Test
    void holdingTheButtonAsTheDeviceStartsWipesItsIdentityAndItScansAgain() {
        start((c, clk, scheduler) -> {
            DeviceHardware hw = DeviceHardware.open(c, clk, scheduler);
            hw.simulatedButton().orElseThrow().hold();
            return hw;
        });

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            assertThat(store.exists()).isFalse();
            assertThat(boot.firstBoot()).hasValueSatisfying(f -> assertThat(f.message()).isEqualTo(EnrolmentFlow.SCAN_MESSAGE));
        });
        assertThat(media.scanning).isNotNull();
    }

    @Test
    void aButtonLetGoBeforeTheLongPressDoesNotReset() throws Exception {
        app = start((c, clk, scheduler) -> {
            DeviceHardware hw = DeviceHardware.open(c, clk, scheduler);
            hw.simulatedButton().orElseThrow().hold();
            scheduler.schedule(() -> hw.simulatedButton().orElseThrow().release(), 300, TimeUnit.MILLISECONDS);
            return hw;
        }).get(30, TimeUnit.SECONDS);

        assertThat(store.exists()).isTrue();
        assertThat(app.config().current().identity().deviceId()).isEqualTo("d-enrolled");
    }

    private Future<DeviceApp> start(DeviceBoot.HardwareOpener opener) {
        DeviceConfig config = DeviceConfig.of(Map.of(
                "device.hardware", "simulated",
                "device.data-dir", dir.resolve("data").toString(),
                "provisioning.enabled", "true",
                "provisioning.trust-anchors", dir.resolve("anchors.pem").toString(),
                "page.enabled", "false",
                "fleet.enabled", "false",
                "button.long-press", "1s"), "test");
        boot = new DeviceBoot(new ConfigStore(config, Optional.empty(), "test"), c -> media, Map::of, () -> { }, clock, opener);
        return runner.submit(boot::run);
    }
}

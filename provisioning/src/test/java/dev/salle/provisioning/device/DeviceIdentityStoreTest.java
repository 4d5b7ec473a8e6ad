package dev.salle.provisioning.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.salle.provisioning.ca.DeviceCa;
import dev.salle.provisioning.ca.DeviceKeys;
import dev.salle.provisioning.ca.Pem;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeviceIdentityStoreTest {

    @TempDir
    Path dir;

    @Test
    void savedIdentityComesBackWithItsKeyReadableByTheOwnerOnly() throws Exception {
        DeviceIdentityStore store = new DeviceIdentityStore(dir.resolve("data"));
        DeviceIdentity identity = identity();

        store.save(identity);

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(
                store.folder().resolve(DeviceIdentityStore.KEY_FILE)))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(store.folder()))).isEqualTo("rwx------");
        DeviceIdentity loaded = store.load().orElseThrow();
        assertThat(loaded.deviceId()).isEqualTo("d-1");
        assertThat(loaded.key()).isEqualTo(identity.key());
        assertThat(loaded.chain()).isEqualTo(identity.chain());
        assertThat(loaded.meeting()).contains("https://visio.example/abc-defg-hij");
        assertThat(loaded.enrolledAt()).isEqualTo(identity.enrolledAt());
        try (var files = Files.list(dir.resolve("data"))) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly(DeviceIdentityStore.FOLDER);
        }
    }

    @Test
    void aSecondIdentityIsRefusedUntilAFactoryResetWipesTheFirst() throws Exception {
        DeviceIdentityStore store = new DeviceIdentityStore(dir);
        store.save(identity());

        assertThatThrownBy(() -> store.save(identity())).hasMessageContaining("factory reset");
        assertThat(store.wipe()).isTrue();
        assertThat(store.load()).isEmpty();
        assertThat(store.wipe()).isFalse();
        store.save(identity());
        assertThat(store.load()).isPresent();
    }

    @Test
    void aDamagedIdentityNamesTheFileAndSaysHowToRecover() throws Exception {
        DeviceIdentityStore store = new DeviceIdentityStore(dir);
        store.save(identity());
        Files.writeString(store.folder().resolve(DeviceIdentityStore.CHAIN_FILE), "garbage");

        assertThatThrownBy(store::load).hasMessageContaining(DeviceIdentityStore.CHAIN_FILE).hasMessageContaining("factory reset");
    }

    @Test
    void aKeyOthersCanReadIsRefused() throws Exception {
        DeviceIdentityStore store = new DeviceIdentityStore(dir);
        store.save(identity());
        Files.setPosixFilePermissions(store.folder().resolve(DeviceIdentityStore.KEY_FILE),
                PosixFilePermissions.fromString("rw-r--r--"));

        assertThatThrownBy(store::load).hasMessageContaining("chmod 600");
    }

    private DeviceIdentity identity() throws Exception {
        Path caDir = Files.createTempDirectory(dir, "ca");
        DeviceCa ca = DeviceCa.create(caDir, "Org", Clock.systemUTC());
        KeyPair pair = DeviceKeys.generate();
        var cert = ca.issueDevice(Pem.certificationRequest(DeviceKeys.certificateRequest(pair)), "d-1");
        return new DeviceIdentity("d-1", pair.getPrivate(), List.of(cert, ca.certificate()), ca.certificate(),
                URI.create("mqtts://127.0.0.1:8883"), "salle/v1", "Site", "Room",
                Optional.of("https://visio.example/abc-defg-hij"), Instant.parse("2026-11-22T10:00:00Z"));
    }
}

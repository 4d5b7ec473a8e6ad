package dev.salle.image;

import static org.assertj.core.api.Assertions.assertThat;
import static dev.salle.image.Commands.MODULE;
import static dev.salle.image.Commands.buildSh;
import static dev.salle.image.Commands.deleteTree;
import static dev.salle.image.Commands.isRoot;
import static dev.salle.image.Commands.run;
import static org.awaitility.Awaitility.await;

import dev.salle.broker.EmbeddedMqttBroker;
import dev.salle.bundle.BundleVersion;
import dev.salle.bundle.BundleWriter;
import dev.salle.bundle.ReleaseKeys;
import dev.salle.fleet.FleetManager;
import dev.salle.fleet.registry.DeviceRecord;
import dev.salle.fleet.rollout.Rollout;
import dev.salle.fleet.rollout.RolloutPolicy;
import dev.salle.provisioning.ca.DeviceCa;
import dev.salle.provisioning.ca.DeviceKeys;
import dev.salle.provisioning.ca.IssuedIdentity;
import dev.salle.provisioning.ca.MutualTls;
import dev.salle.provisioning.ca.Pem;
import dev.salle.provisioning.device.DeviceIdentity;
import dev.salle.provisioning.device.DeviceIdentityStore;
import dev.salle.testkit.LoopbackPorts;
import dev.salle.testkit.RealDependency;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The amd64 twin of the OS image, for real: built by {@code build.sh} from Debian's packages, booted
 * under QEMU with the fleet's embedded broker (mutual TLS) and an HTTPS bundle server on this
 * machine's loopback. The device app comes up as a systemd service and shows online in the fleet;
 * a signed slot image rolled out by the fleet goes into slot B, and after the reboot the new
 * version reports healthy; a broken slot image (its device app cannot start) boots, never proves
 * itself, and the twin comes back on slot A by itself, reporting "rolled-back".
 */
class ImageTwinTest {

    private static final Logger log = LoggerFactory.getLogger(ImageTwinTest.class);
    private static final String DEVICE = "d-twin01";
    private static final String BROKER_IN_GUEST = "10.0.2.100";
    private static final String BUNDLES_IN_GUEST = "10.0.2.101";

    private final List<AutoCloseable> closing = new ArrayList<>();
    private final List<String> timings = new ArrayList<>();
    private long mark = System.nanoTime();
    private QemuTwin twin;

    @AfterEach
    void stop() throws Exception {
        if (twin != null) {
            twin.close();
        }
        for (AutoCloseable c : closing.reversed()) {
            c.close();
        }
    }

    @Test
    void twinBootsComesOnlineUpdatesIntoTheOtherSlotAndComesBackFromABrokenOne() throws Exception {
        requireTools();
        Path dir = MODULE.resolve("target/twin-test");
        Clock clock = Clock.systemUTC();
        Path rootfs = dir.resolve("rootfs");
        // -Dsalle.twin.reuse=true (a developer's loop only) keeps the root file system, slot images and keys of the last run
        boolean reuse = Boolean.getBoolean("salle.twin.reuse") && Files.exists(dir.resolve("slot-1.2.0.squashfs"))
                && Files.exists(dir.resolve("release.key"));
        KeyPair release;
        DeviceCa ca;
        Path v1 = dir.resolve("slot-1.0.0.squashfs");
        Path v2 = dir.resolve("slot-1.1.0.squashfs");
        Path broken = dir.resolve("slot-1.2.0.squashfs");
        if (reuse) {
            release = new KeyPair(ReleaseKeys.readPublic(Files.readString(dir.resolve("release.pub"))),
                    ReleaseKeys.readPrivate(Files.readString(dir.resolve("release.key"))));
            ca = DeviceCa.open(dir.resolve("ca"), clock);
            for (String old : List.of("twin.img", "twin.img.work", "broker", "bundles", "seed", "console.log", "ovmf-vars.fd")) {
                deleteTree(dir.resolve(old));
            }
        } else {
            deleteTree(dir);
            Files.createDirectories(dir);
            // Keys and certificates: the release key the image trusts, the organisation's device CA.
            release = ReleaseKeys.generate();
            Files.writeString(dir.resolve("release.pub"), ReleaseKeys.publicPem(release.getPublic()));
            Files.writeString(dir.resolve("release.key"), ReleaseKeys.privatePem(release.getPrivate()));
            Files.writeString(dir.resolve("provisioning.pub"), ReleaseKeys.publicPem(ReleaseKeys.generate().getPublic()));
            ca = DeviceCa.create(dir.resolve("ca"), "Twin org", clock);

            // The image: one root file system, three slot images from it (1.0.0, 1.1.0, and a broken 1.2.0).
            lap(null);
            run(Duration.ofMinutes(20), dir.resolve("build-rootfs.log"), buildSh(), "rootfs", "--board", "amd64-qemu",
                    "--app", MODULE.resolve("target/app").toString(), "--version", "1.0.0",
                    "--release-key", dir.resolve("release.pub").toString(),
                    "--provisioning-key", dir.resolve("provisioning.pub").toString(), "--out", rootfs.toString());
            assertThat(rootfs.resolve("usr/lib/systemd/system/salle-device.service")).exists();
            lap("root file system (mmdebstrap, layers)");
            slot(rootfs, dir, "1.0.0");
            lap("slot image 1.0.0 (squashfs, gzip)");
            slot(rootfs, dir, "1.1.0");
            Path appJar;
            try (Stream<Path> jars = Files.list(rootfs.resolve("usr/lib/salle/app/lib"))) {
                appJar = jars.filter(p -> p.getFileName().toString().startsWith("device-app-")).findFirst().orElseThrow();
            }
            Path aside = dir.resolve(appJar.getFileName());
            Files.move(appJar, aside);
            slot(rootfs, dir, "1.2.0");
            Files.move(aside, appJar);
        }

        // The data partition holds an enrolled identity, as after a QR enrolment.
        Path seed = dir.resolve("seed");
        KeyPair deviceKey = DeviceKeys.generate();
        X509Certificate deviceCert = ca.issueDevice(Pem.certificationRequest(DeviceKeys.certificateRequest(deviceKey)), DEVICE);
        new DeviceIdentityStore(seed.resolve("salle")).save(new DeviceIdentity(DEVICE, deviceKey.getPrivate(),
                List.of(deviceCert, ca.certificate()), ca.certificate(), URI.create("mqtts://" + BROKER_IN_GUEST + ":8883"),
                "salle/v1", "Twin site", "Twin room", Optional.empty(), clock.instant()));
        // The image's default config, with small, slow media: under software emulation the idle
        // pipelines' x264 would otherwise take the CPU the update needs (a Pi encodes in hardware).
        Files.writeString(seed.resolve("salle/salle.conf"), String.join("\n",
                "device.hardware = simulated",
                "device.data-dir = /data/salle",
                "provisioning.enabled = true",
                "provisioning.trust-anchors = /usr/lib/salle/provisioning.pub",
                "update.trust-anchors = /usr/lib/salle/release.pub",
                "update.mechanism = grub",
                "update.max-bundle-mb = 1200",
                "update.health-timeout = 5m",
                "media.video.width = 320",
                "media.video.height = 180",
                "media.video.fps = 5",
                "media.display.sink = none",
                "media.display.width = 320",
                "media.display.height = 180",
                ""));
        Path disk = dir.resolve("twin.img");
        lap(null);
        run(Duration.ofMinutes(5), dir.resolve("build-disk.log"), buildSh(), "disk", "--board", "amd64-qemu",
                "--slot", v1.toString(), "--data-seed", seed.toString(), "--out", disk.toString());
        lap("disk image");

        // The fleet: embedded broker with mutual TLS, the fleet manager, and an HTTPS server for bundles.
        int brokerPort = LoopbackPorts.free();
        EmbeddedMqttBroker broker = EmbeddedMqttBroker.startMutualTls(brokerPort, Optional.of(dir.resolve("broker")),
                new EmbeddedMqttBroker.MutualTls(ca.issueServer("broker", List.of("127.0.0.1", BROKER_IN_GUEST)),
                        ca.certificate(), "salle/v1", "salle-fleet", Set::of, "127.0.0.1"));
        closing.add(broker);
        IssuedIdentity fleetId = ca.issueClient("salle-fleet");
        FleetManager fleet = FleetManager.start(broker.uri(), MutualTls.clientContext(fleetId.key(), fleetId.chain(),
                        ca.certificate()).getSocketFactory(), "salle/v1", "jdbc:h2:mem:twin-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1",
                "sa", "", clock, Duration.ofSeconds(1), Duration.ofMillis(500));
        closing.add(fleet);
        Path bundles = Files.createDirectories(dir.resolve("bundles"));
        sign(v2, "1.1.0", release, bundles.resolve("1.1.0.bundle"));
        sign(broken, "1.2.0", release, bundles.resolve("1.2.0.bundle"));
        int httpsPort = LoopbackPorts.free();
        HttpsServer https = bundleServer(httpsPort, ca.issueServer("bundles", List.of(BUNDLES_IN_GUEST)), bundles);
        closing.add(() -> https.stop(0));

        // Boot: the device app starts as a systemd service and comes online with the image's version.
        boolean kvm = QemuTwin.kvmUsable(rootfs.resolve("boot/vmlinuz"), dir);
        log.info("booting the twin under {}", kvm ? "KVM" : "software emulation (KVM is missing or does not run a kernel here)");
        timings.add("accelerator: " + (kvm ? "KVM" : "TCG (software emulation)"));
        lap(null);
        twin = QemuTwin.boot(disk, dir, kvm, List.of(new QemuTwin.Forward(BROKER_IN_GUEST, 8883, brokerPort),
                new QemuTwin.Forward(BUNDLES_IN_GUEST, 443, httpsPort)));
        awaitDevice(fleet, Duration.ofMinutes(6), "online with 1.0.0", d -> d.online() && d.version().orElse("").equals("1.0.0"));
        assertThat(twin.console()).contains("salle.slot=A");
        lap("boot to online in the fleet (power on, UEFI, GRUB, kernel, systemd, JVM, mutual TLS)");

        // A signed 1.1.0 goes into slot B; after the reboot it proves itself and reports healthy.
        // under software emulation the twin's JVM moves the 500 MiB slot image slowly: generous limits
        Rollout good = Rollout.create("twin-1.1.0", "1.1.0", List.of(DEVICE), new RolloutPolicy(List.of(100), 100, 1, false,
                Duration.ofMinutes(40)), clock.instant());
        fleet.rollouts().create(good, URI.create("https://" + BUNDLES_IN_GUEST + "/1.1.0.bundle"), clock.instant());
        awaitRollout(fleet, "twin-1.1.0", Duration.ofMinutes(35));
        Rollout done = fleet.rollouts().load("twin-1.1.0").orElseThrow();
        assertThat(done.state()).as("rollout 1.1.0: %s; console:%n%s", done.reason(), twin.consoleTail(60))
                .isEqualTo(Rollout.State.DONE);
        awaitDevice(fleet, Duration.ofMinutes(2), "online with 1.1.0", d -> d.online() && d.version().orElse("").equals("1.1.0"));
        assertThat(twin.console()).contains("salle.slot=B");
        lap("update to online with 1.1.0 (download, verify, write the slot, reboot, health check)");

        // A broken 1.2.0 (its device app is missing) boots in slot A, never proves itself, and the
        // twin goes back to slot B with 1.1.0 by itself, which reports the rollback.
        Rollout bad = Rollout.create("twin-1.2.0", "1.2.0", List.of(DEVICE), new RolloutPolicy(List.of(100), 100, 1, false,
                Duration.ofMinutes(45)), clock.instant());
        fleet.rollouts().create(bad, URI.create("https://" + BUNDLES_IN_GUEST + "/1.2.0.bundle"), clock.instant());
        awaitRollout(fleet, "twin-1.2.0", Duration.ofMinutes(40));
        Rollout halted = fleet.rollouts().load("twin-1.2.0").orElseThrow();
        assertThat(halted.state()).as("rollout 1.2.0: %s; console:%n%s", halted.reason(), twin.consoleTail(60))
                .isEqualTo(Rollout.State.HALTED);
        assertThat(halted.device(DEVICE).detail()).isEqualTo("rolled-back");
        awaitDevice(fleet, Duration.ofMinutes(2), "online with 1.1.0 again", d -> d.online() && d.version().orElse("").equals("1.1.0"));
        lap("broken update to rolled back and online again (download, verify, write, reboot, 4 failed starts, reboot)");
        Files.write(dir.resolve("timings.txt"), timings);
        timings.forEach(t -> log.info("twin: {}", t));
    }

    /** Records the time since the last mark under {@code what} (null only sets the mark). */
    private void lap(String what) {
        long now = System.nanoTime();
        if (what != null) {
            timings.add(String.format("%s: %.1f s", what, (now - mark) / 1e9));
        }
        mark = now;
    }

    private static boolean ended(Rollout r) {
        return r.state() == Rollout.State.DONE || r.state() == Rollout.State.HALTED || r.state() == Rollout.State.ABORTED;
    }

    private static void requireTools() throws Exception {
        RealDependency.require(isRoot(), "root, to build the image (mmdebstrap's root mode and chroot)");
        for (String tool : List.of("mmdebstrap", "mksquashfs", "mkfs.ext4", "mkfs.vfat", "mcopy", "sfdisk",
                "grub-mkstandalone", "grub-editenv", "qemu-system-x86_64", "socat")) {
            RealDependency.require(RealDependency.onPath(tool) || Files.isExecutable(Path.of("/usr/sbin", tool)),
                    tool + " (Debian packages mmdebstrap squashfs-tools e2fsprogs dosfstools mtools fdisk grub-efi-amd64-bin"
                            + " qemu-system-x86 socat)");
        }
        RealDependency.require(Files.exists(QemuTwin.OVMF_CODE), "UEFI firmware " + QemuTwin.OVMF_CODE + " (Debian package ovmf)");
        RealDependency.require(Files.isDirectory(MODULE.resolve("target/app/lib")),
                "the device app's jars in image-build/target/app/lib (run the tests with ./salle test, which packages them)");
    }

    private static Path slot(Path rootfs, Path dir, String version) throws Exception {
        Files.writeString(rootfs.resolve("usr/lib/salle/VERSION"), version + "\n");
        Path out = dir.resolve("slot-" + version + ".squashfs");
        run(Duration.ofMinutes(10), dir.resolve("build-slot-" + version + ".log"), buildSh(), "slot", "--rootfs", rootfs.toString(),
                "--out", out.toString(), "--compression", "gzip");
        return out;
    }

    private static void sign(Path payload, String version, KeyPair release, Path out) throws IOException {
        try (OutputStream o = Files.newOutputStream(out)) {
            BundleWriter.write(payload, BundleVersion.parse(version), "os-image", BundleVersion.parse("1.0.0"), false, release,
                    Instant.now(), o);
        }
    }

    private static HttpsServer bundleServer(int port, IssuedIdentity identity, Path folder) throws Exception {
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        char[] password = "twin".toCharArray();
        kmf.init(identity.keyStore("bundles", password), password);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(kmf.getKeyManagers(), null, null);
        HttpsServer server = HttpsServer.create(new InetSocketAddress("127.0.0.1", port), 16);
        server.setHttpsConfigurator(new HttpsConfigurator(tls));
        server.createContext("/", exchange -> {
            Path file = folder.resolve(exchange.getRequestURI().getPath().substring(1)).normalize();
            if (!file.startsWith(folder) || !Files.isRegularFile(file)) {
                exchange.sendResponseHeaders(404, -1);
                exchange.close();
                return;
            }
            exchange.getResponseHeaders().set("Content-Type", "application/octet-stream");
            exchange.sendResponseHeaders(200, Files.size(file));
            try (OutputStream body = exchange.getResponseBody()) {
                Files.copy(file, body);
            }
        });
        server.start();
        return server;
    }

    /**
     * Waits for a rollout to end; a timeout says where the device was, whether its JVM crashed,
     * and how the console ends (CI keeps only the test's output, not the console file).
     */
    private void awaitRollout(FleetManager fleet, String id, Duration within) {
        try {
            await().atMost(within).pollInterval(Duration.ofSeconds(2))
                    .failFast("the twin stopped", () -> !twin.running())
                    .until(() -> ended(fleet.rollouts().load(id).orElseThrow()));
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            Rollout r = fleet.rollouts().load(id).orElseThrow();
            String crashes = twin.console().lines().filter(l -> l.contains("SIGSEGV") || l.contains("Problematic frame")
                    || l.contains("J ") && l.contains("# ")).collect(java.util.stream.Collectors.joining("\n"));
            throw new AssertionError(String.format("rollout %s did not end within %s: %s, device %s%nJVM crashes on the console:%n%s%n"
                    + "device record: %s%nconsole:%n%s", id, within, r.state(), r.device(DEVICE), crashes.isEmpty() ? "(none)" : crashes,
                    fleet.registry().device(DEVICE), twin.consoleTail(120)), e);
        }
    }

    private void awaitDevice(FleetManager fleet, Duration within, String what, java.util.function.Predicate<DeviceRecord> test) {
        await().atMost(within).pollInterval(Duration.ofSeconds(1))
                .failFast("the twin stopped", () -> !twin.running())
                .untilAsserted(() -> assertThat(fleet.registry().device(DEVICE))
                        .as("%s %s; console:%n%s", DEVICE, what, twin.consoleTail(40))
                        .hasValueSatisfying(d -> assertThat(test.test(d)).as("%s is %s: %s", DEVICE, what, d).isTrue()));
    }
}

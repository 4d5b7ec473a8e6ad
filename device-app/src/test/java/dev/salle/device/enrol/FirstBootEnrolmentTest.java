package dev.salle.device.enrol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.salle.device.DeviceApp;
import dev.salle.device.DeviceBoot;
import dev.salle.device.config.ConfigStore;
import dev.salle.device.config.DeviceConfig;
import dev.salle.device.fleet.FleetTls;
import dev.salle.device.media.GstDeviceMedia;
import dev.salle.provisioning.broker.DeviceAcl;
import dev.salle.provisioning.ca.DeviceCa;
import dev.salle.provisioning.ca.IssuedIdentity;
import dev.salle.provisioning.ca.Pem;
import dev.salle.provisioning.ca.SecretFiles;
import dev.salle.provisioning.device.DeviceIdentity;
import dev.salle.provisioning.device.DeviceIdentityStore;
import dev.salle.provisioning.device.EnrolmentClient;
import dev.salle.provisioning.device.EnrolmentFailure;
import dev.salle.provisioning.qr.EnrolmentPayload;
import dev.salle.provisioning.qr.PayloadSigner;
import dev.salle.provisioning.qr.PayloadVerifier;
import dev.salle.provisioning.qr.ProvisioningKey;
import dev.salle.provisioning.qr.QrFrameDecoder;
import dev.salle.provisioning.qr.QrImages;
import dev.salle.provisioning.qr.QrRejectedException;
import dev.salle.provisioning.service.EnrolmentServer;
import dev.salle.provisioning.service.EnrolmentService;
import dev.salle.provisioning.service.IssuedCode;
import dev.salle.provisioning.service.ProvisioningAdmin;
import dev.salle.provisioning.service.SourceRateLimiter;
import dev.salle.provisioning.sheet.EnrolmentSheet;
import dev.salle.testkit.MosquittoProcess;
import dev.salle.testkit.MqttProbe;
import java.awt.image.BufferedImage;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 5's full path with real parts: IT issues a code and its printable sheet; the sheet is the
 * simulated device's camera picture (a PNG through the real camera pipeline, the grayscale
 * branch and ZXing); the device enrols over HTTPS with the real service, then connects to a
 * Mosquitto that requires mutual TLS and per-device ACLs, and publishes its state. Before the good
 * code, every kind of bad code is shown, each with its own sentence on screen, and nothing is
 * stored. Afterwards a factory reset wipes the identity (the restarted device scans again) and a
 * revocation locks the old certificate out of the broker.
 */
class FirstBootEnrolmentTest {

    @TempDir
    Path dir;

    private final Clock clock = Clock.systemUTC();
    private ProvisioningAdmin admin;
    private MosquittoProcess broker;
    private EnrolmentServer server;
    private URI enrolmentUrl;
    private Path camera;
    private final AtomicReference<GstDeviceMedia> media = new AtomicReference<>();
    private final AtomicInteger restarts = new AtomicInteger();
    private DeviceBoot boot;
    private DeviceApp app;
    private MqttProbe fleet;
    private final ExecutorService runner = Executors.newSingleThreadExecutor();

    @BeforeEach
    void setUp() throws Exception {
        admin = ProvisioningAdmin.init(dir.resolve("prov"), "Préfecture du Rhône", URI.create("https://127.0.0.1:1/enrol"),
                URI.create("mqtts://127.0.0.1:1"), clock);
        IssuedIdentity brokerIdentity = admin.ca().issueServer("broker", List.of("127.0.0.1"));
        brokerIdentity.writePem(dir.resolve("broker.key"), dir.resolve("broker.crt"));
        SecretFiles.writePublic(dir.resolve("acl"), DeviceAcl.mosquitto("salle/v1", "salle-fleet"));
        broker = MosquittoProcess.startMutualTls(new MosquittoProcess.MutualTls(dir.resolve("prov/ca/ca.crt"),
                dir.resolve("broker.crt"), dir.resolve("broker.key"), dir.resolve("acl"), Optional.of(admin.crlFile())));
        EnrolmentService service = new EnrolmentService(admin.registry(), admin.ca(),
                URI.create("mqtts://127.0.0.1:" + broker.port()), "salle/v1", clock);
        server = new EnrolmentServer("127.0.0.1", 0, admin.ca().issueServer("enrolment", List.of("127.0.0.1")), service,
                new SourceRateLimiter(100, Duration.ofMillis(100), 100, clock), admin::crlPem);
        server.start();
        enrolmentUrl = server.enrolmentUrl("127.0.0.1");
        IssuedIdentity fleetIdentity = admin.ca().issueClient("salle-fleet");
        fleet = new MqttProbe(broker.uri(), "salle-fleet",
                new FleetTls(fleetIdentity.key(), fleetIdentity.chain(), admin.ca().certificate()).socketFactory())
                .subscribe("salle/v1/#");
        camera = dir.resolve("camera.png");
        show(blank());
    }

    @AfterEach
    void tearDown() throws Exception {
        if (boot != null) {
            boot.close();
        }
        if (app != null) {
            app.close();
        }
        runner.shutdownNow();
        runner.awaitTermination(10, TimeUnit.SECONDS);
        fleet.close();
        server.close();
        broker.close();
    }

    @Test
    void aDeviceShownItsRoomsSheetEnrolsAndGoesOnlineAfterRefusingEveryBadCode() throws Exception {
        KeyPair org = new KeyPair(admin.provisioningKey(),
                Pem.privateKey(Files.readString(dir.resolve("prov").resolve(ProvisioningAdmin.PROVISIONING_KEY))));
        Future<DeviceApp> started = startDevice();
        awaitMessage(EnrolmentFlow.SCAN_MESSAGE);

        show(QrImages.render("WIFI:S:guest;T:WPA;P:not-a-salle-code;;", 8));
        awaitMessage(QrRejectedException.Reason.NOT_SALLE.screenMessage());

        String fresh = admin.issueCode("Préfecture du Rhône", "Salle A", Optional.empty(), Duration.ofDays(1), enrolmentUrl).qrText();
        show(readableTruncated(fresh.substring(0, fresh.length() * 2 / 3)));
        awaitMessage(QrRejectedException.Reason.MALFORMED.screenMessage());

        show(readable(tamperedSignature(fresh)));
        awaitMessage(QrRejectedException.Reason.BAD_SIGNATURE.screenMessage());

        show(readable(QrImages.signReadable(payload(admin.ca().pin(), Instant.now().plus(Duration.ofDays(1))),
                ProvisioningKey.generate())));
        awaitMessage(QrRejectedException.Reason.UNKNOWN_KEY.screenMessage());

        show(readable(QrImages.signReadable(payload(admin.ca().pin(), Instant.now().minus(Duration.ofMinutes(1))), org)));
        awaitMessage(QrRejectedException.Reason.EXPIRED.screenMessage());

        DeviceCa otherCa = DeviceCa.create(dir.resolve("other-ca"), "Elsewhere", clock);
        show(readable(QrImages.signReadable(payload(otherCa.pin(), Instant.now().plus(Duration.ofDays(1))), org)));
        awaitMessage(EnrolmentFailure.Reason.WRONG_SERVER.screenMessage());

        IssuedCode revoked = admin.issueCode("Préfecture du Rhône", "Salle B", Optional.empty(), Duration.ofDays(1), enrolmentUrl);
        admin.revoke(revoked.code().id());
        show(readable(revoked.qrText()));
        awaitMessage(EnrolmentFailure.Reason.CODE_REVOKED.screenMessage());

        IssuedCode used = admin.issueCode("Préfecture du Rhône", "Salle C", Optional.empty(), Duration.ofDays(1), enrolmentUrl);
        new EnrolmentClient(clock).enrol(new PayloadVerifier(List.of(admin.provisioningKey()), clock).verify(used.qrText()));
        show(readable(used.qrText()));
        awaitMessage(EnrolmentFailure.Reason.CODE_USED.screenMessage());

        DeviceIdentityStore store = new DeviceIdentityStore(dir.resolve("device"));
        assertThat(store.exists()).as("nothing stored from a bad code").isFalse();
        assertThat(boot.firstBoot().orElseThrow().refusals()).containsKeys("NOT_SALLE", "MALFORMED", "BAD_SIGNATURE",
                "UNKNOWN_KEY", "EXPIRED", "WRONG_SERVER", "CODE_REVOKED", "CODE_USED");

        IssuedCode good = admin.issueCode("Préfecture du Rhône", "Salle Marianne",
                Optional.of("https://visio.example/abc-defg-hij"), Duration.ofDays(7), enrolmentUrl);
        Path sheet = dir.resolve("sheet.png");
        EnrolmentSheet.write(sheet, good.qrText(), "Préfecture du Rhône", "Salle Marianne", good.code().expiresAt(),
                good.code().id());
        show(blank());
        awaitMessage(EnrolmentFlow.SCAN_MESSAGE);
        long shownAt = System.nanoTime();
        Files.copy(sheet, dir.resolve("next.png"), StandardCopyOption.REPLACE_EXISTING);
        Files.move(dir.resolve("next.png"), camera, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);

        app = started.get(60, TimeUnit.SECONDS);
        DeviceIdentity identity = store.load().orElseThrow();
        String stateTopic = "salle/v1/devices/" + identity.deviceId() + "/state";
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(fleet.on(stateTopic))
                .as("broker log: %s", broker.log()).anySatisfy(m -> assertThat(m.payload()).contains("\"online\":true")));
        long onlineMillis = (System.nanoTime() - shownAt) / 1_000_000;
        System.out.printf("QR visible to online in the fleet: %d ms%n", onlineMillis);

        assertThat(app.config().current().identity().deviceId()).isEqualTo(identity.deviceId());
        assertThat(app.config().current().identity().room()).isEqualTo("Salle Marianne");
        assertThat(app.config().current().call().meeting()).isEqualTo("https://visio.example/abc-defg-hij");
        assertThat(PosixPermissions.of(store.folder().resolve(DeviceIdentityStore.KEY_FILE))).isEqualTo("rw-------");
        assertThat(fleet.on(stateTopic).getLast().payload()).contains("Salle Marianne");

        fleet.request("salle/v1/devices/" + identity.deviceId() + "/cmd",
                "{\"command\":\"factory-reset\",\"args\":{\"confirm\":\"" + identity.deviceId() + "\"}}",
                "salle/v1/devices/" + identity.deviceId() + "/replies/r1", new byte[] {1});
        await().atMost(Duration.ofSeconds(20)).until(() -> restarts.get() == 1);
        assertThat(store.exists()).as("identity after the factory reset").isFalse();
        app.close();
        app = null;
        show(blank());
        startDevice();
        awaitMessage(EnrolmentFlow.SCAN_MESSAGE);

        admin.revoke(identity.deviceId());
        broker.restart();
        FleetTls oldCertificate = new FleetTls(identity.key(), identity.chain(), identity.ca());
        assertThatThrownBy(() -> new MqttProbe(broker.uri(), identity.deviceId(), oldCertificate.socketFactory()).close())
                .as("the revoked certificate at the broker").isInstanceOf(org.eclipse.paho.mqttv5.common.MqttException.class);
    }

    /** Starts the device as its service would (first boot when it has no identity) on the runner thread. */
    private Future<DeviceApp> startDevice() {
        return runner.submit(() -> {
            boot = new DeviceBoot(new ConfigStore(deviceConfig(), Optional.empty(), "test"), c -> {
                GstDeviceMedia m = new GstDeviceMedia(c);
                media.set(m);
                return m;
            }, Map::of, restarts::incrementAndGet, clock);
            return boot.run();
        });
    }

    private DeviceConfig deviceConfig() {
        return DeviceConfig.of(Map.ofEntries(
                Map.entry("device.hardware", "simulated"),
                Map.entry("device.data-dir", dir.resolve("device").toString()),
                Map.entry("provisioning.enabled", "true"),
                Map.entry("provisioning.trust-anchors", dir.resolve("prov").resolve(ProvisioningAdmin.PROVISIONING_PUB).toString()),
                Map.entry("media.camera", "image:" + camera),
                Map.entry("media.microphone", "test"),
                Map.entry("media.display.sink", "none"),
                Map.entry("page.enabled", "false"),
                Map.entry("fleet.telemetry-interval", "1s")), "test");
    }

    private void awaitMessage(String expected) {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
            FirstBoot first = boot == null ? null : boot.firstBoot().orElse(null);
            assertThat(first).as("first boot running").isNotNull();
            assertThat(first.message()).isEqualTo(expected);
            assertThat(media.get().overlayText()).as("the screen's text").contains(expected);
        });
    }

    private EnrolmentPayload payload(byte[] pin, Instant expiry) {
        return new EnrolmentPayload(enrolmentUrl, new byte[16], pin, "Préfecture du Rhône", "Salle D", Optional.empty(),
                expiry.truncatedTo(ChronoUnit.SECONDS));
    }

    /** The same code with one bit of its signature flipped, chosen so that the printed code reads back. */
    private static String tamperedSignature(String text) {
        byte[] all = Base64.getUrlDecoder().decode(text.substring(PayloadSigner.PREFIX.length()));
        for (int i = 1; i < 60; i++) {
            byte[] copy = Arrays.copyOf(all, all.length);
            copy[copy.length - i] ^= 0x01;
            String candidate = PayloadSigner.PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(copy);
            if (readableFrame(candidate).isPresent()) {
                return candidate;
            }
        }
        throw new IllegalStateException("no readable tampered variant");
    }

    /**
     * The code drawn at the camera's own size (1280x720, so the pipeline scales nothing), at the
     * first module size from 5 to 8 pixels whose whole frame reads back.
     */
    private static BufferedImage readable(String text) {
        return readableFrame(text).orElseThrow(() -> new IllegalStateException("no readable frame of the code"));
    }

    /** A truncated code that reads: the text cut at {@code text}'s end, shortened further until one reads. */
    private static BufferedImage readableTruncated(String text) {
        for (int cut = 0; cut < 20; cut++) {
            var frame = readableFrame(text.substring(0, text.length() - cut));
            if (frame.isPresent()) {
                return frame.get();
            }
        }
        throw new IllegalStateException("no readable truncated code");
    }

    private static java.util.Optional<BufferedImage> readableFrame(String text) {
        for (int module = 5; module <= 8; module++) {
            BufferedImage frame = framed(text, module);
            if (new QrFrameDecoder().decode(QrImages.luma(frame), frame.getWidth(), frame.getHeight(), frame.getWidth())
                    .filter(text::equals).isPresent()) {
                return java.util.Optional.of(frame);
            }
        }
        return java.util.Optional.empty();
    }

    private static BufferedImage framed(String text, int module) {
        BufferedImage qr = QrImages.render(text, module);
        BufferedImage frame = new BufferedImage(1280, 720, BufferedImage.TYPE_BYTE_GRAY);
        var g = frame.createGraphics();
        g.setColor(java.awt.Color.WHITE);
        g.fillRect(0, 0, 1280, 720);
        g.drawImage(qr, (1280 - qr.getWidth()) / 2, Math.max(0, (720 - qr.getHeight()) / 2), null);
        g.dispose();
        return frame;
    }

    private static BufferedImage blank() {
        BufferedImage white = new BufferedImage(640, 360, BufferedImage.TYPE_BYTE_GRAY);
        var g = white.getGraphics();
        g.setColor(java.awt.Color.WHITE);
        g.fillRect(0, 0, 640, 360);
        g.dispose();
        return white;
    }

    private void show(BufferedImage image) throws Exception {
        Path next = dir.resolve("next.png");
        ImageIO.write(image, "png", next.toFile());
        Files.move(next, camera, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private static final class PosixPermissions {
        static String of(Path file) throws Exception {
            return java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(file));
        }
    }
}

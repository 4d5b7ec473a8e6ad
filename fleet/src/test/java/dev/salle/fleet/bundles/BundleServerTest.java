package dev.salle.fleet.bundles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.salle.bundle.BundleRejectedException;
import dev.salle.bundle.BundleVersion;
import dev.salle.bundle.BundleWriter;
import dev.salle.bundle.ReleaseKeys;
import dev.salle.device.update.BundleDownloader;
import dev.salle.provisioning.ca.DeviceCa;
import dev.salle.provisioning.ca.DeviceKeys;
import dev.salle.provisioning.ca.MutualTls;
import dev.salle.provisioning.ca.Pem;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fleet's bundle hosting on real HTTPS: the library imports a bundle under its hash, the server
 * gives it to a device holding a certificate of the device CA (with the device's own downloader,
 * resuming a cut download), answers ranges, and refuses everything else with a counted answer.
 */
class BundleServerTest {

    private static final KeyPair RELEASE = ReleaseKeys.generate();

    @TempDir
    Path dir;

    private DeviceCa ca;
    private BundleLibrary library;
    private BundleServer server;
    private byte[] bundle;
    private HttpClient device;

    @BeforeEach
    void start() throws Exception {
        ca = DeviceCa.create(dir.resolve("ca"), "Préfecture du Rhône", Clock.systemUTC());
        library = new BundleLibrary(dir.resolve("bundles"));
        server = new BundleServer("127.0.0.1", 0, ca.issueServer("salle-fleet-bundles", List.of("127.0.0.1")), library);
        server.start();
        byte[] payload = new byte[300_000];
        new Random(3).nextBytes(payload);
        Path payloadFile = Files.write(dir.resolve("payload"), payload);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BundleWriter.write(payloadFile, BundleVersion.parse("1.6.0"), "device-app", BundleVersion.parse("1.0.0"), false,
                RELEASE, Clock.systemUTC().instant(), out);
        bundle = out.toByteArray();
        device = HttpClient.newBuilder().sslContext(deviceTls(ca)).build();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void anImportedBundleIsNamedByItsHashAndADeviceDownloadsAndResumesIt() throws Exception {
        HostedBundle hosted = library.importFile(Files.write(dir.resolve("salle-1.6.0.bundle"), bundle),
                List.of(RELEASE.getPublic()));
        HostedBundle again = library.importFile(dir.resolve("salle-1.6.0.bundle"), List.of());
        URI address = BundleLibrary.address(server.base("127.0.0.1"), hosted);

        assertThat(hosted.manifest().version()).isEqualTo(BundleVersion.parse("1.6.0"));
        assertThat(hosted.signatureChecked()).isTrue();
        assertThat(again.sha256()).isEqualTo(hosted.sha256());
        assertThat(address.toString()).isEqualTo("https://127.0.0.1:" + server.port() + "/bundles/" + hosted.sha256() + ".bundle");
        try (var files = Files.list(library.dir())) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly(hosted.fileName());
        }

        Path whole = new BundleDownloader(device, 1_000_000, Duration.ofMillis(10)).download(address, dir.resolve("whole"), p -> { });
        Path resumed = dir.resolve("resumed");
        Files.write(resumed, Arrays.copyOf(bundle, 123_456)); // a download cut after 123,456 bytes
        List<Integer> percents = new ArrayList<>();
        new BundleDownloader(device, 1_000_000, Duration.ofMillis(10)).download(address, resumed, percents::add);

        assertThat(Files.readAllBytes(whole)).isEqualTo(bundle);
        assertThat(Files.readAllBytes(resumed)).isEqualTo(bundle);
        assertThat(percents).isNotEmpty().last().isEqualTo(100);
        assertThat(server.count(BundleServer.Outcome.WHOLE)).isEqualTo(1);
        assertThat(server.count(BundleServer.Outcome.PART)).isEqualTo(1);
    }

    @Test
    void rangesAreAnsweredByTheRfcAndHeadSendsNoBody() throws Exception {
        HostedBundle hosted = library.importFile(Files.write(dir.resolve("b"), bundle), List.of());
        URI address = BundleLibrary.address(server.base("127.0.0.1"), hosted);
        int n = bundle.length;

        HttpResponse<byte[]> middle = get(address, "bytes=100-199");
        HttpResponse<byte[]> tail = get(address, "bytes=-10");
        HttpResponse<byte[]> pastTheEnd = get(address, "bytes=" + n + "-");
        HttpResponse<byte[]> overlong = get(address, "bytes=" + (n - 5) + "-" + (n + 1000));
        HttpResponse<byte[]> several = get(address, "bytes=0-1,5-6");
        HttpResponse<byte[]> garbage = get(address, "bytes=9999999999999999999999-");
        HttpResponse<byte[]> head = device.send(HttpRequest.newBuilder(address).method("HEAD", HttpRequest.BodyPublishers.noBody())
                .build(), HttpResponse.BodyHandlers.ofByteArray());

        assertThat(middle.statusCode()).isEqualTo(206);
        assertThat(middle.body()).isEqualTo(Arrays.copyOfRange(bundle, 100, 200));
        assertThat(middle.headers().firstValue("content-range")).contains("bytes 100-199/" + n);
        assertThat(middle.headers().firstValue("etag")).contains("\"" + hosted.sha256() + "\"");
        assertThat(middle.headers().firstValue("cache-control")).contains("public, max-age=31536000, immutable");
        assertThat(tail.body()).isEqualTo(Arrays.copyOfRange(bundle, n - 10, n));
        assertThat(pastTheEnd.statusCode()).isEqualTo(416);
        assertThat(pastTheEnd.headers().firstValue("content-range")).contains("bytes */" + n);
        assertThat(overlong.statusCode()).isEqualTo(206);
        assertThat(overlong.body()).isEqualTo(Arrays.copyOfRange(bundle, n - 5, n));
        assertThat(several.statusCode()).as("several ranges: the whole file").isEqualTo(200);
        assertThat(several.body()).isEqualTo(bundle);
        assertThat(garbage.statusCode()).isEqualTo(200);
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.headers().firstValueAsLong("content-length")).hasValue(n);
        assertThat(head.body()).isEmpty();
        assertThat(server.count(BundleServer.Outcome.UNSATISFIABLE)).isEqualTo(1);
        assertThat(server.count(BundleServer.Outcome.BAD_RANGE)).isEqualTo(2);
    }

    @Test
    void anAddressFromAnEarlierServeMovesToWhereTheLibraryIsServedNowAndOthersStay() throws Exception {
        HostedBundle hosted = library.importFile(Files.write(dir.resolve("b"), bundle), List.of());
        URI base = server.base("127.0.0.1");
        URI earlier = URI.create("https://fleet.old.test:9444/bundles/" + hosted.fileName());

        URI now = library.rehome(earlier, base);

        assertThat(now).isEqualTo(BundleLibrary.address(base, hosted));
        assertThat(get(now, null).body()).as("fetched from the server running now").isEqualTo(bundle);
        String absent = "0".repeat(64) + ".bundle";
        for (String kept : new String[] {"https://cdn.example/releases/" + hosted.fileName(),
                "https://fleet.old.test:9444/bundles/" + absent, "https://fleet.old.test/bundles/" + hosted.fileName() + "x",
                "https://fleet.old.test/bundles/" + hosted.sha256().toUpperCase(java.util.Locale.ROOT) + ".bundle",
                "https://fleet.old.test"}) {
            assertThat(library.rehome(URI.create(kept), base)).as(kept).isEqualTo(URI.create(kept));
        }

        library.servedAt(base);
        library.notServed();
        assertThat(library.servedAt()).as("a serve that hosts nothing clears the record").isEmpty();
    }

    @Test
    void onlyBundlePathsOfTheLibraryAreServed() throws Exception {
        HostedBundle hosted = library.importFile(Files.write(dir.resolve("b"), bundle), List.of());
        library.servedAt(server.base("127.0.0.1"));
        String base = "https://127.0.0.1:" + server.port();

        for (String path : List.of("/bundles/served-at", "/bundles/", "/bundles/" + hosted.sha256(),
                "/bundles/" + hosted.sha256().toUpperCase() + ".bundle", "/bundles/../bundles/" + hosted.fileName() + "x",
                "/bundles/" + "0".repeat(64) + ".bundle", "/", "/ca/ca.key")) {
            assertThat(get(URI.create(base + path), null).statusCode()).as(path).isEqualTo(404);
        }
        assertThat(get(URI.create(base + "/bundles/%2e%2e/ca/ca.key"), null).statusCode())
                .as("an encoded dot-segment: Jetty refuses it before the handler").isEqualTo(400);
        HttpResponse<byte[]> put = device.send(HttpRequest.newBuilder(URI.create(base + "/bundles/" + hosted.fileName()))
                .PUT(HttpRequest.BodyPublishers.ofByteArray(new byte[] {1})).build(), HttpResponse.BodyHandlers.ofByteArray());

        assertThat(put.statusCode()).isEqualTo(405);
        assertThat(put.headers().firstValue("allow")).contains("GET, HEAD");
        assertThat(Files.readAllBytes(library.file(hosted.sha256()).orElseThrow())).isEqualTo(bundle);
        assertThat(server.count(BundleServer.Outcome.NOT_FOUND)).isEqualTo(8);
        assertThat(server.count(BundleServer.Outcome.BAD_METHOD)).isEqualTo(1);
    }

    @Test
    void aDamagedOrForeignFileIsNotImportedAndLeavesNothingBehind() throws Exception {
        byte[] flipped = bundle.clone();
        flipped[flipped.length - 1] ^= 1;

        assertThatThrownBy(() -> library.importFile(Files.write(dir.resolve("flipped"), flipped), List.of()))
                .isInstanceOfSatisfying(BundleRejectedException.class,
                        e -> assertThat(e.reason()).isEqualTo(BundleRejectedException.Reason.PAYLOAD_MISMATCH));
        assertThatThrownBy(() -> library.importFile(Files.write(dir.resolve("other"), bundle),
                List.of(ReleaseKeys.generate().getPublic())))
                .isInstanceOfSatisfying(BundleRejectedException.class,
                        e -> assertThat(e.reason()).isEqualTo(BundleRejectedException.Reason.UNKNOWN_KEY));
        assertThatThrownBy(() -> library.importFile(dir.resolve("missing.bundle"), List.of()))
                .isInstanceOf(IOException.class).hasMessageContaining("missing.bundle");
        try (var files = Files.list(library.dir())) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void theServedAtRecordIsReadBackAndADamagedOneIsIgnored() throws Exception {
        assertThat(library.servedAt()).isEmpty();
        library.servedAt(URI.create("https://fleet.prefecture.example:8444/bundles/"));
        assertThat(library.servedAt()).contains(URI.create("https://fleet.prefecture.example:8444/bundles/"));

        for (String bad : List.of("http://fleet:8444/bundles/", "https://fleet:8444/elsewhere/", "not a uri at all", "")) {
            Files.writeString(library.dir().resolve(BundleLibrary.SERVED_AT), bad);
            assertThat(library.servedAt()).as(bad).isEmpty();
        }
    }

    @Test
    void aDeviceOfAnotherCaDoesNotTrustTheServer() throws Exception {
        HostedBundle hosted = library.importFile(Files.write(dir.resolve("b"), bundle), List.of());
        DeviceCa other = DeviceCa.create(dir.resolve("other"), "Someone else", Clock.systemUTC());
        HttpClient stranger = HttpClient.newBuilder().sslContext(deviceTls(other)).build();

        assertThatThrownBy(() -> stranger.send(HttpRequest.newBuilder(BundleLibrary.address(server.base("127.0.0.1"), hosted))
                .build(), HttpResponse.BodyHandlers.ofByteArray())).isInstanceOf(SSLHandshakeException.class);
    }

    private HttpResponse<byte[]> get(URI address, String range) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(address).GET();
        if (range != null) {
            request.header("Range", range);
        }
        return device.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    /** The device's side, as the update service builds it: its own certificate, trusting the device CA. */
    private static SSLContext deviceTls(DeviceCa ca) throws Exception {
        KeyPair pair = DeviceKeys.generate();
        return MutualTls.clientContext(pair.getPrivate(), List.of(ca.issueDevice(
                Pem.certificationRequest(DeviceKeys.certificateRequest(pair)), "salle-0001"), ca.certificate()), ca.certificate());
    }
}

package dev.salle.e2e;

import static dev.salle.e2e.MeetingE2e.CALL_CHANGE;
import static dev.salle.e2e.MeetingE2e.MEDIA;
import static dev.salle.e2e.MeetingE2e.awaitCall;
import static dev.salle.e2e.MeetingE2e.awaitState;
import static dev.salle.e2e.MeetingE2e.media;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.salle.bridge.BridgeProcess;
import dev.salle.bridge.InteropRig;
import dev.salle.testkit.CoturnProcess;
import dev.salle.testkit.NetworkNamespace;
import dev.salle.testkit.TestCertificates;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The simulated device where the only way out is the site's TURN server over TLS, whose
 * certificate comes from the site's own CA: the device's media ports cannot reach the bridge's UDP
 * port or its ICE-TCP port ({@link NetworkNamespace#blockUdpFromPorts}), and the bridge hands out
 * only a {@code turns:} URL. With {@code call.turn-trust-anchors} naming the site CA, the device's
 * media goes through coturn over TLS and a browser decodes it; without it, the relay is refused and
 * the screen says the TURN server's certificate is not trusted.
 */
class DeviceTurnTlsTest {

    private static final String SLUG = "tls-turn-sit";
    private static final String TURN_SECRET = "e2e-coturn-tls-shared-secret";
    private static final int TURN_PORT = 3478;

    @TempDir
    Path dir;
    private NetworkNamespace ns;
    private CoturnProcess coturn;
    private BridgeProcess bridge;
    private InteropRig rig;
    private DeviceProcess device;
    private NetworkNamespace.Block block;
    private final List<String> deviceLines = new CopyOnWriteArrayList<>();

    private void start(boolean trustTheSiteCa) throws Exception {
        MeetingE2e.requireBrowsers();
        ns = NetworkNamespace.create();
        try {
            TestCertificates site = TestCertificates.create(dir.resolve("site-ca"), "Prefecture site CA",
                    List.of(NetworkNamespace.HOST_ADDRESS));
            coturn = CoturnProcess.startInWithTls(ns, NetworkNamespace.HOST_ADDRESS, TURN_PORT,
                    CoturnProcess.Auth.secret(TURN_SECRET), List.of(), site);
            String turnsUrl = "turns:" + NetworkNamespace.HOST_ADDRESS + ":" + coturn.tlsAddress().getPort()
                    + "?transport=tcp";
            bridge = BridgeProcess.start(ns, "--turn-url", turnsUrl, "--turn-secret", TURN_SECRET);
            rig = new InteropRig(ns, bridge);
            block = ns.blockUdpFromPorts(20000, 20009, 7882, 7881);
            DeviceProcess.Builder builder = DeviceProcess.in(ns).room("Salle Vauban").set("call.media-ports", "20000-20009");
            if (trustTheSiteCa) {
                Path anchors = Files.copy(site.caCertificate(), dir.resolve("turn-anchors.pem"));
                builder.set("call.turn-trust-anchors", anchors.toString());
            }
            device = builder.start();
            device.onOutput(deviceLines::add);
        } catch (RuntimeException | Error e) {
            stop();
            throw e;
        }
    }

    @AfterEach
    void stop() {
        try {
            if (device != null) {
                device.close();
            }
        } finally {
            try {
                if (block != null) {
                    block.close();
                }
                if (coturn != null) {
                    coturn.close();
                }
            } finally {
                if (rig != null) {
                    rig.close();
                } else if (ns != null) {
                    ns.close();
                }
            }
        }
    }

    @Test
    void withTheSiteCaConfiguredTheCallRunsThroughTheTurnServerOverTls() throws Exception {
        start(true);
        InteropRig.Peer alice = rig.browser("alice", BridgeProcess.token(SLUG, "alice", "Alice"));
        assertThat(device.control().join(Optional.of(bridge.url("/" + SLUG))).accepted()).isTrue();
        awaitCall(device, "in_call", CALL_CHANGE);

        alice.await("the device's video at Alice", MEDIA,
                s -> MeetingE2e.remoteExcept(s).path("video").path("frames").asLong() > 60);
        JsonNode state = awaitState(device, "Alice's video decoded by the device", MEDIA,
                s -> media(s).path("remoteVideoFrames").asLong() > 30);
        assertThat(state.path("meeting").path("quality").path("mediaPath").asText())
                .as("the media path the fleet and the device page see").isEqualTo("turn-tls");

        String output = String.join("\n", deviceLines);
        assertThat(output).as("device output:\n%s", device.output())
                .contains("over TLS as " + NetworkNamespace.HOST_ADDRESS)
                .contains("publisher media path: relayed through TURN")
                .doesNotContain(TURN_SECRET);
        assertThat(coturn.log()).as("the device allocated on coturn").contains("ALLOCATE processed, success");
        alice.close();
    }

    @Test
    void whenTheTurnServerRestartsMidCallTheDeviceResumesThroughANewRelayWithTheResumesCredentials() throws Exception {
        start(true);
        InteropRig.Peer alice = rig.browser("alice", BridgeProcess.token(SLUG, "alice", "Alice"));
        assertThat(device.control().join(Optional.of(bridge.url("/" + SLUG))).accepted()).isTrue();
        awaitCall(device, "in_call", CALL_CHANGE);
        JsonNode before = awaitState(device, "Alice's video decoded by the device", MEDIA,
                s -> media(s).path("remoteVideoFrames").asLong() > 30
                        && s.path("meeting").path("quality").path("mediaPath").asText().equals("turn-tls"));
        String sid = before.path("meeting").path("participantSid").asText();

        // every allocation gone and the TLS connection closed: the only path the device had
        coturn = coturn.restartIn(ns);

        JsonNode after = awaitState(device, "the session resumed through a new relay", MEDIA,
                s -> s.path("meeting").path("resumes").asInt() >= 1
                        && s.path("call").path("state").asText().equals("in_call")
                        && s.path("call").path("message").asText().isEmpty());
        assertThat(after.path("meeting").path("participantSid").asText()).as("the same session, not a new join")
                .isEqualTo(sid);
        long frames = media(after).path("remoteVideoFrames").asLong();
        awaitState(device, "Alice's video flowing again", MEDIA,
                s -> media(s).path("remoteVideoFrames").asLong() > frames + 30
                        && s.path("meeting").path("quality").path("mediaPath").asText().equals("turn-tls"));
        assertThat(String.join("\n", deviceLines)).as("device output:\n%s", device.output())
                .contains("the relays were lost; gathering again");
        alice.close();
    }

    @Test
    void withoutTheSiteCaTheRelayIsRefusedAndTheScreenSaysTheCertificateIsNotTrusted() throws Exception {
        start(false);

        assertThat(device.control().join(Optional.of(bridge.url("/" + SLUG))).accepted()).isTrue();

        JsonNode failed = awaitState(device, "the call failing for want of a media path", MEDIA,
                s -> s.path("call").path("message").asText().contains("could not get through this network"));
        assertThat(failed.path("call").path("message").asText())
                .contains("does not trust the certificate of the site's TURN server").contains("call.turn-trust-anchors");
        assertThat(media(failed).path("remoteVideoFrames").asLong()).isZero();
        assertThat(String.join("\n", deviceLines)).as("device output:\n%s", device.output())
                .contains("TLS handshake with TURN server");
    }
}

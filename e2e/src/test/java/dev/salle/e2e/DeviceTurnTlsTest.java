package dev.salle.e2e;

import static dev.salle.e2e.MeetingE2e.MEDIA;
import static dev.salle.e2e.MeetingE2e.awaitState;
import static dev.salle.e2e.MeetingE2e.media;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.salle.bridge.InteropRig;
import dev.salle.testkit.NetworkNamespace;
import dev.salle.testkit.TestCertificates;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The simulated device where the only way out is the site's TURN server over TLS, whose
 * certificate comes from the site's own CA ({@link TurnCall}: the device's direct paths to the
 * bridge are blackholed, and the bridge hands out only a {@code turns:} URL). With
 * {@code call.turn-trust-anchors} naming the site CA, the device's media goes through coturn over
 * TLS and a browser decodes it, and when coturn restarts mid-call the device resumes through a new
 * relay; without the setting the relay is refused and the screen says the TURN server's
 * certificate is not trusted.
 */
class DeviceTurnTlsTest {

    private static final String SLUG = "tls-turn-sit";

    @TempDir
    Path dir;
    private TurnCall call;

    private void start(boolean trustTheSiteCa) throws Exception {
        TestCertificates site = TestCertificates.create(dir.resolve("site-ca"), "Prefecture site CA",
                List.of(NetworkNamespace.HOST_ADDRESS));
        Map<String, String> settings = trustTheSiteCa
                ? Map.of("call.turn-trust-anchors", Files.copy(site.caCertificate(), dir.resolve("turn-anchors.pem")).toString())
                : Map.of();
        call = TurnCall.start("Salle Vauban", Optional.of(site), coturn -> Optional.of("turns:"
                + NetworkNamespace.HOST_ADDRESS + ":" + coturn.tlsAddress().getPort() + "?transport=tcp"), settings);
    }

    @AfterEach
    void stop() {
        if (call != null) {
            call.close();
        }
    }

    @Test
    void withTheSiteCaConfiguredTheCallRunsThroughTheTurnServerOverTls() throws Exception {
        start(true);
        InteropRig.Peer alice = call.browserAndDeviceJoin(SLUG);
        call.awaitDeviceDecodingOver("turn-tls");

        assertThat(call.deviceOutput()).as("device output:\n%s", call.device.output())
                .contains("over TLS as " + NetworkNamespace.HOST_ADDRESS)
                .contains("publisher media path: relayed through TURN")
                .doesNotContain(TurnCall.TURN_SECRET);
        assertThat(call.coturn.log()).as("the device allocated on coturn").contains("ALLOCATE processed, success");
        alice.close();
    }

    @Test
    void whenTheTurnServerRestartsMidCallTheDeviceResumesThroughANewRelayWithTheResumesCredentials() throws Exception {
        start(true);
        InteropRig.Peer alice = call.browserAndDeviceJoin(SLUG);
        String sid = call.awaitDeviceDecodingOver("turn-tls").path("meeting").path("participantSid").asText();

        // every allocation gone and the TLS connection closed: the only path the device had
        call.coturn = call.coturn.restartIn(call.ns);

        JsonNode after = awaitState(call.device, "the session resumed through a new relay", MEDIA,
                s -> s.path("meeting").path("resumes").asInt() >= 1
                        && s.path("call").path("state").asText().equals("in_call")
                        && s.path("call").path("message").asText().isEmpty());
        assertThat(after.path("meeting").path("participantSid").asText()).as("the same session, not a new join")
                .isEqualTo(sid);
        long frames = media(after).path("remoteVideoFrames").asLong();
        awaitState(call.device, "Alice's video flowing again", MEDIA,
                s -> media(s).path("remoteVideoFrames").asLong() > frames + 30
                        && s.path("meeting").path("quality").path("mediaPath").asText().equals("turn-tls"));
        assertThat(call.deviceOutput()).as("device output:\n%s", call.device.output())
                .contains("the relays were lost; gathering again");
        alice.close();
    }

    @Test
    void withoutTheSiteCaTheRelayIsRefusedAndTheScreenSaysTheCertificateIsNotTrusted() throws Exception {
        start(false);

        assertThat(call.device.control().join(Optional.of(call.bridge.url("/" + SLUG))).accepted()).isTrue();

        JsonNode failed = awaitState(call.device, "the call failing for want of a media path", MEDIA,
                s -> s.path("call").path("message").asText().contains("could not get through this network"));
        assertThat(failed.path("call").path("message").asText())
                .contains("does not trust the certificate of the site's TURN server").contains("call.turn-trust-anchors");
        assertThat(media(failed).path("remoteVideoFrames").asLong()).isZero();
        assertThat(call.deviceOutput()).as("device output:\n%s", call.device.output())
                .contains("TLS handshake with TURN server");
    }
}

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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A room where the only way out for the simulated device is a TURN server: in a namespace of its
 * own, a real coturn (over UDP and TCP, and TLS when given a certificate), the bridge handing out
 * the TURN URL given (or none), a browser rig, and the device whose media ports
 * ({@code call.media-ports} 20000-20009) cannot reach the bridge's UDP port 7882 or its ICE-TCP
 * port 7881 ({@link NetworkNamespace#blockUdpFromPorts}); its TURN sockets, coturn and the
 * browsers can. Closing it stops everything and removes the namespace.
 */
final class TurnCall implements AutoCloseable {

    static final String TURN_SECRET = "e2e-coturn-shared-secret";
    static final int TURN_PORT = 3478;

    final NetworkNamespace ns;
    /** Replaced when a test restarts it ({@link CoturnProcess#restartIn}). */
    CoturnProcess coturn;
    BridgeProcess bridge;
    InteropRig rig;
    DeviceProcess device;
    private NetworkNamespace.Block block;
    final List<String> deviceLines = new CopyOnWriteArrayList<>();

    /** What the bridge offers, made once coturn runs (it knows coturn's TLS port). */
    interface TurnUrl {
        Optional<String> of(CoturnProcess coturn);
    }

    private TurnCall(NetworkNamespace ns) {
        this.ns = ns;
    }

    /**
     * @param tls coturn's certificate for TLS, or empty for UDP and TCP only
     * @param url the TURN URL the bridge hands out, or empty for none
     * @param deviceSettings more of the device's configuration
     */
    static TurnCall start(String room, Optional<TestCertificates> tls, TurnUrl url, Map<String, String> deviceSettings) {
        MeetingE2e.requireBrowsers();
        TurnCall call = new TurnCall(NetworkNamespace.create());
        try {
            CoturnProcess.Auth auth = CoturnProcess.Auth.secret(TURN_SECRET);
            call.coturn = tls.isPresent()
                    ? CoturnProcess.startInWithTls(call.ns, NetworkNamespace.HOST_ADDRESS, TURN_PORT, auth, List.of(), tls.get())
                    : CoturnProcess.startIn(call.ns, NetworkNamespace.HOST_ADDRESS, TURN_PORT, auth, List.of());
            Optional<String> offered = url.of(call.coturn);
            List<String> args = new ArrayList<>();
            offered.ifPresent(u -> args.addAll(List.of("--turn-url", u, "--turn-secret", TURN_SECRET)));
            call.bridge = BridgeProcess.start(call.ns, args.toArray(String[]::new));
            call.rig = new InteropRig(call.ns, call.bridge);
            call.block = call.ns.blockUdpFromPorts(20000, 20009, 7882, 7881);
            DeviceProcess.Builder builder = DeviceProcess.in(call.ns).room(room).set("call.media-ports", "20000-20009");
            deviceSettings.forEach(builder::set);
            call.device = builder.start();
            call.device.onOutput(call.deviceLines::add);
            return call;
        } catch (RuntimeException | Error e) {
            call.close();
            throw e;
        }
    }

    /** A browser, then the device, join {@code slug}; each decodes the other. Returns the browser. */
    InteropRig.Peer browserAndDeviceJoin(String slug) throws Exception {
        InteropRig.Peer alice = rig.browser("alice", BridgeProcess.token(slug, "alice", "Alice"));
        assertThat(device.control().join(Optional.of(bridge.url("/" + slug))).accepted()).isTrue();
        awaitCall(device, "in_call", CALL_CHANGE);
        alice.await("the device's video at Alice", MEDIA,
                s -> MeetingE2e.remoteExcept(s).path("video").path("frames").asLong() > 60);
        return alice;
    }

    /** The device's state once it decoded Alice's video and its media goes the way {@code path} says. */
    JsonNode awaitDeviceDecodingOver(String path) {
        return awaitState(device, "Alice's video decoded by the device, media over " + path, MEDIA,
                s -> media(s).path("remoteVideoFrames").asLong() > 30
                        && s.path("meeting").path("quality").path("mediaPath").asText().equals(path));
    }

    /** The device's output so far, one string. */
    String deviceOutput() {
        return String.join("\n", deviceLines);
    }

    @Override
    public void close() {
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
                } else {
                    ns.close();
                }
            }
        }
    }
}

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
import dev.salle.testkit.NetworkNamespace;
import java.util.Optional;

/**
 * What the device call tests share: a network namespace of their own with the bridge (and any
 * extra options of it), an interop rig over it for browsers, and one simulated device. Closing
 * stops the device, then the rig, which takes the bridge and the namespace with it.
 */
final class RoomCall implements AutoCloseable {

    final NetworkNamespace ns;
    final BridgeProcess bridge;
    final InteropRig rig;
    private DeviceProcess device;

    /** A browser and the device in one room, each decoding the other's video. */
    record Joined(InteropRig.Peer browser, JsonNode atBrowser, JsonNode atDevice) {
        /** The device's participant sid, as the browser saw it. */
        String deviceSid() {
            return MeetingE2e.remoteExcept(atBrowser).path("sid").asText();
        }
    }

    private RoomCall(NetworkNamespace ns, BridgeProcess bridge, InteropRig rig) {
        this.ns = ns;
        this.bridge = bridge;
        this.rig = rig;
    }

    /** The namespace, the bridge started with {@code bridgeArgs} and the rig; no device yet. */
    static RoomCall start(String... bridgeArgs) {
        MeetingE2e.requireBrowsers();
        NetworkNamespace ns = NetworkNamespace.create();
        try {
            BridgeProcess bridge = BridgeProcess.start(ns, bridgeArgs);
            return new RoomCall(ns, bridge, new InteropRig(ns, bridge));
        } catch (RuntimeException | Error e) {
            ns.close();
            throw e;
        }
    }

    /** Starts the simulated device, named after the room it stands in. */
    DeviceProcess startDevice(String room) {
        device = DeviceProcess.in(ns).room(room).start();
        return device;
    }

    DeviceProcess device() {
        return device;
    }

    /**
     * A browser joins the bridge's room {@code slug} as Alice, the device joins it through its
     * control API, and each decodes more than a few seconds of the other's video.
     */
    Joined browserAndDeviceJoin(String slug) throws Exception {
        InteropRig.Peer alice = rig.browser("alice", BridgeProcess.token(slug, "alice", "Alice"));
        assertThat(device.control().join(Optional.of(bridge.url("/" + slug))).accepted()).isTrue();
        awaitCall(device, "in_call", CALL_CHANGE);
        JsonNode atAlice = alice.await("the device's video at Alice", MEDIA,
                s -> MeetingE2e.remoteExcept(s).path("video").path("frames").asLong() > 60);
        JsonNode atDevice = awaitState(device, "Alice's video decoded by the device", MEDIA,
                s -> media(s).path("remoteVideoFrames").asLong() > 30);
        return new Joined(alice, atAlice, atDevice);
    }

    @Override
    public void close() {
        try {
            if (device != null) {
                device.close();
            }
        } finally {
            rig.close();
        }
    }
}

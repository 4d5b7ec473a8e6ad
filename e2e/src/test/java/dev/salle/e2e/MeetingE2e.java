package dev.salle.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.salle.testkit.RealDependency;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import javax.imageio.ImageIO;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/** What the end-to-end meeting tests share: waits on the device's state, and the screen check. */
final class MeetingE2e {

    static final Path INTEROP = Path.of("..", "interop").toAbsolutePath().normalize();
    /** Joining starts encoders and two peer connections on two shared cores. */
    static final Duration CALL_CHANGE = Duration.ofSeconds(45);
    static final Duration MEDIA = Duration.ofSeconds(90);

    private MeetingE2e() {}

    static void requireBrowsers() {
        RealDependency.require(Files.isDirectory(INTEROP.resolve("node_modules/livekit-client"))
                        && Files.isDirectory(INTEROP.resolve("node_modules/playwright-core"))
                        && RealDependency.onPath("node") && Files.isExecutable(Path.of("/usr/bin/chromium")),
                "Node.js, Chromium (/usr/bin/chromium) and livekit-client + playwright-core in interop/node_modules"
                        + " (./salle test installs them)");
    }

    /** Waits until the device's call state is {@code state}; the message has the device's output. */
    static JsonNode awaitCall(DeviceProcess device, String state, Duration within) {
        return awaitState(device, "call state " + state, within, s -> s.path("call").path("state").asText().equals(state));
    }

    static JsonNode awaitState(DeviceProcess device, String what, Duration within,
            java.util.function.Predicate<JsonNode> condition) {
        JsonNode[] last = {null};
        try {
            Awaitility.await(what).atMost(within).pollInterval(Duration.ofMillis(300)).until(() -> {
                last[0] = device.control().state();
                return condition.test(last[0]);
            });
        } catch (ConditionTimeoutException e) {
            throw new AssertionError(what + " not reached within " + within + "; last state " + last[0]
                    + "\n--- device output:\n" + device.output(), e);
        }
        return last[0];
    }

    /** The device's media health and call figures from /api/state ({@code health}). */
    static JsonNode media(JsonNode state) {
        return state.path("health");
    }

    /** The first remote of a browser's status whose identity is not one of {@code others}, or a missing node. */
    static JsonNode remoteExcept(JsonNode status, String... others) {
        java.util.List<String> skip = java.util.List.of(others);
        for (java.util.Map.Entry<String, JsonNode> e : status.path("remotes").properties()) {
            if (!skip.contains(e.getKey())) {
                return e.getValue();
            }
        }
        return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
    }

    /**
     * How far the centre of the screen is, on average, from the display's background (black by
     * default): the large tile sits there when a remote video is shown.
     */
    static double centreDistanceFromBlack(byte[] jpeg) {
        BufferedImage image;
        try {
            image = ImageIO.read(new ByteArrayInputStream(jpeg));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int w = image.getWidth();
        int h = image.getHeight();
        double sum = 0;
        int n = 0;
        for (int y = h * 3 / 10; y < h * 5 / 10; y += 2) {
            for (int x = w * 3 / 10; x < w * 6 / 10; x += 2) {
                int rgb = image.getRGB(x, y);
                int r = (rgb >> 16) & 0xFF;
                int g = (rgb >> 8) & 0xFF;
                int b = rgb & 0xFF;
                sum += r + g + b;
                n++;
            }
        }
        return sum / n;
    }

    /**
     * Stops the device, then the bridge, then deletes the namespace, each even when an earlier
     * one failed (the first failure is thrown); null parts are skipped.
     */
    static void stopAll(DeviceProcess device, dev.salle.bridge.BridgeProcess bridge, dev.salle.testkit.NetworkNamespace ns) {
        try {
            if (device != null) {
                device.close();
            }
        } finally {
            try {
                if (bridge != null) {
                    bridge.close();
                }
            } finally {
                if (ns != null) {
                    ns.close();
                }
            }
        }
    }
}

package dev.salle.device.config;

import dev.salle.settings.DeviceSettings;
import static dev.salle.settings.DeviceSettings.*;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/**
 * The device's whole configuration, as one immutable record per feature, built from validated
 * {@link ConfigValues}.
 */
public record DeviceConfig(Identity identity, Call call, Media media, Page page, Fleet fleet, Gpio gpio,
                           Provisioning provisioning, Updates updates, ConfigValues values) {

    /** Who the device is. */
    public record Identity(String deviceId, String room, String site, String hardware) {
        public boolean simulatedHardware() {
            return "simulated".equals(hardware);
        }
    }

    /**
     * The room's meeting, the call's timing, the UDP ports its media may use, and the certificates a
     * {@code turns:} server may chain to ({@code call.turn-trust-anchors}, read and checked at load).
     */
    public record Call(String meeting, Duration joinTimeout, Duration leaveTimeout, Duration errorHold,
                       dev.salle.settings.UdpPortRange mediaPorts, dev.salle.rtc.turn.TurnTlsTrust turnTrust) {}

    /** Capture, encoding and the screen output. */
    public record Media(String camera, String microphone, int videoWidth, int videoHeight, int videoFps,
                        int videoBitrateKbps, String displaySink, int displayWidth, int displayHeight) {}

    /**
     * The device page and its control API.
     *
     * @param pin the PIN a controller must send, or empty when none is needed (loopback only);
     *     secret: {@link #toString()} leaves it out
     */
    public record Page(boolean enabled, String bind, int port, String pin) {
        @Override
        public String toString() {
            return "Page[enabled=" + enabled + ", bind=" + bind + ", port=" + port + ", pin="
                    + (pin.isEmpty() ? "(none)" : "(secret)") + "]";
        }
    }

    /** The fleet link. */
    public record Fleet(boolean enabled, String broker, String topicPrefix, Duration telemetryInterval,
                        int outboxCapacity) {}

    /**
     * QR enrolment and where the device keeps its identity.
     *
     * @param trustAnchors PEM file of the provisioning public keys; empty when provisioning is off
     */
    public record Provisioning(boolean enabled, Path dataDir, String trustAnchors) {}

    /**
     * Signed updates.
     *
     * @param trustAnchors PEM file of the release keys; empty when updates are off
     * @param slotsDir where the A/B slots live on a PC, and the update's work files everywhere
     * @param mechanism {@code directories} (a PC), {@code grub} (the amd64 image's partitions) or
     *     {@code tryboot} (the Raspberry Pi image's partitions)
     */
    public record Updates(String trustAnchors, Path slotsDir, Duration healthTimeout, int maxBundleMb, String mechanism) {
        public boolean enabled() {
            return !trustAnchors.isEmpty();
        }

        /** Whether the device runs from the OS image's A/B partitions. */
        public boolean onImage() {
            return mechanism.equals("grub") || mechanism.equals("tryboot");
        }
    }

    /** The button and LED wiring. */
    public record Gpio(int buttonPin, Duration debounce, Duration longPress, int ledRed, int ledGreen, int ledBlue) {}

    /** Builds the records from validated values; {@code hostName} gives the default device id. */
    public static DeviceConfig from(ConfigValues v, String hostName) {
        String id = v.get(DEVICE_ID).isEmpty() ? defaultDeviceId(hostName) : v.get(DEVICE_ID);
        String[] led = v.get(LED_PINS).split(",");
        return new DeviceConfig(
                new Identity(id, v.get(ROOM), v.get(SITE), v.get(HARDWARE)),
                new Call(v.get(MEETING), v.get(JOIN_TIMEOUT), v.get(LEAVE_TIMEOUT), v.get(ERROR_HOLD), v.get(MEDIA_PORTS),
                        TurnTrustAnchors.load(v.get(TURN_TRUST_ANCHORS))),
                new Media(v.get(CAMERA), v.get(MICROPHONE), v.get(VIDEO_WIDTH), v.get(VIDEO_HEIGHT), v.get(VIDEO_FPS),
                        v.get(VIDEO_BITRATE), v.get(DISPLAY_SINK), v.get(DISPLAY_WIDTH), v.get(DISPLAY_HEIGHT)),
                new Page(v.get(PAGE_ENABLED), v.get(PAGE_BIND), v.get(PAGE_PORT), v.get(PAGE_PIN)),
                new Fleet(v.get(FLEET_ENABLED), v.get(FLEET_BROKER), v.get(FLEET_TOPIC_PREFIX), v.get(TELEMETRY_INTERVAL),
                        v.get(OUTBOX_CAPACITY)),
                new Gpio(v.get(BUTTON_PIN), v.get(BUTTON_DEBOUNCE), v.get(BUTTON_LONG_PRESS),
                        Integer.parseInt(led[0]), Integer.parseInt(led[1]), Integer.parseInt(led[2])),
                new Provisioning(v.get(PROVISIONING_ENABLED), Path.of(v.get(DATA_DIR)), v.get(PROVISIONING_TRUST_ANCHORS)),
                new Updates(v.get(UPDATE_TRUST_ANCHORS), v.get(UPDATE_SLOTS_DIR).isEmpty()
                        ? Path.of(v.get(DATA_DIR), "slots") : Path.of(v.get(UPDATE_SLOTS_DIR)),
                        v.get(UPDATE_HEALTH_TIMEOUT), v.get(UPDATE_MAX_BUNDLE_MB), v.get(UPDATE_MECHANISM)),
                v);
    }

    /** Loads and validates a config file. */
    public static DeviceConfig load(Path file, String hostName) {
        return from(ConfigValues.of(ConfigFile.load(file)), hostName);
    }

    /** Validates explicit values given in code (the demo, tests). */
    public static DeviceConfig of(Map<String, String> explicit, String hostName) {
        return from(ConfigValues.of(explicit), hostName);
    }

    /** "salle-" plus the host name reduced to lower-case letters, digits and hyphens. */
    static String defaultDeviceId(String hostName) {
        String cleaned = hostName.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]+", "-").replaceAll("^-+|-+$", "");
        String id = "salle-" + (cleaned.isEmpty() ? "device" : cleaned);
        return id.length() > 63 ? id.substring(0, 63) : id;
    }
}

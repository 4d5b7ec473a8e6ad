package dev.salle.settings;

import dev.salle.settings.Setting.Change;
import dev.salle.settings.SettingType.Bool;
import dev.salle.settings.SettingType.Choice;
import dev.salle.settings.SettingType.Int;
import dev.salle.settings.SettingType.Matching;
import dev.salle.settings.SettingType.PortRange;
import dev.salle.settings.SettingType.Span;
import dev.salle.settings.SettingType.Text;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Every key the device's config file may hold, with its default. This is the one place where
 * defaults live; {@code docs/configuration.md} lists the same table.
 */
public final class DeviceSettings {

    private DeviceSettings() {}

    public static final Setting<String> DEVICE_ID = new Setting<>("device.id",
            new Matching(Pattern.compile("|[a-z0-9][a-z0-9-]{0,62}"),
                    "empty (derived from the host name) or 1-63 lower-case letters, digits and hyphens"),
            "", "The device's id in the fleet; empty means 'salle-' plus the host name.", false, Change.LOCAL_ONLY);
    public static final Setting<String> ROOM = new Setting<>("device.room", new Text(80),
            "Salle de réunion", "The room's name, shown on screen and used as the participant name.", false, Change.FLEET_LIVE);
    public static final Setting<String> SITE = new Setting<>("device.site", new Text(80),
            "", "The site the room belongs to.", false, Change.FLEET_LIVE);
    public static final Setting<String> HARDWARE = new Setting<>("device.hardware",
            new Choice(List.of("simulated", "pi")),
            "simulated", "Which hardware drivers to use: 'pi' (GPIO through Pi4J) or 'simulated' (a PC).", false, Change.LOCAL_ONLY);

    public static final Setting<String> DATA_DIR = new Setting<>("device.data-dir",
            new Matching(Pattern.compile("/[^\\s]{0,400}"), "an absolute path"),
            "/var/lib/salle", "Where the device keeps what survives a restart: its enrolled identity (key 0600, certificate).",
            false, Change.LOCAL_ONLY);
    public static final Setting<Boolean> PROVISIONING_ENABLED = new Setting<>("provisioning.enabled", new Bool(),
            "false", "Enrol by QR code: without an identity in device.data-dir, the device scans for the room's code"
                    + " and takes its id, room, site, meeting and broker from the enrolment.", false, Change.LOCAL_ONLY);
    public static final Setting<String> PROVISIONING_TRUST_ANCHORS = new Setting<>("provisioning.trust-anchors",
            new Matching(Pattern.compile("|/[^\\s]{1,400}"), "empty, or the absolute path of a PEM file of public keys"),
            "", "The organisation's provisioning public keys (PEM); codes signed by any other key are refused."
                    + " Required when provisioning.enabled is true.", false, Change.LOCAL_ONLY);

    public static final Setting<String> UPDATE_TRUST_ANCHORS = new Setting<>("update.trust-anchors",
            new Matching(Pattern.compile("|/[^\\s]{1,400}"), "empty, or the absolute path of a PEM file of public keys"),
            "", "The release keys (PEM) whose bundles this device installs; empty turns updates off.", false, Change.LOCAL_ONLY);
    public static final Setting<String> UPDATE_SLOTS_DIR = new Setting<>("update.slots-dir",
            new Matching(Pattern.compile("|/[^\\s]{1,400}"), "empty, or an absolute path"),
            "", "Where the A/B slots live on a PC; empty means device.data-dir/slots.", false, Change.LOCAL_ONLY);
    public static final Setting<String> UPDATE_MECHANISM = new Setting<>("update.mechanism",
            new Choice(List.of("directories", "grub", "tryboot")),
            "directories", "How updates switch versions: 'directories' (a PC: A/B folders under update.slots-dir), 'grub'"
                    + " (the amd64 image: A/B root partitions chosen by GRUB with boot counting; docs/image.md) or 'tryboot'"
                    + " (the Raspberry Pi image: A/B boot and root partitions chosen by the firmware's autoboot.txt and"
                    + " tryboot; docs/updates.md).", false,
            Change.LOCAL_ONLY);
    public static final Setting<Duration> UPDATE_HEALTH_TIMEOUT = new Setting<>("update.health-timeout",
            new Span(Duration.ofSeconds(5), Duration.ofMinutes(30)),
            "2m", "How long a new version has, after its first start, to prove itself healthy before the device goes back.",
            false, Change.FLEET_LIVE);
    public static final Setting<Integer> UPDATE_MAX_BUNDLE_MB = new Setting<>("update.max-bundle-mb", new Int(1, 8192),
            "512", "The largest update bundle the device downloads, in MiB.", false, Change.FLEET_LIVE);

    public static final Setting<String> MEETING = new Setting<>("call.meeting",
            new Matching(Pattern.compile("|local:[a-z0-9-]{0,40}|(https?|wss?)://[^\\s]{1,2000}"),
                    "empty, 'local:' (a local media test with no meeting server), or an http(s)/ws(s) URL"),
            "", "The room's meeting, joined by the button.", false, Change.FLEET_LIVE);
    public static final Setting<Duration> JOIN_TIMEOUT = new Setting<>("call.join-timeout",
            new Span(Duration.ofSeconds(1), Duration.ofMinutes(5)),
            "20s", "How long a join may take before the device gives up and shows an error.", false, Change.FLEET_LIVE);
    public static final Setting<Duration> LEAVE_TIMEOUT = new Setting<>("call.leave-timeout",
            new Span(Duration.ofMillis(100), Duration.ofMinutes(1)),
            "5s", "How long leaving may take before the device returns to idle regardless.", false, Change.FLEET_LIVE);
    public static final Setting<Duration> ERROR_HOLD = new Setting<>("call.error-hold",
            new Span(Duration.ofSeconds(1), Duration.ofMinutes(10)),
            "10s", "How long an error stays on screen before the device returns to idle.", false, Change.FLEET_LIVE);

    public static final Setting<UdpPortRange> MEDIA_PORTS = new Setting<>("call.media-ports", new PortRange(2),
            "", "The UDP ports a call's media uses, FIRST-LAST, for a firewall that opens a fixed range; a call takes two."
                    + " Empty means any free port.", false, Change.FLEET_LIVE);
    public static final Setting<String> TURN_TRUST_ANCHORS = new Setting<>("call.turn-trust-anchors",
            new Matching(Pattern.compile("|/[^\\s]{1,400}"), "empty, or the absolute path of a PEM file of CA certificates"),
            "", "CA certificates (PEM) a turns: (TURN over TLS) server's certificate may chain to besides the system's:"
                    + " the site's own CA. Empty means the system's only.", false, Change.LOCAL_ONLY);

    public static final Setting<String> CAMERA = new Setting<>("media.camera",
            new Matching(Pattern.compile("auto|test|test-flash|/dev/video[0-9]{1,3}|libcamera:[^\\s]{1,200}|image:/[^\\s\"\\\\\\p{Cntrl}]{1,400}\\.png"),
                    "auto, test, test-flash, /dev/videoN, libcamera:<camera id>, or image:<absolute path of a .png,"
                    + " without spaces, quotes or backslashes>"),
            "auto", "Which camera to use; 'auto' tries libcamera, then V4L2, then the test source."
                    + " 'test-flash' is a latency target: black and white, switching once a second, each switch logged."
                    + " 'image:/path.png' shows a still picture, re-read twice a second (tests, checking a printed QR code).", false, Change.FLEET_RESTART);
    public static final Setting<String> MICROPHONE = new Setting<>("media.microphone",
            new Matching(Pattern.compile("auto|test|hw:[0-9]{1,2},[0-9]{1,2}|plughw:[0-9]{1,2},[0-9]{1,2}"),
                    "auto, test, hw:CARD,DEVICE or plughw:CARD,DEVICE"),
            "auto", "Which ALSA capture device to use; 'auto' takes the first, or the test source when there is none.", false, Change.FLEET_RESTART);
    public static final Setting<Integer> VIDEO_WIDTH = new Setting<>("media.video.width", new Int(160, 1920),
            "1280", "Width of the camera video sent to the meeting, in pixels.", false, Change.FLEET_RESTART);
    public static final Setting<Integer> VIDEO_HEIGHT = new Setting<>("media.video.height", new Int(120, 1080),
            "720", "Height of the camera video sent to the meeting, in pixels.", false, Change.FLEET_RESTART);
    public static final Setting<Integer> VIDEO_FPS = new Setting<>("media.video.fps", new Int(1, 60),
            "30", "Frame rate of the camera video, in frames per second.", false, Change.FLEET_RESTART);
    public static final Setting<Integer> VIDEO_BITRATE = new Setting<>("media.video.bitrate-kbps", new Int(100, 20000),
            "2500", "Starting bitrate of the camera video, in kbit/s.", false, Change.FLEET_RESTART);
    public static final Setting<String> DISPLAY_SINK = new Setting<>("media.display.sink",
            new Choice(List.of("auto", "kms", "window", "none")),
            "auto", "Where the screen output goes: the HDMI display (kms), a desktop window, or nowhere but snapshots.", false, Change.FLEET_RESTART);
    public static final Setting<Integer> DISPLAY_WIDTH = new Setting<>("media.display.width", new Int(320, 3840),
            "1920", "Width of the screen output, in pixels.", false, Change.FLEET_RESTART);
    public static final Setting<Integer> DISPLAY_HEIGHT = new Setting<>("media.display.height", new Int(180, 2160),
            "1080", "Height of the screen output, in pixels.", false, Change.FLEET_RESTART);

    public static final Setting<Boolean> PAGE_ENABLED = new Setting<>("page.enabled", new Bool(),
            "true", "Serve the device page (what the screen shows, the LED, a Join button).", false, Change.LOCAL_ONLY);
    public static final Setting<String> PAGE_BIND = new Setting<>("page.bind",
            new Matching(Pattern.compile("127\\.0\\.0\\.1|::1|localhost|0\\.0\\.0\\.0|[0-9a-fA-F:.]{2,45}"), "an IP address"),
            "127.0.0.1", "Address the device page listens on; loopback by default.", false, Change.LOCAL_ONLY);
    public static final Setting<Integer> PAGE_PORT = new Setting<>("page.port", new Int(0, 65535),
            "8080", "Port of the device page; 0 picks a free one.", false, Change.LOCAL_ONLY);
    public static final Setting<String> PAGE_PIN = new Setting<>("page.pin",
            new Matching(Pattern.compile("|[!-~]{6,128}"), "empty, or 6 to 128 printable ASCII characters without spaces"),
            "", "PIN a controller sends as 'Authorization: Bearer <pin>' to use the control API; required when page.bind is not loopback.",
            true, Change.LOCAL_ONLY);

    public static final Setting<Boolean> FLEET_ENABLED = new Setting<>("fleet.enabled", new Bool(),
            "true", "Connect to the fleet's MQTT broker.", false, Change.LOCAL_ONLY);
    public static final Setting<String> FLEET_BROKER = new Setting<>("fleet.broker",
            new Matching(Pattern.compile("(tcp|mqtts)://[A-Za-z0-9.\\-\\[\\]:]{1,200}:[0-9]{1,5}"),
                    "a broker URI with a port: mqtts://host:8883 (mutual TLS with the enrolled certificate)"
                            + " or tcp://127.0.0.1:1883 (plain, development)"),
            "tcp://127.0.0.1:1883", "The fleet's MQTT 5 broker; an enrolled device uses the mqtts:// address its enrolment gave.",
            false, Change.LOCAL_ONLY);
    public static final Setting<String> FLEET_TOPIC_PREFIX = new Setting<>("fleet.topic-prefix",
            new Matching(Pattern.compile("[A-Za-z0-9_\\-]{1,40}(/[A-Za-z0-9_\\-]{1,40}){0,4}"),
                    "topic levels of letters, digits, '-' and '_' separated by '/', without wildcards"),
            "salle/v1", "Prefix of every fleet topic.", false, Change.LOCAL_ONLY);
    public static final Setting<Duration> TELEMETRY_INTERVAL = new Setting<>("fleet.telemetry-interval",
            new Span(Duration.ofSeconds(1), Duration.ofHours(1)),
            "30s", "How often the device publishes telemetry.", false, Change.FLEET_RESTART);
    public static final Setting<Integer> OUTBOX_CAPACITY = new Setting<>("fleet.outbox-capacity", new Int(1, 10000),
            "100", "How many telemetry messages the device keeps while offline (the newest are kept).", false, Change.LOCAL_ONLY);

    public static final Setting<Integer> BUTTON_PIN = new Setting<>("button.pin", new Int(0, 27),
            "17", "BCM number of the GPIO pin the button is wired to.", false, Change.LOCAL_ONLY);
    public static final Setting<Duration> BUTTON_DEBOUNCE = new Setting<>("button.debounce",
            new Span(Duration.ofMillis(1), Duration.ofMillis(500)),
            "30ms", "Edges closer together than this are contact bounce.", false, Change.LOCAL_ONLY);
    public static final Setting<Duration> BUTTON_LONG_PRESS = new Setting<>("button.long-press",
            new Span(Duration.ofMillis(300), Duration.ofSeconds(10)),
            "1500ms", "Holding the button this long is a long press (mute).", false, Change.LOCAL_ONLY);
    public static final Setting<String> LED_PINS = new Setting<>("led.pins",
            new Matching(Pattern.compile("[0-9]{1,2},[0-9]{1,2},[0-9]{1,2}"), "three BCM pin numbers: red,green,blue"),
            "23,24,25", "BCM pins of the status LED's red, green and blue legs.", false, Change.LOCAL_ONLY);

    /** Every setting, in the order of the docs. */
    public static final List<Setting<?>> ALL = List.of(
            DEVICE_ID, ROOM, SITE, HARDWARE, DATA_DIR, PROVISIONING_ENABLED, PROVISIONING_TRUST_ANCHORS,
            UPDATE_TRUST_ANCHORS, UPDATE_SLOTS_DIR, UPDATE_MECHANISM, UPDATE_HEALTH_TIMEOUT, UPDATE_MAX_BUNDLE_MB,
            MEETING, JOIN_TIMEOUT, LEAVE_TIMEOUT, ERROR_HOLD, MEDIA_PORTS, TURN_TRUST_ANCHORS,
            CAMERA, MICROPHONE, VIDEO_WIDTH, VIDEO_HEIGHT, VIDEO_FPS, VIDEO_BITRATE,
            DISPLAY_SINK, DISPLAY_WIDTH, DISPLAY_HEIGHT,
            PAGE_ENABLED, PAGE_BIND, PAGE_PORT, PAGE_PIN,
            FLEET_ENABLED, FLEET_BROKER, FLEET_TOPIC_PREFIX, TELEMETRY_INTERVAL, OUTBOX_CAPACITY,
            BUTTON_PIN, BUTTON_DEBOUNCE, BUTTON_LONG_PRESS, LED_PINS);

    /** Every setting by key. */
    public static final Map<String, Setting<?>> BY_KEY =
            ALL.stream().collect(Collectors.toUnmodifiableMap(Setting::key, Function.identity()));
}

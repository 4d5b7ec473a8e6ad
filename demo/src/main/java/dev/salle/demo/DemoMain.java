package dev.salle.demo;

import dev.salle.bridge.Bridge;
import dev.salle.bridge.config.BridgeConfig;
import dev.salle.bridge.config.BridgeLimits;
import dev.salle.bridge.config.ConfigException;
import dev.salle.bridge.signal.RtcSignalling;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import dev.salle.broker.EmbeddedMqttBroker;
import dev.salle.rtc.token.ApiKeys;
import java.security.SecureRandom;
import java.time.Clock;
import dev.salle.device.DeviceApp;
import dev.salle.device.media.GstDeviceMedia;
import dev.salle.device.config.ConfigStore;
import dev.salle.device.config.DeviceConfig;
import dev.salle.device.fleet.SystemTelemetry;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import dev.salle.device.fleet.FleetTls;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Set;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./salle demo}: one simulated room device and an embedded MQTT broker on this PC, all in
 * this process. Ctrl-C (SIGINT) or SIGTERM stops both.
 */
@Command(name = "salle demo", mixinStandardHelpOptions = true,
        description = "Runs a simulated room device with an embedded MQTT broker on this PC.")
public final class DemoMain implements Callable<Integer> {

    /** The line the demo prints when everything is up; tests wait for it. */
    public static final String READY = "Salle demo ready";
    /** The demo room's meeting code on the demo's bridge. */
    static final String MEETING_SLUG = "sal-demo-rdv";
    /** The demo device's id, also its certificate's CN. */
    static final String DEVICE_ID = "salle-demo";

    @Option(names = "--page-port", defaultValue = "8080", description = "Port of the device page (default ${DEFAULT-VALUE}; a free one when taken).")
    int pagePort;

    @Option(names = "--broker-port", defaultValue = "1883", description = "Port of the embedded MQTT broker (default ${DEFAULT-VALUE}; a free one when taken).")
    int brokerPort;

    @Option(names = "--console-port", defaultValue = "8443", description = "Port of the fleet console (default ${DEFAULT-VALUE}; a free one when taken).")
    int consolePort;

    @Option(names = "--bridge-port", defaultValue = "7880", description = "Port of the on-site bridge (default ${DEFAULT-VALUE}; a free one when taken).")
    int bridgePort;

    @Option(names = "--room", defaultValue = "Salle de démonstration", description = "The room's name (default '${DEFAULT-VALUE}').")
    String room;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Any device setting (see docs/configuration.md); may repeat.")
    Map<String, String> settings = new LinkedHashMap<>();

    private final PrintStream out = System.out;

    public static void main(String[] args) {
        if (System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", "logback-demo.xml");
        }
        int code = new CommandLine(new DemoMain()).execute(args);
        if (code != 0) {
            System.exit(code);
        }
    }

    @Override
    public Integer call() throws Exception {
        Path data = Files.createTempDirectory("salle-demo-");
        DemoPki pki = new DemoPki(data.resolve("pki"), Clock.systemUTC());
        List<Path> fleetFiles = pki.writeFleetClient();
        EmbeddedMqttBroker broker = EmbeddedMqttBroker.startMutualTls(portOrFree(brokerPort), Optional.of(data.resolve("broker")),
                new EmbeddedMqttBroker.MutualTls(pki.broker(), pki.caCertificate(), "salle/v1", DemoPki.FLEET_CLIENT, Set::of));
        String brokerUri = "mqtts://127.0.0.1:" + broker.port();
        FleetTls deviceTls = pki.device(DEVICE_ID);
        DemoFleet fleet;
        try {
            fleet = DemoFleet.start(broker.uri(), pki.fleetManagerTls(), pki.console(), consolePortOrFree(consolePort),
                    data.resolve("console-admin-password"), Clock.systemUTC());
        } catch (RuntimeException e) {
            broker.close();
            System.err.println("salle demo: the fleet manager could not start: " + e.getMessage());
            return 1;
        }
        Bridge bridge;
        ScheduledExecutorService signallingTimer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "salle-demo-signalling");
            t.setDaemon(true);
            return t;
        });
        try {
            SecureRandom random = new SecureRandom();
            Clock clock = Clock.systemUTC();
            bridge = Bridge.start(BridgeConfig.validated(BridgeConfig.LOOPBACK, portOrFree(bridgePort), udpPortOrFree(BridgeConfig.DEFAULT_UDP_PORT),
                    tcpPortOrFree(BridgeConfig.DEFAULT_TCP_PORT), ApiKeys.of(Map.of(ApiKeys.DEV_KEY, ApiKeys.DEV_SECRET)), true, Optional.empty(), BridgeLimits.defaults()),
                    clock, random, services -> RtcSignalling.create(services, clock, signallingTimer, random));
        } catch (RuntimeException | ConfigException e) {
            signallingTimer.shutdownNow();
            fleet.close();
            broker.close();
            System.err.println("salle demo: the on-site bridge could not start: " + e.getMessage());
            return 1;
        }

        Map<String, String> values = new LinkedHashMap<>();
        values.put("device.id", DEVICE_ID);
        values.put("device.room", room);
        values.put("device.site", "Démo");
        values.put("device.hardware", "simulated");
        // the room's meeting is on the demo's own bridge: a browser opening the same link meets the device
        String meeting = bridge.httpUri() + "/" + MEETING_SLUG;
        values.put("call.meeting", meeting);
        values.put("media.camera", "test");
        values.put("media.microphone", "test");
        values.put("media.display.sink", "none");
        values.put("media.display.width", "1280");
        values.put("media.display.height", "720");
        values.put("page.port", String.valueOf(portOrFree(pagePort)));
        values.put("fleet.broker", brokerUri);
        values.put("fleet.telemetry-interval", "10s");
        values.putAll(settings);
        ConfigStore config;
        try {
            config = new ConfigStore(DeviceConfig.of(values, hostName()), Optional.empty(), hostName());
        } catch (RuntimeException e) {
            bridge.close();
            signallingTimer.shutdownNow();
            fleet.close();
            broker.close();
            System.err.println("salle demo: " + e.getMessage());
            return 2;
        }

        CountDownLatch stopped = new CountDownLatch(1);
        AtomicReference<DeviceApp> device = new AtomicReference<>();
        Runnable restart = () -> new Thread(() -> {
            DeviceApp old = device.get();
            old.close();
            device.set(DeviceApp.start(config, GstDeviceMedia::new, SystemTelemetry.ofThisMachine()::read, () -> {},
                    () -> {}, Optional.of(deviceTls)));
        }, "salle-demo-restart").start();
        device.set(DeviceApp.start(config, GstDeviceMedia::new, SystemTelemetry.ofThisMachine()::read, restart, restart,
                Optional.of(deviceTls)));
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            out.println("Stopping the demo ...");
            device.get().close();
            bridge.close();
            signallingTimer.shutdownNow();
            fleet.close();
            broker.close();
            deleteQuietly(data);
            out.println("The demo has stopped.");
            stopped.countDown();
        }, "salle-demo-shutdown"));

        out.println();
        out.println("Device page:  " + device.get().pageUri().map(Object::toString).orElse("(off)"));
        out.println("MQTT broker:  " + brokerUri + "   (mutual TLS; watch it: mosquitto_sub -h 127.0.0.1 -p " + broker.port()
                + " --cafile " + fleetFiles.get(0) + " --cert " + fleetFiles.get(1) + " --key " + fleetFiles.get(2)
                + " -t 'salle/v1/#' -v)");
        out.println("Fleet:        " + fleet.consoleUri() + "   (the fleet console: log in as admin with the password in "
                + fleet.passwordFile() + "; the demo's CA signs its certificate: " + fleetFiles.get(0) + ")");
        out.println("Bridge:       " + bridge.httpUri() + "   (on-site bridge: open it to meet in a browser; room API at /api/v1.0/rooms/…; dev key devkey/secret)");
        out.println("Meeting:      " + meeting + "   (the room's meeting: open it in a browser, and press Join on the device page)");
        out.println("Press Enter to press the device's button, m then Enter for a long press (mute), Ctrl-C to stop.");
        out.println(READY);
        out.flush();

        Thread keyboard = new Thread(() -> readKeyboard(device), "salle-demo-keyboard");
        keyboard.setDaemon(true);
        keyboard.start();
        stopped.await();
        return 0;
    }

    private static void readKeyboard(AtomicReference<DeviceApp> device) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                String key = line.strip().toLowerCase(java.util.Locale.ROOT);
                var button = device.get().hardware().simulatedButton();
                if (button.isEmpty()) {
                    continue;
                }
                if (key.isEmpty()) {
                    button.get().press();
                } else if (key.equals("m")) {
                    button.get().longPress();
                }
            }
        } catch (IOException e) {
            // no keyboard: the device page still works
        }
    }

    /** The bridge's ICE-TCP port: {@code preferred} when free on loopback, else any free one. */
    static int tcpPortOrFree(int preferred) {
        try {
            return portOrFree(preferred);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The bridge's media port: {@code preferred} when free on loopback, else 0 (any free one). */
    static int udpPortOrFree(int preferred) {
        try (java.net.DatagramSocket s = new java.net.DatagramSocket(
                new InetSocketAddress(InetAddress.getLoopbackAddress(), preferred))) {
            return s.getLocalPort();
        } catch (IOException taken) {
            return 0;
        }
    }

    private static int consolePortOrFree(int preferred) {
        try {
            return portOrFree(preferred);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The port if it is free on loopback, otherwise (or for 0) any free one. */
    static int portOrFree(int preferred) throws IOException {
        if (preferred <= 0) {
            try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                return s.getLocalPort();
            }
        }
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), preferred));
            return preferred;
        } catch (IOException taken) {
            try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                return s.getLocalPort();
            }
        }
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "demo";
        }
    }

    private static void deleteQuietly(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | RuntimeException e) {
            // a temp directory left behind is harmless
        }
    }
}

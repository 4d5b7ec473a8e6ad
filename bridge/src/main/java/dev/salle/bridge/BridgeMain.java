package dev.salle.bridge;

import dev.salle.bridge.config.BridgeConfig;
import dev.salle.bridge.config.TlsFiles;
import dev.salle.bridge.config.BridgeLimits;
import dev.salle.bridge.config.ConfigException;
import dev.salle.bridge.config.TurnOffer;
import dev.salle.bridge.signal.RtcSignalling;
import java.io.PrintStream;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code ./salle bridge}: runs the bridge until SIGTERM or SIGINT.
 *
 * <p>Exit codes: 0 after a clean stop, 2 for a configuration error (the message says how to fix
 * it), 1 when the port cannot be bound. Prints the URLs and then a line starting with
 * {@value #READY} once it serves requests.
 */
@Command(name = "salle bridge", mixinStandardHelpOptions = true,
        description = "Runs the on-site bridge: a LiveKit-compatible server with a Visio-compatible room API.")
public final class BridgeMain implements Callable<Integer> {

    static final int EXIT_CONFIG = 2;
    static final int EXIT_START = 1;
    static final String READY = "salle bridge: ready";

    @Mixin
    KeyOptions keyOptions = new KeyOptions();

    @Option(names = "--port", description = "HTTP and signalling TCP port (default: ${DEFAULT-VALUE}).")
    int port = BridgeConfig.DEFAULT_PORT;

    @Option(names = "--udp-port", description = "Media UDP port (default: ${DEFAULT-VALUE}).")
    int udpPort = BridgeConfig.DEFAULT_UDP_PORT;

    @Option(names = "--tcp-port", paramLabel = "PORT|off", description = "Media TCP port for ICE over TCP (RFC 6544),"
            + " used by clients whose network blocks UDP; 0 or off turns it off (default: ${DEFAULT-VALUE}).")
    String tcpPort = String.valueOf(BridgeConfig.DEFAULT_TCP_PORT);

    @Option(names = "--bind", description = "Address to listen on (default: every interface; 127.0.0.1 with --dev).")
    String bind;

    @Option(names = "--public-url", description = "The ws:// or wss:// URL clients use (default: from the Host header).")
    String publicUrl;

    @Option(names = "--tls-cert", description = "PEM certificate (chain) to serve HTTPS and wss:// with; browsers on"
            + " other machines need HTTPS for camera and microphone. Give --tls-key too.")
    java.nio.file.Path tlsCert;

    @Option(names = "--tls-key", description = "PEM private key of --tls-cert (unencrypted; keep it 0600).")
    java.nio.file.Path tlsKey;

    @Option(names = "--turn-url", paramLabel = "URL", description = "A TURN server handed to every client in the"
            + " JoinResponse, e.g. turn:turn.example.org:3478?transport=udp (repeat for more; needs --turn-secret).")
    List<String> turnUrls = new ArrayList<>();

    @Option(names = "--turn-secret", paramLabel = "SECRET", description = "The TURN server's shared secret (coturn"
            + " use-auth-secret / static-auth-secret), at least 16 characters; or SALLE_TURN_SECRET in the environment,"
            + " which keeps it out of the process list.")
    String turnSecret;

    @Option(names = "--max-rooms", description = "Rooms at most (default: ${DEFAULT-VALUE}).")
    int maxRooms = BridgeLimits.defaults().maxRooms();

    @Option(names = "--max-participants", description = "Participants per room at most (default: ${DEFAULT-VALUE}).")
    int maxParticipants = BridgeLimits.defaults().maxParticipantsPerRoom();

    @Option(names = "--max-signal-bytes", description = "Largest signalling message (default: ${DEFAULT-VALUE}).")
    int maxSignalBytes = BridgeLimits.defaults().maxSignalMessageBytes();

    @Option(names = "--resume-window", description = "Seconds a participant whose signalling connection dropped"
            + " stays in its room for its client to resume; 0 makes it leave at once (default: ${DEFAULT-VALUE}).")
    int resumeWindowSeconds = BridgeLimits.DEFAULT_RESUME_WINDOW_SECONDS;

    private final Map<String, String> env;
    private final PrintStream out;
    private final PrintStream err;
    private final CountDownLatch stop = new CountDownLatch(1);
    private final CountDownLatch stopped = new CountDownLatch(1);

    public BridgeMain() {
        this(System.getenv(), System.out, System.err);
    }

    BridgeMain(Map<String, String> env, PrintStream out, PrintStream err) {
        this.env = env;
        this.out = out;
        this.err = err;
    }

    public static void main(String[] args) {
        if (System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", "logback-bridge.xml");
        }
        BridgeMain main = new BridgeMain();
        Runtime.getRuntime().addShutdownHook(new Thread(main::stopAndWait, "salle-bridge-shutdown"));
        System.exit(new CommandLine(main).execute(args));
    }

    /** Builds the validated configuration from the options and environment. */
    BridgeConfig config() throws ConfigException {
        String address = bind != null ? bind : keyOptions.dev ? BridgeConfig.LOOPBACK : BridgeConfig.ALL_INTERFACES;
        BridgeLimits limits = new BridgeLimits(maxRooms, maxParticipants, maxSignalBytes,
                BridgeLimits.defaults().maxRequestBodyBytes(), resumeWindowSeconds);
        BridgeConfig config = BridgeConfig.validated(address, port, udpPort, tcpPort(), keyOptions.resolve(env),
                keyOptions.dev,
                Optional.ofNullable(publicUrl), limits);
        if ((tlsCert == null) != (tlsKey == null)) {
            throw new ConfigException("tls-cert and tls-key go together; give both (PEM certificate and its key) or neither");
        }
        config = config.withTurn(TurnOffer.validated(turnUrls,
                Optional.ofNullable(turnSecret != null ? turnSecret : env.get("SALLE_TURN_SECRET"))));
        return tlsCert == null ? config : config.withTls(TlsFiles.validated(tlsCert, tlsKey));
    }

    private int tcpPort() throws ConfigException {
        String value = tcpPort.trim();
        if (value.equalsIgnoreCase("off")) {
            return BridgeConfig.TCP_OFF;
        }
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new ConfigException("tcp-port is '" + tcpPort + "'; allowed: 1 to 65535, or 0 or off for no ICE-TCP");
        }
    }

    @Override
    public Integer call() throws InterruptedException {
        BridgeConfig config;
        try {
            config = config();
        } catch (ConfigException e) {
            err.println("salle bridge: " + e.getMessage());
            stopped.countDown();
            return EXIT_CONFIG;
        }
        Bridge bridge;
        Clock clock = Clock.systemUTC();
        SecureRandom random = new SecureRandom();
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "bridge-signal-timer");
            t.setDaemon(true);
            return t;
        });
        try {
            bridge = Bridge.start(config, clock, random,
                    services -> RtcSignalling.create(services, clock, scheduler, random));
        } catch (IllegalStateException e) {
            scheduler.shutdownNow();
            err.println("salle bridge: " + e.getMessage());
            stopped.countDown();
            return EXIT_START;
        }
        try {
            out.println("salle bridge: HTTP on " + bridge.httpUri() + " (web client at /, room API,"
                    + " /rtc signalling, /rtc/validate, /metrics)");
            out.println("salle bridge: LiveKit URL " + bridge.livekitUrl() + ", media UDP port " + config.udpPort()
                    + (config.iceTcp() ? ", media TCP port " + config.tcpPort() : ", no media over TCP (--tcp-port off)"));
            config.turn().ifPresent(t -> out.println("salle bridge: TURN offered to clients: " + t.urls()
                    + " (credentials valid " + t.credentialLifetime().toHours() + " h, from the shared secret)"));
            if (config.dev()) {
                out.println("salle bridge: development mode: API key devkey, secret secret; loopback only");
            }
            out.println(READY);
            out.flush();
            stop.await();
        } finally {
            bridge.close();
            scheduler.shutdownNow();
            out.println("salle bridge: stopped");
            out.flush();
            stopped.countDown();
        }
        return 0;
    }

    /** Makes {@link #call()} stop the bridge and return; safe from any thread, e.g. a shutdown hook. */
    void requestStop() {
        stop.countDown();
    }

    /**
     * How long the shutdown hook waits for the bridge to close: the participants' connections
     * (at most 4 s), the HTTP server (2 s), the media port and its peer threads (2 s each), with
     * room to spare. A service manager's stop timeout should be longer (systemd's default is 90 s).
     */
    static final long STOP_WAIT_SECONDS = 12;

    /** For the shutdown hook: asks to stop and waits until the bridge closed; says where it hangs if it does not. */
    private void stopAndWait() {
        requestStop();
        try {
            if (!stopped.await(STOP_WAIT_SECONDS, TimeUnit.SECONDS)) {
                System.out.println("salle bridge: the stop did not finish within " + STOP_WAIT_SECONDS
                        + " s; exiting anyway. Threads still running:" + threadDump());
                System.out.flush();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The stacks of the live threads that are not the JVM's own, for a stop that hangs. */
    private static String threadDump() {
        StringBuilder b = new StringBuilder();
        Thread.getAllStackTraces().forEach((t, stack) -> {
            if (t == Thread.currentThread() || t.getThreadGroup() == null || "system".equals(t.getThreadGroup().getName())) {
                return;
            }
            b.append("\n  \"").append(t.getName()).append("\" ").append(t.getState());
            for (int i = 0; i < Math.min(stack.length, 12); i++) {
                b.append("\n    at ").append(stack[i]);
            }
        });
        return b.toString();
    }
}

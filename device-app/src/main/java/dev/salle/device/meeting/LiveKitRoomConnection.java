package dev.salle.device.meeting;

import dev.salle.device.call.RoomConnection;
import dev.salle.device.media.CallMedia;
import dev.salle.rtc.client.LiveKitSignalClient;
import dev.salle.rtc.client.ReconnectPolicy;
import dev.salle.rtc.client.VisioRoomClient;
import dev.salle.rtc.dtls.DtlsCertificate;
import dev.salle.rtc.dtls.DtlsConfig;
import dev.salle.rtc.dtls.DtlsEndpoint;
import java.net.http.HttpClient;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import dev.salle.settings.UdpPortRange;
import java.util.function.BiConsumer;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How the device reaches Visio meetings, the on-site bridge and LiveKit servers: each join is a
 * {@link MeetingSession}. Owns what the sessions share: the device's DTLS certificate (made at
 * start-up), the HTTP client for the room API and signalling, and the threads of the peer
 * connections. Each peer connection opens its own UDP port on every interface, within
 * {@code call.media-ports} when it is set.
 *
 * <p>Threading: {@link #join} from any thread; it returns at once.
 */
public final class LiveKitRoomConnection implements RoomConnection, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LiveKitRoomConnection.class);
    /**
     * After a loss: 250 ms first, then at most 2 s apart (so the device is back within about 2 s
     * of the server or the network returning), for 45 s in all (a 30 s network drop is ridden out).
     */
    static final ReconnectPolicy RIDE_OUT = new ReconnectPolicy(Duration.ofMillis(250), Duration.ofSeconds(2),
            Duration.ofSeconds(45));

    private final MeetingResources resources;
    private final HttpClient http;
    private final ExecutorService peerThreads;
    private volatile MeetingSession current;

    /**
     * @param media the device's call media
     * @param scheduler times signalling pings and lobby polls; owned by the caller
     * @param events telemetry sink (event name, fields); called on session threads
     * @param version the firmware version, sent as the SDK version
     * @param mediaPorts the UDP ports a call's media may use now ({@code call.media-ports})
     */
    public LiveKitRoomConnection(CallMedia media, ScheduledExecutorService scheduler, Clock clock,
            BiConsumer<String, Map<String, Object>> events, String version, Supplier<UdpPortRange> mediaPorts,
            Supplier<dev.salle.rtc.turn.TurnTlsTrust> turnTrust) {
        AtomicInteger n = new AtomicInteger();
        this.peerThreads = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "peer-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
                .followRedirects(HttpClient.Redirect.NEVER).build();
        RandomGenerator random = new SecureRandom();
        this.resources = new MeetingResources(
                new LiveKitSignalClient(http, clock, scheduler, version, LiveKitSignalClient.DEFAULT_JOIN_TIMEOUT),
                new VisioRoomClient(http, scheduler, clock),
                new DtlsEndpoint(DtlsCertificate.generate(), DtlsConfig.defaults(), new SecureRandom()),
                peerThreads, clock, random, media, events, RIDE_OUT, mediaPorts, turnTrust);
    }

    @Override
    public Session join(String meeting, String displayName, Listener listener) {
        MeetingAddress address;
        try {
            address = MeetingAddress.parse(meeting);
        } catch (IllegalArgumentException e) {
            resources.events().accept("join-failed", Map.of("kind", "bad-address", "message", e.getMessage()));
            listener.failed(e.getMessage());
            return Ended.INSTANCE;
        }
        MeetingSession session = new MeetingSession(resources, address, displayName, listener);
        current = session;
        session.start();
        return session;
    }

    /** The current session's media figures, for the device page; empty when none ran yet. */
    public Optional<Map<String, Object>> stats() {
        MeetingSession s = current;
        return s == null ? Optional.empty() : Optional.of(s.stats());
    }

    /**
     * The current session's {@link CallQuality}, as telemetry carries it, with its {@code mediaPath}
     * ({@code udp}, {@code tcp}, {@code turn-udp}, {@code turn-tcp}, {@code turn-tls}) once media
     * flows; empty when no session ran yet.
     */
    public Optional<Map<String, Object>> quality() {
        MeetingSession s = current;
        return s == null ? Optional.empty() : Optional.of(s.qualityMap());
    }

    @Override
    public void close() {
        MeetingSession s = current;
        if (s != null) {
            s.leave();
        }
        peerThreads.shutdownNow();
        http.close();
    }

    /** A session that never started. */
    private enum Ended implements Session {
        INSTANCE;

        @Override
        public void leave() {}

        @Override
        public void setMicrophoneMuted(boolean muted) {}

        @Override
        public void setCameraOff(boolean off) {}
    }
}

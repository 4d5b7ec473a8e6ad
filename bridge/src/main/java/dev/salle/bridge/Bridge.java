package dev.salle.bridge;

import dev.salle.bridge.config.BridgeConfig;
import dev.salle.bridge.http.BridgeHttpServer;
import dev.salle.bridge.http.BridgeServices;
import dev.salle.bridge.http.NotYetSignalling;
import dev.salle.bridge.lobby.Lobby;
import dev.salle.bridge.lobby.RequestThrottle;
import dev.salle.bridge.metrics.BridgeMetrics;
import dev.salle.bridge.metrics.MetricsRegistry;
import dev.salle.bridge.room.JoinTokens;
import dev.salle.bridge.room.RoomRegistry;
import dev.salle.bridge.signal.RtcSignalling;
import dev.salle.rtc.token.AccessTokenMinter;
import dev.salle.rtc.token.AccessTokenVerifier;
import java.net.URI;
import java.time.Clock;
import java.util.function.Function;
import java.util.random.RandomGenerator;
import org.eclipse.jetty.server.Handler;

/**
 * A running bridge: the composition root. {@link #start} wires everything and listens;
 * {@link #close()} stops listening. Start and close from one thread; the parts are thread-safe.
 */
public final class Bridge implements AutoCloseable {

    /** Request-entry calls one source address may make per minute (Visio's throttle). */
    public static final int ENTRY_REQUESTS_PER_MINUTE = 150;

    private final BridgeConfig config;
    private final BridgeServices services;
    private final BridgeHttpServer http;
    private final Handler signalling;

    private Bridge(BridgeConfig config, BridgeServices services, BridgeHttpServer http, Handler signalling) {
        this.config = config;
        this.services = services;
        this.http = http;
        this.signalling = signalling;
    }

    /**
     * Wires and starts a bridge. Guest tokens are minted with the first configured API key.
     *
     * @throws IllegalStateException when the port cannot be bound
     */
    public static Bridge start(BridgeConfig config, Clock clock, RandomGenerator random) {
        return start(config, clock, random, services -> new NotYetSignalling());
    }

    /**
     * Wires and starts a bridge whose {@code /rtc} is served by the handler {@code signalling} makes
     * from the wired services (the WebSocket signalling mounts itself here: pass
     * {@code services -> RtcSignalling.create(services, clock, scheduler, random)}). When the
     * handler is an {@link RtcSignalling}, {@link #close()} shuts it down (every participant gets a
     * {@code LeaveRequest}) before the server stops.
     *
     * @throws IllegalStateException when the port cannot be bound
     */
    public static Bridge start(BridgeConfig config, Clock clock, RandomGenerator random,
            Function<BridgeServices, Handler> signalling) {
        RoomRegistry rooms = new RoomRegistry(config.limits().maxRooms(), random);
        BridgeMetrics metrics = new BridgeMetrics(new MetricsRegistry(), rooms::size, () -> 0);
        String mintingKey = config.keys().keyIds().iterator().next();
        JoinTokens joinTokens = new JoinTokens(new AccessTokenMinter(config.keys(), mintingKey, clock), random);
        BridgeServices services = new BridgeServices(config, new AccessTokenVerifier(config.keys(), clock),
                joinTokens, rooms, new Lobby(clock, config.limits().maxParticipantsPerRoom(), joinTokens::newGuestIdentity),
                new RequestThrottle(ENTRY_REQUESTS_PER_MINUTE, clock), metrics);
        Handler rtc = signalling.apply(services);
        BridgeHttpServer http;
        try {
            http = new BridgeHttpServer(services, rtc);
        } catch (RuntimeException e) {
            if (rtc instanceof RtcSignalling r) {
                r.shutdown(); // releases the media port it bound
            }
            throw e;
        }
        http.start();
        return new Bridge(config, services, http, rtc);
    }

    /** The HTTP address, e.g. {@code http://127.0.0.1:7880}. */
    public URI httpUri() {
        return http.uri();
    }

    /** The URL LiveKit clients connect to, e.g. {@code ws://127.0.0.1:7880}. */
    public URI livekitUrl() {
        return config.publicUrl().orElseGet(() -> URI.create("ws" + http.uri().toString().substring(4)));
    }

    /** The address the HTTP server listens on. */
    public String boundHost() {
        return http.host();
    }

    public BridgeConfig config() {
        return config;
    }

    /** The wired parts, for the media plane to come (metrics registry, rooms) and for tests. */
    public BridgeServices services() {
        return services;
    }

    @Override
    public void close() {
        if (signalling instanceof RtcSignalling rtc) {
            // before the server stops: its connectors close the sockets before its handlers stop
            rtc.shutdown();
        }
        http.close();
    }
}

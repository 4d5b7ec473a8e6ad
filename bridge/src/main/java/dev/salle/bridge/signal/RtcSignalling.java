package dev.salle.bridge.signal;

import dev.salle.bridge.http.BridgeServices;
import dev.salle.rtc.signal.ParticipantIds;
import dev.salle.rtc.signal.RtcConnectParams;
import dev.salle.rtc.signal.RtcQueryException;
import dev.salle.rtc.signal.SignalCodec;
import dev.salle.rtc.token.AccessTokenVerifier;
import dev.salle.rtc.token.TokenRejectedException;
import dev.salle.rtc.token.VerifiedToken;
import dev.salle.bridge.media.MediaTransport;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.random.RandomGenerator;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.websocket.server.ServerWebSocketContainer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code /rtc} handler: LiveKit signalling v0 over a WebSocket (binary protobuf frames).
 *
 * <p>Before upgrading it parses the query (400 when bad), verifies the token and that it grants
 * joining its room (401 with the reason, never the token), and checks the room has space (403);
 * a refused request creates no state and is counted. An admitted client gets a
 * {@code JoinResponse} as soon as the socket opens. A request without a WebSocket upgrade gets 400.
 *
 * <p>Mount it by handing it to {@code Bridge.start(config, clock, random, services -> handler)};
 * the enclosing handler must pass it the {@link Server} ({@link #setServer}) before the server
 * starts, because the Jetty WebSocket container is registered on the server then. Thread-safe.
 * Ping timeouts are checked every second on the injected scheduler, which the caller owns.
 * {@link #shutdown()} tells every participant to leave ({@code SERVER_SHUTDOWN}) and closes the
 * sockets; call it before stopping the server.
 */
public final class RtcSignalling extends Handler.Abstract {

    private static final Logger LOG = LoggerFactory.getLogger(RtcSignalling.class);
    /** How often silent participants are looked for. */
    static final Duration SWEEP_PERIOD = Duration.ofSeconds(1);
    /** How often key frame requests and speaker changes are looked at. */
    static final Duration MEDIA_TICK = Duration.ofMillis(200);

    private final AccessTokenVerifier verifier;
    private final SignalSettings settings;
    private final SignalService service;
    private final SignalCodec codec;
    private final ScheduledExecutorService scheduler;
    private volatile ServerWebSocketContainer container;
    private volatile ScheduledFuture<?> sweep;
    private volatile ScheduledFuture<?> mediaTick;

    /**
     * @param scheduler runs the ping-timeout sweep; owned by the caller
     * @param random draws participant, track and room ids (a {@link java.security.SecureRandom} in
     *     production)
     */
    public RtcSignalling(BridgeServices services, SignalSettings settings, Clock clock,
            ScheduledExecutorService scheduler, RandomGenerator random, MediaTransport media) {
        this.verifier = services.verifier();
        this.settings = settings;
        this.scheduler = scheduler;
        this.codec = new SignalCodec(settings.maxSignalMessageBytes());
        SignalMetrics metrics = new SignalMetrics(services.metrics());
        this.service = new SignalService(clock, new ParticipantIds(random), settings, metrics, media,
                services.config().turn());
        services.metrics().countParticipantsWith(service.rooms()::participantCount);
    }

    /**
     * With the default settings and the bridge's limits, and the media port bound as the
     * configuration says ({@code bind}, {@code udpPort}, {@code tcpPort}).
     *
     * @throws IllegalStateException when the media port cannot be bound (the message says which and how to fix it)
     */
    public static RtcSignalling create(BridgeServices services, Clock clock, ScheduledExecutorService scheduler,
            RandomGenerator random) {
        MediaTransport media;
        try {
            media = MediaTransport.open(new InetSocketAddress(services.config().bind(), services.config().udpPort()),
                    services.config().iceTcp() ? java.util.OptionalInt.of(services.config().tcpPort())
                            : java.util.OptionalInt.empty(), clock);
        } catch (IOException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
        return new RtcSignalling(services, SignalSettings.from(services.config().limits()), clock, scheduler, random,
                media);
    }

    @Override
    public void setServer(Server server) {
        super.setServer(server);
        if (server != null && container == null) {
            ServerWebSocketContainer c = ServerWebSocketContainer.ensure(server);
            c.setMaxBinaryMessageSize(settings.maxSignalMessageBytes());
            // browsers send a message as one frame: the frame limit must not be below the message limit
            c.setMaxFrameSize(settings.maxSignalMessageBytes());
            c.setMaxTextMessageSize(1024);
            c.setIdleTimeout(settings.pingTimeout().multipliedBy(2));
            container = c;
        }
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        long period = SWEEP_PERIOD.toMillis();
        sweep = scheduler.scheduleWithFixedDelay(this::sweepSafely, period, period, TimeUnit.MILLISECONDS);
        long tick = MEDIA_TICK.toMillis();
        mediaTick = scheduler.scheduleWithFixedDelay(this::mediaTickSafely, tick, tick, TimeUnit.MILLISECONDS);
    }

    private void mediaTickSafely() {
        try {
            service.mediaTick();
        } catch (RuntimeException e) {
            LOG.warn("the media timer failed; it runs again in {}", MEDIA_TICK, e);
        }
    }

    @Override
    protected void doStop() throws Exception {
        shutdown();
        for (ScheduledFuture<?> s : new ScheduledFuture<?>[] {sweep, mediaTick}) {
            if (s != null) {
                s.cancel(false);
            }
        }
        super.doStop();
    }

    private void sweepSafely() {
        try {
            service.sweepSilent();
        } catch (RuntimeException e) {
            LOG.warn("the ping-timeout sweep failed; it runs again in {}", SWEEP_PERIOD, e);
        }
    }

    /** Tells every participant to leave ({@code SERVER_SHUTDOWN}) and closes the sockets; refuses new joins. */
    public void shutdown() {
        service.shutdown();
        service.closeMedia();
    }

    /** Where the media UDP port listens, when this signalling has one. */
    public java.util.Optional<InetSocketAddress> mediaAddress() {
        return service.mediaAddress();
    }

    /** Participants connected now. */
    public long participantCount() {
        return service.rooms().participantCount();
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        RtcConnectParams params;
        try {
            params = RtcConnectParams.parse(request.getHttpURI().getQuery(), bearer(request));
        } catch (RtcQueryException e) {
            service.metrics().refusedJoin("bad_query");
            return answer(response, callback, 400, "bad /rtc query: " + e.getMessage());
        }
        VerifiedToken token;
        try {
            token = verifier.verify(params.accessToken());
            token.joinCheck(token.grant().room());
        } catch (TokenRejectedException e) {
            service.metrics().tokenRejected(e.reason());
            service.metrics().refusedJoin("token");
            if (params.reconnect()) {
                service.metrics().resumeRefused("token");
            }
            return answer(response, callback, 401, "invalid token: " + e.getMessage());
        }
        if (service.shuttingDown()) {
            service.metrics().refusedJoin("shutting_down");
            return answer(response, callback, 503, "the bridge is shutting down; connect again in a moment");
        }
        if (!service.rooms().admits(token.grant().room(), token.identity())) {
            service.metrics().refusedJoin("room_full");
            return answer(response, callback, 403, new RoomFullException(token.grant().room(),
                    settings.maxParticipantsPerRoom()).getMessage());
        }
        ServerWebSocketContainer c = container;
        if (c != null && c.upgrade((rq, rs, cb) -> new SignalSession(service, codec, token, params.reconnect(),
                params.participantSid()),
                request, response, callback)) {
            return true;
        }
        service.metrics().refusedJoin("not_websocket");
        return answer(response, callback, 400, "/rtc is LiveKit signalling over WebSocket; connect with a"
                + " WebSocket client (Upgrade: websocket)");
    }

    /** The token of an {@code Authorization: Bearer …} header, as the Rust-based LiveKit SDKs send it. */
    private static java.util.Optional<String> bearer(Request request) {
        String header = request.getHeaders().get(HttpHeader.AUTHORIZATION);
        if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return java.util.Optional.of(header.substring(7).trim());
        }
        return java.util.Optional.empty();
    }

    private static boolean answer(Response response, Callback callback, int status, String text) {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain; charset=utf-8");
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        response.write(true, ByteBuffer.wrap((text + "\n").getBytes(StandardCharsets.UTF_8)), callback);
        return true;
    }
}

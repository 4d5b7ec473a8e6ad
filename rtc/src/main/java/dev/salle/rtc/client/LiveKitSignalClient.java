package dev.salle.rtc.client;

import dev.salle.rtc.client.SignalConnectException.Reason;
import dev.salle.rtc.signal.RtcConnectParams;
import dev.salle.rtc.signal.SignalCodec;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ScheduledExecutorService;

/**
 * Opens LiveKit signalling connections (protocol {@value RtcConnectParams#SERVER_PROTOCOL}, the v0
 * path {@code /rtc}) over java.net.http's WebSocket, one protobuf message per binary frame.
 * Immutable and thread-safe; reusable for any number of connections.
 *
 * <p>The injected scheduler runs the join timeout and every connection's ping loop and is owned
 * by the caller; the clock timestamps pings and measures the ping timeout.
 */
public final class LiveKitSignalClient {

    /** What the device calls itself in the {@code sdk} query parameter. */
    public static final String SDK = "salle";
    /** Default wait for the JoinResponse after the upgrade. */
    public static final Duration DEFAULT_JOIN_TIMEOUT = Duration.ofSeconds(10);

    private final HttpClient http;
    private final Clock clock;
    private final ScheduledExecutorService scheduler;
    private final SignalCodec codec;
    private final String sdkVersion;
    private final Duration joinTimeout;

    /**
     * @param http opens the WebSockets; owned by the caller
     * @param sdkVersion the {@code version} query parameter (the firmware version)
     */
    public LiveKitSignalClient(HttpClient http, Clock clock, ScheduledExecutorService scheduler, String sdkVersion,
            Duration joinTimeout) {
        this.http = Objects.requireNonNull(http, "http");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.sdkVersion = Objects.requireNonNull(sdkVersion, "sdkVersion");
        if (joinTimeout.isNegative() || joinTimeout.isZero()) {
            throw new IllegalArgumentException("joinTimeout must be positive, got " + joinTimeout);
        }
        this.joinTimeout = joinTimeout;
        this.codec = new SignalCodec();
    }

    /**
     * Connects to {@code url} ({@code ws://}, {@code wss://}, or {@code http(s)://}, as a room API
     * gives it) with {@code token} and waits for the JoinResponse. The future fails with a
     * {@link SignalConnectException}; messages after the JoinResponse go to {@code listener}.
     */
    public CompletableFuture<SignalConnection> connect(URI url, String token, SignalListener listener) {
        Objects.requireNonNull(listener, "listener");
        URI rtc = rtcUri(url, token);
        SignalConnection connection = new SignalConnection(codec, clock, scheduler, listener);
        return open(url, rtc, connection);
    }

    /**
     * Resumes the session of participant {@code sid} (LiveKit's {@code reconnect=1&sid=…}) on a new
     * connection and waits for the server's {@code ReconnectResponse}; the peer connections of the
     * session stay with the caller, who restarts ICE next. Keepalive uses the ping interval and
     * timeout of {@code join}, the session's JoinResponse, which {@link SignalConnection#joinResponse()}
     * keeps returning. The future fails with a {@link SignalConnectException}: reason
     * {@link SignalConnectException.Reason#RESUME_REFUSED} when the server answers with a Leave
     * (join again from scratch), or as {@link #connect} does.
     */
    public CompletableFuture<SignalConnection> resume(URI url, String token, String sid, livekit.LivekitRtc.JoinResponse join,
            SignalListener listener) {
        Objects.requireNonNull(listener, "listener");
        Objects.requireNonNull(join, "join");
        if (sid == null || sid.isBlank()) {
            throw new IllegalArgumentException("a resume needs the participant sid of the session");
        }
        URI rtc = rtcUri(url, new RtcConnectParams(token, true, SDK, sdkVersion, RtcConnectParams.SERVER_PROTOCOL,
                java.util.OptionalInt.empty(), true, java.util.Optional.of(sid), false));
        SignalConnection connection = new SignalConnection(codec, clock, scheduler, listener, join);
        return open(url, rtc, connection);
    }

    /** Opens the WebSocket to {@code rtc} for {@code connection}; the future completes on its first answer. */
    private CompletableFuture<SignalConnection> open(URI url, URI rtc, SignalConnection connection) {
        http.newWebSocketBuilder().connectTimeout(joinTimeout).buildAsync(rtc, connection.adapter())
                .whenComplete((ws, e) -> {
                    if (e != null) {
                        connection.failJoin(upgradeFailure(url, unwrap(e)));
                    } else {
                        connection.opened(ws, joinTimeout);
                    }
                });
        return connection.joined();
    }

    /** {@code url} + {@code /rtc?access_token=…&auto_subscribe=1&sdk=salle&version=…&protocol=17}. */
    URI rtcUri(URI url, String token) {
        return rtcUri(url, RtcConnectParams.join(token, SDK, sdkVersion));
    }

    private URI rtcUri(URI url, RtcConnectParams params) {
        Objects.requireNonNull(url, "url");
        String scheme = url.getScheme() == null ? "" : url.getScheme();
        String ws = switch (scheme) {
            case "ws", "http" -> "ws";
            case "wss", "https" -> "wss";
            default -> throw new IllegalArgumentException("LiveKit URL '" + url + "' must start with ws://, wss://,"
                    + " http:// or https://");
        };
        if (url.getRawAuthority() == null) {
            throw new IllegalArgumentException("LiveKit URL '" + url + "' has no host");
        }
        String path = url.getRawPath() == null ? "" : url.getRawPath();
        while (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        return URI.create(ws + "://" + url.getRawAuthority() + path + "/rtc?" + params.toQueryString());
    }

    private static SignalConnectException upgradeFailure(URI url, Throwable e) {
        if (e instanceof WebSocketHandshakeException h) {
            int status = h.getResponse().statusCode();
            Object body = h.getResponse().body();
            String text = body instanceof byte[] b ? new String(b, StandardCharsets.UTF_8)
                    : body == null ? "" : body.toString();
            text = MeetingUrl.shown(text.strip());
            if (status == 401) {
                return new SignalConnectException(Reason.UNAUTHORIZED, url + " refused the token (HTTP 401"
                        + (text.isEmpty() ? "" : ": " + text) + "); get a fresh token from the room API", e);
            }
            return new SignalConnectException(Reason.REJECTED, url + " refused the WebSocket upgrade with HTTP "
                    + status + (text.isEmpty() ? "" : ": " + text), e);
        }
        String kind = e instanceof HttpConnectTimeoutException ? "connect timed out"
                : e instanceof ConnectException ? "connection refused" : String.valueOf(e);
        return new SignalConnectException(Reason.UNREACHABLE, "cannot reach " + url + " (" + kind
                + "); check the network and the server address", e);
    }

    static Throwable unwrap(Throwable e) {
        while ((e instanceof CompletionException || e instanceof java.util.concurrent.ExecutionException)
                && e.getCause() != null) {
            e = e.getCause();
        }
        return e;
    }
}

package dev.salle.rtc.client;

import dev.salle.rtc.client.SignalClosed.Reason;
import dev.salle.rtc.signal.SignalCodec;
import dev.salle.rtc.signal.SignalDecodeException;
import java.io.ByteArrayOutputStream;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import livekit.LivekitModels.DisconnectReason;
import livekit.LivekitRtc.AddTrackRequest;
import livekit.LivekitRtc.JoinResponse;
import livekit.LivekitRtc.LeaveRequest;
import livekit.LivekitRtc.MuteTrackRequest;
import livekit.LivekitRtc.Ping;
import livekit.LivekitRtc.SessionDescription;
import livekit.LivekitRtc.SignalRequest;
import livekit.LivekitRtc.SignalResponse;
import livekit.LivekitRtc.SignalTarget;
import livekit.LivekitRtc.TrickleRequest;
import livekit.LivekitRtc.UpdateTrackSettings;

/**
 * One joined LiveKit signalling connection, made by {@link LiveKitSignalClient#connect}.
 *
 * <p>Keepalive: every {@code ping_interval} of the JoinResponse it sends {@code ping_req} with the
 * clock's time in milliseconds and the last round-trip time; when nothing answers for
 * {@code ping_timeout} the connection is declared lost ({@link Reason#PING_TIMEOUT}) and aborted.
 *
 * <p>Bad frames: a frame holding a message this code does not know (a newer protocol) is counted
 * and skipped; any other bad frame (not protobuf, empty, too large, text) is counted and closes
 * the connection with {@link Reason#BAD_FRAME}.
 *
 * <p>Threading: thread-safe. Send methods may be called from any thread, including listener
 * callbacks; frames go out in call order. Received frames and timers are handled under this
 * object's lock, so {@link SignalListener} calls never overlap.
 */
public final class SignalConnection {

    private static final int PROTOCOL_ERROR = 1002;
    private static final int NORMAL = 1000;

    private final SignalCodec codec;
    private final Clock clock;
    private final ScheduledExecutorService scheduler;
    private final SignalListener listener;
    private final CompletableFuture<SignalConnection> joined = new CompletableFuture<>();
    private final ByteArrayOutputStream partial = new ByteArrayOutputStream();
    private WebSocket socket;
    private CompletableFuture<?> sendChain = CompletableFuture.completedFuture(null);
    private JoinResponse join;
    /** For a resume: the session's JoinResponse, in force once the ReconnectResponse arrives. */
    private final JoinResponse resumeOf;
    private livekit.LivekitRtc.ReconnectResponse reconnect;
    private long skippedBeforeReconnect;
    private ScheduledFuture<?> joinTimer;
    private ScheduledFuture<?> pingTimer;
    private Instant lastHeard;
    private long rttMillis;
    private long pongs;
    private long badFrames;
    private long unknownMessages;
    private boolean closed;

    SignalConnection(SignalCodec codec, Clock clock, ScheduledExecutorService scheduler, SignalListener listener) {
        this(codec, clock, scheduler, listener, null);
    }

    /** @param resumeOf for a resume, the session's JoinResponse; null for a join */
    SignalConnection(SignalCodec codec, Clock clock, ScheduledExecutorService scheduler, SignalListener listener,
            JoinResponse resumeOf) {
        this.codec = codec;
        this.clock = clock;
        this.scheduler = scheduler;
        this.listener = listener;
        this.resumeOf = resumeOf;
    }

    /** The JoinResponse the server sent first; for a resumed connection, the session's. */
    public synchronized JoinResponse joinResponse() {
        return join;
    }

    /** The server's ReconnectResponse when this connection resumed a session. */
    public synchronized java.util.Optional<livekit.LivekitRtc.ReconnectResponse> reconnectResponse() {
        return java.util.Optional.ofNullable(reconnect);
    }

    /** The last round-trip time measured by the ping loop, in milliseconds (0 before the first pong). */
    public synchronized long rttMillis() {
        return rttMillis;
    }

    /** How many timed pongs answered the ping loop: {@link #rttMillis()} is a measurement once this is above 0. */
    public synchronized long pongs() {
        return pongs;
    }

    /** Frames from the server that were not a usable SignalResponse. */
    public synchronized long badFrames() {
        return badFrames;
    }

    /** Frames holding a message this code does not know (skipped). */
    public synchronized long unknownMessages() {
        return unknownMessages;
    }

    public synchronized boolean isClosed() {
        return closed;
    }

    /** Sends any request; the future completes when the frame is handed to the network. */
    public CompletableFuture<Void> send(SignalRequest request) {
        byte[] frame = codec.encodeRequest(request);
        synchronized (this) {
            if (closed || socket == null) {
                return CompletableFuture.failedFuture(new IllegalStateException("signalling connection is closed;"
                        + " connect again before sending " + request.getMessageCase()));
            }
            WebSocket ws = socket;
            CompletableFuture<Void> sent = sendChain.handle((x, e) -> null)
                    .thenCompose(x -> ws.sendBinary(ByteBuffer.wrap(frame), true)).thenApply(x -> null);
            sendChain = sent;
            return sent;
        }
    }

    /** Asks to publish a track; the server answers with track_published for {@code request.cid}. */
    public CompletableFuture<Void> addTrack(AddTrackRequest request) {
        return send(SignalRequest.newBuilder().setAddTrack(request).build());
    }

    /** The publisher connection's offer. */
    public CompletableFuture<Void> offer(String sdp, int id) {
        return send(SignalRequest.newBuilder().setOffer(SessionDescription.newBuilder().setType("offer").setSdp(sdp)
                .setId(id)).build());
    }

    /** The answer to the server's offer on the subscriber connection, with that offer's id. */
    public CompletableFuture<Void> answer(String sdp, int id) {
        return send(SignalRequest.newBuilder().setAnswer(SessionDescription.newBuilder().setType("answer").setSdp(sdp)
                .setId(id)).build());
    }

    /** One ICE candidate, as the JSON of an RTCIceCandidateInit. */
    public CompletableFuture<Void> trickle(String candidateInitJson, SignalTarget target) {
        return send(SignalRequest.newBuilder().setTrickle(TrickleRequest.newBuilder()
                .setCandidateInit(candidateInitJson).setTarget(target)).build());
    }

    public CompletableFuture<Void> mute(String trackSid, boolean muted) {
        return send(SignalRequest.newBuilder().setMute(MuteTrackRequest.newBuilder().setSid(trackSid)
                .setMuted(muted)).build());
    }

    public CompletableFuture<Void> updateTrackSettings(UpdateTrackSettings settings) {
        return send(SignalRequest.newBuilder().setTrackSetting(settings).build());
    }

    /** Tells the server this participant leaves (the connection stays open until {@link #close()}). */
    public CompletableFuture<Void> leave() {
        return send(SignalRequest.newBuilder().setLeave(LeaveRequest.newBuilder()
                .setReason(DisconnectReason.CLIENT_INITIATED).setAction(LeaveRequest.Action.DISCONNECT)).build());
    }

    /** Leaves and closes the WebSocket; the listener gets {@link Reason#CLIENT_CLOSED}. Idempotent. */
    public void close() {
        WebSocket ws;
        CompletableFuture<?> pending;
        synchronized (this) {
            if (closed) {
                return;
            }
            pending = leave();
            ws = socket;
            finish(Reason.CLIENT_CLOSED, "closed by this device");
        }
        pending.handle((x, e) -> null).thenCompose(x -> ws.sendClose(NORMAL, "leaving"))
                .orTimeout(2, TimeUnit.SECONDS).whenComplete((x, e) -> ws.abort());
    }

    /**
     * Closes the WebSocket without a Leave, so the server keeps the participant for a resume (what
     * LiveKit clients do before {@code reconnect=1} when their media path failed while the
     * signalling was up); the listener gets {@link Reason#CLIENT_CLOSED}. Idempotent.
     */
    public void drop() {
        WebSocket ws;
        synchronized (this) {
            if (closed) {
                return;
            }
            ws = socket;
            finish(Reason.CLIENT_CLOSED, "dropped by this device to resume the session");
        }
        if (ws != null) {
            ws.sendClose(NORMAL, "resuming").orTimeout(2, TimeUnit.SECONDS).whenComplete((x, e) -> ws.abort());
        }
    }

    // ---- wiring, package-private ----

    CompletableFuture<SignalConnection> joined() {
        return joined;
    }

    synchronized void opened(WebSocket ws, Duration joinTimeout) {
        socket = ws;
        joinTimer = scheduler.schedule(() -> {
            synchronized (this) {
                if (!joined.isDone()) {
                    failJoin(new SignalConnectException(SignalConnectException.Reason.JOIN_TIMEOUT,
                            "no JoinResponse within " + joinTimeout + " after the upgrade; the server may be"
                                    + " overloaded, try again", null));
                }
            }
        }, joinTimeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    synchronized void failJoin(SignalConnectException e) {
        closed = true;
        cancelTimers();
        if (socket != null) {
            socket.abort();
        }
        joined.completeExceptionally(e);
    }

    WebSocket.Listener adapter() {
        return new Adapter();
    }

    private synchronized void onFrame(byte[] frame) {
        if (closed) {
            return;
        }
        SignalResponse message;
        try {
            message = codec.decodeResponse(frame);
        } catch (SignalDecodeException e) {
            if (e.reason() == SignalDecodeException.Reason.UNKNOWN_MESSAGE && join != null) {
                unknownMessages++;
                return;
            }
            badFrame(e.getMessage());
            return;
        }
        if (join == null && resumeOf != null) {
            switch (message.getMessageCase()) {
                case RECONNECT -> {
                    reconnect = message.getReconnect();
                    startSession(resumeOf);
                }
                case LEAVE -> failJoin(new SignalConnectException(SignalConnectException.Reason.RESUME_REFUSED,
                        "the server refused to resume the session (" + message.getLeave().getReason()
                                + "); join again", null));
                // what livekit-client does too: anything before the ReconnectResponse is not for this session yet
                default -> skippedBeforeReconnect++;
            }
            return;
        }
        if (join == null) {
            if (message.getMessageCase() != SignalResponse.MessageCase.JOIN) {
                badFrames++;
                failJoin(new SignalConnectException(SignalConnectException.Reason.PROTOCOL, "the server's first"
                        + " message was " + message.getMessageCase() + ", not a JoinResponse", null));
                return;
            }
            startSession(message.getJoin());
            return;
        }
        switch (message.getMessageCase()) {
            case PONG_RESP -> {
                lastHeard = clock.instant();
                rttMillis = Math.max(0, clock.millis() - message.getPongResp().getLastPingTimestamp());
                pongs++;
            }
            case PONG -> lastHeard = clock.instant();
            default -> { }
        }
        listener.onMessage(message);
    }

    private void startSession(JoinResponse response) {
        join = response;
        lastHeard = clock.instant();
        if (joinTimer != null) {
            joinTimer.cancel(false);
        }
        int interval = response.getPingInterval();
        if (interval > 0) {
            pingTimer = scheduler.scheduleAtFixedRate(this::pingTick, interval, interval, TimeUnit.SECONDS);
        }
        joined.complete(this);
    }

    private void pingTick() {
        synchronized (this) {
            if (closed) {
                return;
            }
            Duration timeout = Duration.ofSeconds(Math.max(1, join.getPingTimeout()));
            Duration silent = Duration.between(lastHeard, clock.instant());
            if (silent.compareTo(timeout) > 0) {
                WebSocket ws = socket;
                finish(Reason.PING_TIMEOUT, "no pong for " + silent.toMillis() + " ms (ping timeout "
                        + timeout.toSeconds() + " s); the connection is lost");
                ws.abort();
                return;
            }
        }
        send(SignalRequest.newBuilder().setPingReq(Ping.newBuilder().setTimestamp(clock.millis())
                .setRtt(rttMillis())).build());
    }

    private void badFrame(String why) {
        badFrames++;
        WebSocket ws = socket;
        if (!joined.isDone()) {
            failJoin(new SignalConnectException(SignalConnectException.Reason.PROTOCOL, "the server sent a bad frame"
                    + " before the JoinResponse: " + why, null));
            return;
        }
        finish(Reason.BAD_FRAME, "the server sent a bad frame: " + why);
        ws.sendClose(PROTOCOL_ERROR, "bad frame").orTimeout(2, TimeUnit.SECONDS).whenComplete((x, e) -> ws.abort());
    }

    private synchronized void onSocketClosed(Reason reason, String message) {
        if (!joined.isDone()) {
            failJoin(new SignalConnectException(SignalConnectException.Reason.PROTOCOL, "the server closed the"
                    + " connection before the " + (resumeOf == null ? "JoinResponse" : "ReconnectResponse") + ": "
                    + message, null));
            return;
        }
        finish(reason, message);
    }

    private void finish(Reason reason, String message) {
        if (closed) {
            return;
        }
        closed = true;
        cancelTimers();
        listener.onClosed(new SignalClosed(reason, message));
    }

    private void cancelTimers() {
        if (joinTimer != null) {
            joinTimer.cancel(false);
        }
        if (pingTimer != null) {
            pingTimer.cancel(false);
        }
    }

    /** java.net.http calls these one at a time, in order. */
    private final class Adapter implements WebSocket.Listener {
        /**
         * Keeps the socket as soon as it opens: the JoinResponse may arrive before the builder's
         * future completes, and sends made right after the join (pings, add_track) need it.
         */
        @Override
        public void onOpen(WebSocket ws) {
            synchronized (SignalConnection.this) {
                if (socket == null) {
                    socket = ws;
                }
            }
            ws.request(1);
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket ws, ByteBuffer data, boolean last) {
            byte[] b = new byte[data.remaining()];
            data.get(b);
            if (partial.size() + b.length > codec.maxFrameBytes()) {
                partial.reset();
                synchronized (SignalConnection.this) {
                    if (!closed) {
                        badFrame("frame larger than " + codec.maxFrameBytes() + " bytes");
                    }
                }
                return null;
            }
            partial.writeBytes(b);
            if (last) {
                byte[] frame = partial.toByteArray();
                partial.reset();
                onFrame(frame);
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            synchronized (SignalConnection.this) {
                if (!closed) {
                    badFrame("a text frame; LiveKit signalling is binary protobuf");
                }
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
            onSocketClosed(Reason.SERVER_CLOSED, "the server closed the connection (" + statusCode
                    + (reason.isEmpty() ? "" : ", " + MeetingUrl.shown(reason)) + ")");
            return null;
        }

        @Override
        public void onError(WebSocket ws, Throwable error) {
            onSocketClosed(Reason.TRANSPORT_ERROR, "the connection failed: " + error);
        }
    }
}

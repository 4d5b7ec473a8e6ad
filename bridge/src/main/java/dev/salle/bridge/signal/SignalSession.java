package dev.salle.bridge.signal;

import dev.salle.bridge.signal.SignalService.Departure;
import dev.salle.rtc.signal.SignalCodec;
import dev.salle.rtc.signal.SignalDecodeException;
import dev.salle.rtc.token.VerifiedToken;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import livekit.LivekitModels.DisconnectReason;
import livekit.LivekitRtc.LeaveRequest;
import livekit.LivekitRtc.SignalRequest;
import livekit.LivekitRtc.SignalResponse;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.api.exceptions.MessageTooLargeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * One client's signalling WebSocket, made after its token was verified. Jetty calls the listener
 * methods one at a time per session. Sends and closes may come from any thread (other
 * participants' events, the ping sweep, the shutdown), often while the caller holds a room's lock;
 * they are queued here in call order and handed to Jetty by a thread that holds none of the
 * bridge's locks. Handing them to Jetty directly let a room's lock and a Jetty session's lock be
 * taken in both orders (a send under the room lock, a socket error whose departure needs the room
 * lock), and two bridge stops hung on it. Public only because Jetty binds the listener methods
 * reflectively; made by {@link RtcSignalling} alone.
 */
public final class SignalSession implements Session.Listener.AutoDemanding, ParticipantLink {

    private static final Logger LOG = LoggerFactory.getLogger(SignalSession.class);
    /** RFC 6455 §7.4.1: 1003 data it cannot accept, 1007 data inconsistent with the type. */
    private static final int UNACCEPTABLE_DATA = 1003;
    private static final int BAD_PAYLOAD = 1007;

    private final SignalService service;
    private final SignalCodec codec;
    private final VerifiedToken token;
    private final boolean resume;
    private final java.util.Optional<String> resumeSid;
    private final AtomicBoolean closing = new AtomicBoolean();
    /** Sends and the close, in call order, for {@link #drain()}. */
    private final java.util.concurrent.ConcurrentLinkedQueue<Runnable> outbound = new java.util.concurrent.ConcurrentLinkedQueue<>();
    private final java.util.concurrent.atomic.AtomicInteger queued = new java.util.concurrent.atomic.AtomicInteger();
    private final AtomicBoolean draining = new AtomicBoolean();
    /** More queued messages than this means the client stopped reading: it is disconnected. */
    static final int MAX_QUEUED = 4096;
    private static final int POLICY_VIOLATION = 1008;
    private final CompletableFuture<Void> closed = new CompletableFuture<>();
    private volatile Session session;
    private volatile SignalRooms.Joined joined;

    /**
     * @param resume the client asked to resume a session ({@code reconnect=1}); one the bridge
     *     does not hold any more is refused and the client told to join again
     * @param resumeSid the participant sid to resume ({@code sid})
     */
    SignalSession(SignalService service, SignalCodec codec, VerifiedToken token, boolean resume,
            java.util.Optional<String> resumeSid) {
        this.service = service;
        this.codec = codec;
        this.token = token;
        this.resume = resume;
        this.resumeSid = resumeSid;
    }

    /** Completes when the socket is closed, whoever closed it. */
    CompletableFuture<Void> closed() {
        return closed;
    }

    @Override
    public void onWebSocketOpen(Session s) {
        this.session = s;
        if (service.shuttingDown()) {
            close(SignalService.TRY_AGAIN_LATER, "bridge shutting down");
            return;
        }
        if (resume) {
            try {
                joined = service.resume(token, resumeSid, this);
                withMdc(() -> LOG.info("{} resumed its session in room '{}'", joined.participant(),
                        joined.room().name()));
            } catch (SignalResumes.ResumeRefusedException e) {
                // LiveKit's answer to a resume of a session the server does not hold: start over
                LOG.info("resume refused ({}): {}", e.reason(), e.getMessage());
                send(SignalRoom.leave(DisconnectReason.STATE_MISMATCH, LeaveRequest.Action.RECONNECT));
                close(SignalService.NORMAL, "no session to resume (" + SignalMetrics.label(e.reason())
                        + "); join again without reconnect=1");
            }
            return;
        }
        try {
            joined = service.join(token, this, reachedAt(s));
            withMdc(() -> LOG.info("{} joined room '{}'", joined.participant(), joined.room().name()));
            if (service.shuttingDown()) {
                // the shutdown began while we joined and may have missed us: leave as it would have
                if (joined.participant().claimShutdownLeave()) {
                    send(SignalRoom.leave(DisconnectReason.SERVER_SHUTDOWN, LeaveRequest.Action.DISCONNECT));
                }
                service.depart(joined, Departure.SHUTDOWN);
                close(SignalService.GOING_AWAY, "bridge shutting down");
            }
        } catch (RoomFullException e) {
            service.metrics().refusedJoin("room_full");
            LOG.info("{}", e.getMessage());
            close(SignalService.POLICY_VIOLATION, "room full");
        }
    }

    /** The local address the client reached us on: our ICE candidate when the media port listens everywhere. */
    private static InetAddress reachedAt(Session s) {
        if (s.getLocalSocketAddress() instanceof InetSocketAddress local && local.getAddress() != null) {
            return local.getAddress();
        }
        return InetAddress.getLoopbackAddress();
    }

    @Override
    public void onWebSocketBinary(ByteBuffer payload, Callback callback) {
        try {
            SignalRooms.Joined at = joined;
            if (at == null || closing.get()) {
                return;
            }
            SignalRequest request;
            try {
                request = codec.decodeRequest(payload);
            } catch (SignalDecodeException e) {
                rejectFrame(at, SignalMetrics.label(e.reason()), BAD_PAYLOAD, e);
                return;
            }
            withMdc(() -> service.handle(at, request));
        } catch (RuntimeException e) {
            // one bad message must not leave the room inconsistent for the others: drop this client
            LOG.warn("handling a message of {} failed; closing its socket", joined, e);
            close(1011, "server error");
        } finally {
            callback.succeed();
        }
    }

    @Override
    public void onWebSocketText(String message) {
        SignalRooms.Joined at = joined;
        if (at != null) {
            rejectFrame(at, "text_frame", UNACCEPTABLE_DATA, null);
        }
    }

    private void rejectFrame(SignalRooms.Joined at, String reason, int code, SignalDecodeException e) {
        service.metrics().rejectedFrame(reason);
        withMdc(() -> LOG.info("closing {}: bad frame ({}): {}", at.participant(), reason,
                e == null ? "a text frame; LiveKit signalling is binary protobuf" : e.getMessage()));
        service.depart(at, Departure.BAD_FRAME);
        close(code, "bad frame: " + reason + (e == null ? "; send binary protobuf" : ""));
    }

    @Override
    public void onWebSocketError(Throwable cause) {
        if (cause instanceof MessageTooLargeException) {
            service.metrics().rejectedFrame("too_large");
            LOG.info("closing {}: message over the signalling limit ({})", joined, cause.getMessage());
            SignalRooms.Joined at = joined;
            if (at != null) {
                service.depart(at, Departure.BAD_FRAME); // a bad frame ends the session: nothing to resume
            }
            return;
        } else {
            LOG.debug("signalling socket of {} failed", joined, cause);
        }
        leave(Departure.SOCKET_CLOSED);
    }

    @Override
    public void onWebSocketClose(int statusCode, String reason, Callback callback) {
        try {
            leave(Departure.SOCKET_CLOSED);
            closed.complete(null);
        } finally {
            callback.succeed();
        }
    }

    /** This socket ended: the participant may resume on another one (see {@link SignalService#lost}). */
    private void leave(Departure why) {
        SignalRooms.Joined at = joined;
        if (at != null) {
            service.lost(at, this, why);
        }
    }

    @Override
    public void send(SignalResponse message) {
        Session s = session;
        if (s == null || closing.get()) {
            return;
        }
        service.metrics().sent(message.getMessageCase());
        ByteBuffer bytes = ByteBuffer.wrap(codec.encodeResponse(message));
        if (queued.incrementAndGet() > MAX_QUEUED) {
            queued.decrementAndGet();
            if (closing.compareAndSet(false, true)) {
                LOG.info("closing {}: {} signalling messages wait unsent; the client stopped reading", joined, MAX_QUEUED);
                Thread.ofVirtual().name("signal-overflow").start(() -> s.close(POLICY_VIOLATION, "too slow", Callback.NOOP));
            }
            return;
        }
        outbound.add(() -> s.sendBinary(bytes, Callback.from(() -> { },
                failure -> LOG.debug("sending {} to {} failed", message.getMessageCase(), joined, failure))));
        drain();
    }

    @Override
    public void close(int statusCode, String reason) {
        Session s = session;
        if (s != null && closing.compareAndSet(false, true)) {
            queued.incrementAndGet();
            outbound.add(() -> s.close(statusCode, reason, Callback.NOOP));
            drain();
        }
    }

    /** Hands the queue to Jetty on a virtual thread of its own, one at a time, in order. */
    private void drain() {
        if (draining.compareAndSet(false, true)) {
            Thread.ofVirtual().name("signal-out").start(this::drainQueue);
        }
    }

    private void drainQueue() {
        try {
            for (Runnable op = outbound.poll(); op != null; op = outbound.poll()) {
                queued.decrementAndGet();
                try {
                    op.run();
                } catch (RuntimeException e) {
                    LOG.debug("signalling to {} failed", joined, e);
                }
            }
        } finally {
            draining.set(false);
            if (!outbound.isEmpty()) {
                drain();
            }
        }
    }

    private void withMdc(Runnable r) {
        SignalRooms.Joined at = joined;
        if (at == null) {
            r.run();
            return;
        }
        MDC.put("room", at.room().name());
        MDC.put("participant", at.participant().sid());
        try {
            r.run();
        } finally {
            MDC.remove("room");
            MDC.remove("participant");
        }
    }
}

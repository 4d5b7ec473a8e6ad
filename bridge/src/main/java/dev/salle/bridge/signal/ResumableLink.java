package dev.salle.bridge.signal;

import java.util.ArrayDeque;
import java.util.Deque;
import livekit.LivekitRtc.SignalResponse;

/**
 * A participant's way to its client across signalling connections: the socket it has now, or
 * none while it is away and may still resume (LiveKit's session resume). While it is away,
 * messages wait here (at most {@link #MAX_WAITING}; the oldest go first) and reach the next
 * socket right after its {@code ReconnectResponse}, in order. SDP offers do not wait: a resume
 * ends with a fresh subscriber offer that replaces them.
 *
 * <p>Thread-safe: every method takes this object's lock, and sends only queue (see
 * {@link ParticipantLink}), so the {@code ReconnectResponse} is the new socket's first message.
 */
final class ResumableLink implements ParticipantLink {

    /** Messages kept for a client that is away, at most. */
    static final int MAX_WAITING = 256;

    private ParticipantLink current;
    private final Deque<SignalResponse> waiting = new ArrayDeque<>();
    private int dropped;

    ResumableLink(ParticipantLink first) {
        this.current = first;
    }

    @Override
    public synchronized void send(SignalResponse message) {
        if (current != null) {
            current.send(message);
            return;
        }
        if (message.getMessageCase() == SignalResponse.MessageCase.OFFER) {
            return;
        }
        if (waiting.size() >= MAX_WAITING) {
            waiting.removeFirst();
            dropped++;
        }
        waiting.addLast(message);
    }

    /** Closes the current socket, if any; the participant stays (see {@link #detach}). */
    @Override
    public synchronized void close(int statusCode, String reason) {
        if (current != null) {
            current.close(statusCode, reason);
        }
    }

    /**
     * The socket {@code which} is gone: the client is away from now on. False (and nothing
     * changes) when {@code which} is not the current socket: a resume already replaced it.
     */
    synchronized boolean detach(ParticipantLink which) {
        if (current != which) {
            return false;
        }
        current = null;
        return true;
    }

    /** The socket now, or null while the client is away. */
    synchronized ParticipantLink current() {
        return current;
    }

    /**
     * The client resumed on {@code next}: it gets {@code first} (the {@code ReconnectResponse}),
     * then the messages that waited, and from now on everything. A socket still attached (the
     * client noticed the loss before we did) is closed.
     *
     * @return how many waiting messages were lost to the limit
     */
    synchronized int attach(ParticipantLink next, SignalResponse first) {
        ParticipantLink previous = current;
        if (previous != null && previous != next) {
            previous.close(1000, "replaced: the client resumed on another connection");
        }
        current = next;
        next.send(first);
        while (!waiting.isEmpty()) {
            next.send(waiting.removeFirst());
        }
        int lost = dropped;
        dropped = 0;
        return lost;
    }
}

package dev.salle.rtc.sctp;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One data channel of an {@link SctpAssociation}: a stream id both directions share, with the
 * label, protocol and reliability of its DATA_CHANNEL_OPEN
 * (<a href="https://www.rfc-editor.org/rfc/rfc8831#section-6.4">RFC 8831 §6.4</a>).
 *
 * <p>Threading: every method may be called from any thread. State changes happen on the
 * association's callback threads (see {@link SctpAssociation.Listener}) and in {@link #close()}.
 */
public final class DataChannel {

    /** Where the channel is. */
    public enum State {
        /** Opened by us before the association was up; the OPEN goes out when it is. */
        CONNECTING,
        /** Carries messages. */
        OPEN,
        /** We reset our outgoing stream and wait for the peer to reset its own. */
        CLOSING,
        /** Both directions are reset; the stream id may be used again. */
        CLOSED
    }

    /** Which side sent the DATA_CHANNEL_OPEN. */
    public enum Origin {
        LOCAL,
        REMOTE
    }

    private final SctpAssociation association;
    private final int streamId;
    private final String label;
    private final String protocol;
    private final ChannelReliability reliability;
    private final int priority;
    private final Origin origin;
    final AtomicReference<State> state;
    /** For our channels: the peer's ACK (or any message on the stream) arrived, so unordered sends may start. */
    volatile boolean acknowledged;
    /** For our channels: the peer's DATA_CHANNEL_ACK arrived (a second one is refused). */
    volatile boolean ackReceived;
    /** For our channels: the OPEN was handed to SCTP (claimed once, by whichever thread gets there first). */
    final java.util.concurrent.atomic.AtomicBoolean openSent = new java.util.concurrent.atomic.AtomicBoolean();

    DataChannel(SctpAssociation association, int streamId, DcepMessage.Open open, Origin origin, State state) {
        this.association = association;
        this.streamId = streamId;
        this.label = open.label();
        this.protocol = open.protocol();
        this.reliability = open.reliability();
        this.priority = open.priority();
        this.origin = origin;
        this.state = new AtomicReference<>(state);
        this.acknowledged = origin == Origin.REMOTE;
    }

    /** The SCTP stream id, even when the DTLS client opened the channel, odd for the server. */
    public int streamId() {
        return streamId;
    }

    /** The channel's name; may be empty. */
    public String label() {
        return label;
    }

    /** The subprotocol; may be empty. */
    public String protocol() {
        return protocol;
    }

    /** Ordering and partial reliability, applied to every send on this channel. */
    public ChannelReliability reliability() {
        return reliability;
    }

    /** The DCEP priority field, carried but not used for scheduling. */
    public int priority() {
        return priority;
    }

    /** Which side opened the channel. */
    public Origin origin() {
        return origin;
    }

    /** Where the channel is now. */
    public State state() {
        return state.get();
    }

    /**
     * Sends a string message (PPID 51, or 56 when empty).
     *
     * @return false when the SCTP send buffer is full (try again later) or the association failed;
     *     {@link SctpAssociation#counters()} says which
     * @throws IllegalArgumentException if its UTF-8 is longer than the peer's {@code a=max-message-size}
     * @throws IllegalStateException unless the channel is open
     */
    public boolean send(String text) {
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        return association.send(this, utf8, 0, utf8.length, false);
    }

    /** Sends a binary message (PPID 53, or 57 when empty); as {@link #send(String)}. */
    public boolean send(byte[] data) {
        return association.send(this, data, 0, data.length, true);
    }

    /**
     * Closes the channel by resetting our outgoing stream (RFC 8831 §6.7); the listener's
     * {@code channelClosed} follows when the peer resets its own. Idempotent.
     */
    public void close() {
        association.closeChannel(this);
    }

    @Override
    public String toString() {
        return "DataChannel[" + streamId + " '" + label + "' " + origin + " " + state.get() + "]";
    }
}

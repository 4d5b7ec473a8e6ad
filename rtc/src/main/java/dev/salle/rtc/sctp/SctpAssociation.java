package dev.salle.rtc.sctp;

import dev.salle.rtc.sctp.DataChannel.Origin;
import dev.salle.rtc.sctp.DcepException.Reason;
import dev.salle.rtc.sctp.internal.Usrsctp;
import dev.salle.rtc.sctp.internal.UsrsctpStack;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One SCTP association over DTLS (<a href="https://www.rfc-editor.org/rfc/rfc8261">RFC 8261</a>)
 * carrying WebRTC data channels (<a href="https://www.rfc-editor.org/rfc/rfc8831">RFC 8831</a>)
 * opened with DCEP (<a href="https://www.rfc-editor.org/rfc/rfc8832">RFC 8832</a>), on
 * libusrsctp in AF_CONN mode.
 *
 * <p>Life: construct (binds to the local port), {@link #start()} (both sides connect: WebRTC's
 * simultaneous open, RFC 8841 §9.3), feed every inbound DTLS application-data record to
 * {@link #receive}, and {@link #close()} always, also after {@link Listener#failed}. Outbound SCTP
 * packets go to the {@link PacketSender}, to be written as DTLS application data.
 *
 * <p>Channels: {@link #openChannel} sends DATA_CHANNEL_OPEN on the lowest free stream of our
 * parity (even when we are the DTLS client, odd when the server, RFC 8832 §6); the peer's OPEN on
 * a stream of its parity is answered with DATA_CHANNEL_ACK. Messages use PPID 51/53, and 56/57
 * with one zero byte when empty (RFC 8831 §6.6). An unordered channel we opened sends ordered
 * until the peer's ACK or first message arrives (RFC 8832 §6). Closing resets the outgoing
 * stream; the channel is closed when both directions are reset (RFC 8831 §6.7).
 *
 * <p>Limits: messages over {@link SctpConfig#maxOutboundMessageBytes()} are refused with an
 * exception; inbound ones over {@link SctpConfig#maxInboundMessageBytes()} are dropped and
 * counted; at most {@link SctpConfig#maxChannels()} channels; a malformed or unacceptable DCEP
 * message is counted by reason in {@link SctpCounters#dcepDropped} and changes nothing (an OPEN
 * beyond the channel limit also gets its stream reset, the RFC's refusal).
 *
 * <p>Threading: {@link #receive} from one thread at a time (the DTLS reader); everything else
 * from any thread. Listener callbacks run inside usrsctp calls: on the thread in {@link #receive}
 * for what the peer sent, on the {@code usrsctp-timers} thread for timeouts (a lost association),
 * and on the thread in {@link #openChannel} for our own channel opening once the association is
 * up. They must not block; they may send. Two callbacks of one association may run at once only
 * when a timeout coincides with inbound traffic.
 */
public final class SctpAssociation implements AutoCloseable {

    /** Writes one outbound SCTP packet as DTLS application data. */
    @FunctionalInterface
    public interface PacketSender {
        /** @return false when the packet could not be sent (DTLS closed or failed); SCTP retransmits */
        boolean send(byte[] packet);
    }

    /** What the association reports; see the class comment for threads. */
    public interface Listener {
        /** The association is up; channels can carry messages. */
        default void connected() {}

        /** A channel can carry messages: the peer's OPEN was acknowledged, or ours was sent. */
        default void channelOpened(DataChannel channel) {}

        /** One whole message; the array belongs to the listener; empty messages are empty arrays. */
        default void message(DataChannel channel, byte[] data, boolean binary) {}

        /** The channel is closed in both directions, or the association ended under it. */
        default void channelClosed(DataChannel channel) {}

        /** The association could not start, or was lost (peer abort or retransmissions exhausted). */
        default void failed(String reason) {}

        /** The peer shut the association down gracefully. */
        default void closed() {}
    }

    /** Where the association is. */
    public enum State {
        NEW, CONNECTING, OPEN, FAILED, CLOSED
    }

    static final int PPID_DCEP = 50;
    static final int PPID_STRING = 51;
    static final int PPID_BINARY = 53;
    static final int PPID_STRING_EMPTY = 56;
    static final int PPID_BINARY_EMPTY = 57;
    private static final int COMMON_HEADER_BYTES = 12;

    private static final Logger log = LoggerFactory.getLogger(SctpAssociation.class);

    private final PacketSender sender;
    private final int localPort;
    private final int remotePort;
    private final SctpConfig config;
    private final Listener listener;
    private final SctpCounters counters = new SctpCounters();
    private final AtomicReference<State> state = new AtomicReference<>(State.NEW);
    private final ChannelTable channels;
    private final MessageAssembler assembler;
    private final long id;
    private final Usrsctp.Socket socket;

    /**
     * Opens the usrsctp socket and binds it; nothing is sent before {@link #start()}.
     *
     * @param sender writes outbound SCTP packets as DTLS application data
     * @param localPort our {@code a=sctp-port} (5000 in browsers)
     * @param remotePort the peer's {@code a=sctp-port}
     * @param dtlsClient whether we are the DTLS client: our channels then use even stream ids
     * @param config message size and channel limits, packet size
     * @param listener receives channels, messages and association state
     * @throws IllegalStateException if libusrsctp is missing or refuses the socket options
     */
    public SctpAssociation(PacketSender sender, int localPort, int remotePort, boolean dtlsClient, SctpConfig config,
            Listener listener) {
        this.sender = Objects.requireNonNull(sender, "sender");
        this.localPort = checkPort("localPort", localPort);
        this.remotePort = checkPort("remotePort", remotePort);
        this.config = Objects.requireNonNull(config, "config");
        this.channels = new ChannelTable(dtlsClient, config.maxChannels());
        this.listener = Objects.requireNonNull(listener, "listener");
        this.assembler = new MessageAssembler(config.maxInboundMessageBytes());
        this.id = UsrsctpStack.attach(new UsrsctpStack.Connection() {
            @Override
            public int output(byte[] packet) {
                return onOutput(packet);
            }

            @Override
            public void received(byte[] data, int streamId, int ppid, int msgFlags) {
                onReceived(data, streamId, ppid, msgFlags);
            }
        });
        try {
            this.socket = Usrsctp.socket(id, SctpConfig.STREAMS, config.bufferBytes(), config.mtu());
        } catch (RuntimeException e) {
            UsrsctpStack.detach(id);
            throw e;
        }
        try {
            Usrsctp.bind(socket, id, localPort);
        } catch (RuntimeException e) {
            Usrsctp.close(socket);
            UsrsctpStack.detach(id);
            throw e;
        }
    }

    /**
     * Sends our INIT towards the peer's port. Call once, before feeding {@link #receive}.
     *
     * @throws IllegalStateException unless the association is {@code NEW}
     */
    public void start() {
        if (!state.compareAndSet(State.NEW, State.CONNECTING)) {
            throw new IllegalStateException("SCTP association " + id + " is " + state.get()
                    + "; start it once, when it is NEW");
        }
        log.debug("sctp {}: connecting port {} to {}", id, localPort, remotePort);
        Usrsctp.connect(socket, id, remotePort);
    }

    /**
     * Feeds one inbound SCTP packet (a DTLS application-data record). Packets shorter than an
     * SCTP common header are dropped and counted; everything else goes to usrsctp, which checks
     * it. Listener callbacks may run before this returns.
     */
    public void receive(byte[] packet, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, packet.length);
        State s = state.get();
        if (s == State.CLOSED || s == State.FAILED) {
            return;
        }
        if (length < COMMON_HEADER_BYTES) {
            counters.runtPacketsDropped.incrementAndGet();
            return;
        }
        counters.packetsReceived.incrementAndGet();
        Usrsctp.conninput(id, packet, offset, length);
    }

    /**
     * Opens a channel from our side. Before the association is up the channel waits in
     * {@link DataChannel.State#CONNECTING} and its OPEN goes out on {@link Listener#connected};
     * {@link Listener#channelOpened} follows in both cases.
     *
     * @param label the channel's name, at most {@link DcepCodec#MAX_LABEL_BYTES} of UTF-8
     * @param protocol the subprotocol, same limit; usually empty
     * @throws IllegalArgumentException if the label or protocol is too long
     * @throws IllegalStateException if {@link SctpConfig#maxChannels()} channels are open, no
     *     stream id of our parity is free, or the association is closed or failed
     */
    public DataChannel openChannel(String label, String protocol, ChannelReliability reliability) {
        DcepMessage.Open open = new DcepMessage.Open(reliability, 0, label, protocol);
        byte[] encoded = DcepCodec.encode(open);
        requireUsable("open a data channel");
        DataChannel channel = channels.addLocal(this, open);
        if (state.get() == State.OPEN) {
            sendOpen(channel, encoded);
        }
        return channel;
    }

    /** The channel on a stream, if one is open or closing there. */
    public java.util.Optional<DataChannel> channel(int streamId) {
        return channels.get(streamId);
    }

    /** The channels open, opening or closing now. */
    public List<DataChannel> channels() {
        return channels.all();
    }

    /** Where the association is now. */
    public State state() {
        return state.get();
    }

    /** Live counters, including refused DCEP messages by reason. */
    public SctpCounters counters() {
        return counters;
    }

    /** The limits in force. */
    public SctpConfig config() {
        return config;
    }

    /**
     * Closes the socket (an ABORT goes to the peer while the association is up) and releases the
     * connection id. No listener call follows once this returns, except one already running.
     * Idempotent.
     */
    @Override
    public void close() {
        State previous = state.getAndSet(State.CLOSED);
        if (previous == State.CLOSED) {
            return;
        }
        for (DataChannel channel : channels.all()) {
            channel.state.set(DataChannel.State.CLOSED);
        }
        channels.clear();
        Usrsctp.close(socket);
        UsrsctpStack.detach(id);
        log.debug("sctp {}: closed", id);
    }

    boolean send(DataChannel channel, byte[] data, int offset, int length, boolean binary) {
        Objects.checkFromIndexSize(offset, length, data.length);
        if (channel.state() != DataChannel.State.OPEN) {
            throw new IllegalStateException("data channel " + channel.streamId() + " '" + channel.label() + "' is "
                    + channel.state() + "; send only on an open channel (wait for channelOpened)");
        }
        if (length > config.maxOutboundMessageBytes()) {
            throw new IllegalArgumentException("message of " + length + " bytes on data channel " + channel.streamId()
                    + " exceeds the peer's a=max-message-size of " + config.maxOutboundMessageBytes()
                    + " bytes; split it");
        }
        int ppid = binary ? (length == 0 ? PPID_BINARY_EMPTY : PPID_BINARY) : (length == 0 ? PPID_STRING_EMPTY : PPID_STRING);
        ChannelReliability r = channel.reliability();
        int flags = !r.ordered() && channel.acknowledged ? Usrsctp.SCTP_UNORDERED : 0;
        int policy = switch (r.policy()) {
            case RELIABLE -> Usrsctp.PR_NONE;
            case MAX_RETRANSMITS -> Usrsctp.PR_RTX;
            case MAX_LIFETIME_MILLIS -> Usrsctp.PR_TTL;
        };
        long rc = length == 0
                ? Usrsctp.sendv(socket, channel.streamId(), ppid, flags, policy, (int) r.value(), new byte[1], 0, 1)
                : Usrsctp.sendv(socket, channel.streamId(), ppid, flags, policy, (int) r.value(), data, offset, length);
        boolean accepted = sent(rc, channel.streamId());
        if (accepted) {
            counters.messagesSent.incrementAndGet();
        }
        return accepted;
    }

    void closeChannel(DataChannel channel) {
        if (channel.state.compareAndSet(DataChannel.State.CONNECTING, DataChannel.State.CLOSED)) {
            channels.remove(channel);
            return;
        }
        if (!channel.state.compareAndSet(DataChannel.State.OPEN, DataChannel.State.CLOSING)) {
            return;
        }
        int rc = resetOutgoing(channel.streamId());
        if (rc < 0) {
            log.debug("sctp {}: stream {} reset refused (errno {}); closing the channel locally", id,
                    channel.streamId(), -rc);
            finishClose(channel);
        }
    }

    private int onOutput(byte[] packet) {
        if (sender.send(packet)) {
            counters.packetsSent.incrementAndGet();
            return 0;
        }
        counters.packetsNotSent.incrementAndGet();
        return -1;
    }

    private void onReceived(byte[] data, int streamId, int ppid, int msgFlags) {
        if (state.get() == State.CLOSED) {
            return;
        }
        try {
            handleReceived(data, streamId, ppid, msgFlags);
        } catch (RuntimeException e) {
            // The boundary of usrsctp's callback: one bad message or listener must not stop the association.
            log.warn("sctp {}: handling what arrived on stream {} (PPID {}) failed", id, streamId, ppid, e);
        }
    }

    private void handleReceived(byte[] data, int streamId, int ppid, int msgFlags) {
        if (data == null) {
            fail("SCTP association went down");
            return;
        }
        if ((msgFlags & Usrsctp.MSG_NOTIFICATION) != 0) {
            SctpNotification.dispatch(data, notificationHandler());
            return;
        }
        byte[] message = assembler.add(streamId, data, (msgFlags & Usrsctp.MSG_EOR) != 0,
                counters.oversizedMessagesDropped::incrementAndGet);
        if (message != null) {
            dispatch(streamId, ppid, message);
        }
    }

    private void dispatch(int streamId, int ppid, byte[] message) {
        switch (ppid) {
            case PPID_DCEP -> dcep(streamId, message);
            case PPID_STRING -> deliver(streamId, message, false);
            case PPID_BINARY -> deliver(streamId, message, true);
            case PPID_STRING_EMPTY -> deliver(streamId, new byte[0], false);
            case PPID_BINARY_EMPTY -> deliver(streamId, new byte[0], true);
            default -> {
                counters.unknownPpidDropped.incrementAndGet();
                log.debug("sctp {}: message with PPID {} on stream {} dropped", id, ppid, streamId);
            }
        }
    }

    private void deliver(int streamId, byte[] data, boolean binary) {
        DataChannel channel = channels.get(streamId).orElse(null);
        DataChannel.State s = channel == null ? DataChannel.State.CLOSED : channel.state();
        if (s != DataChannel.State.OPEN && s != DataChannel.State.CLOSING) {
            counters.messagesWithoutChannel.incrementAndGet();
            return;
        }
        channel.acknowledged = true;
        counters.messagesReceived.incrementAndGet();
        listener.message(channel, data, binary);
    }

    private void dcep(int streamId, byte[] message) {
        try {
            switch (DcepCodec.parse(message, 0, message.length)) {
                case DcepMessage.Open open -> acceptOpen(streamId, open);
                case DcepMessage.Ack ack -> acceptAck(streamId);
            }
        } catch (DcepException e) {
            counters.dcepDropped(e.reason(), 1);
            log.debug("sctp {}: DCEP message on stream {} refused ({}): {}", id, streamId, e.reason(), e.getMessage());
        }
    }

    private void acceptOpen(int streamId, DcepMessage.Open open) throws DcepException {
        DataChannel channel;
        try {
            channel = channels.addRemote(this, streamId, open);
        } catch (DcepException e) {
            if (e.reason() == Reason.TOO_MANY_CHANNELS) {
                resetOutgoing(streamId);
            }
            throw e;
        }
        sendDcep(streamId, DcepCodec.encode(new DcepMessage.Ack()));
        log.debug("sctp {}: peer opened channel {} '{}' {}", id, streamId, open.label(), open.reliability());
        listener.channelOpened(channel);
    }

    private void acceptAck(int streamId) throws DcepException {
        DataChannel channel = channels.get(streamId).orElse(null);
        if (channel == null || channel.origin() != Origin.LOCAL || channel.ackReceived) {
            throw new DcepException(Reason.UNEXPECTED_ACK, "DCEP ACK on stream " + streamId
                    + (channel == null ? " which carries no channel" : " of channel '" + channel.label()
                            + "' which is not ours or was acknowledged already"));
        }
        channel.ackReceived = true;
        channel.acknowledged = true;
    }

    private void sendOpen(DataChannel channel, byte[] encoded) {
        if (!channel.openSent.compareAndSet(false, true)) {
            return;
        }
        if (!sendDcep(channel.streamId(), encoded)) {
            channel.state.set(DataChannel.State.CLOSED);
            channels.remove(channel);
            listener.channelClosed(channel);
            return;
        }
        if (channel.state.compareAndSet(DataChannel.State.CONNECTING, DataChannel.State.OPEN)) {
            listener.channelOpened(channel);
        }
    }

    /** Sends one DCEP message, ordered and reliable (RFC 8832 §6), on a stream. */
    boolean sendDcep(int streamId, byte[] message) {
        return sent(Usrsctp.sendv(socket, streamId, PPID_DCEP, 0, Usrsctp.PR_NONE, 0, message, 0, message.length),
                streamId);
    }

    private boolean sent(long rc, int streamId) {
        if (rc >= 0) {
            return true;
        }
        if (rc == -Usrsctp.EWOULDBLOCK) {
            counters.sendBufferFull.incrementAndGet();
        } else {
            counters.sendErrors.incrementAndGet();
            log.debug("sctp {}: send on stream {} refused with errno {}", id, streamId, -rc);
        }
        return false;
    }

    private SctpNotification.Handler notificationHandler() {
        return new SctpNotification.Handler() {
            @Override
            public void up() {
                if (state.compareAndSet(State.CONNECTING, State.OPEN) || state.compareAndSet(State.NEW, State.OPEN)) {
                    log.debug("sctp {}: association up", id);
                    listener.connected();
                    for (DataChannel channel : channels.all()) {
                        if (channel.state() == DataChannel.State.CONNECTING) {
                            sendOpen(channel, DcepCodec.encode(new DcepMessage.Open(channel.reliability(),
                                    channel.priority(), channel.label(), channel.protocol())));
                        }
                    }
                }
            }

            @Override
            public void lost(String reason) {
                fail(reason);
            }

            @Override
            public void shutdownComplete() {
                end(State.CLOSED, null);
            }

            @Override
            public void incomingStreamsReset(int[] streamIds) {
                for (int streamId : streamIds) {
                    assembler.discard(streamId);
                    DataChannel channel = channels.get(streamId).orElse(null);
                    if (channel == null) {
                        continue;
                    }
                    if (channel.state.compareAndSet(DataChannel.State.OPEN, DataChannel.State.CLOSING)) {
                        resetOutgoing(streamId);
                    }
                    finishClose(channel);
                }
            }

            @Override
            public void outgoingStreamsReset(int[] streamIds) {
                for (int streamId : streamIds) {
                    channels.resetEnded(streamId);
                }
            }

            @Override
            public void sendFailed() {
                counters.sendFailedNotifications.incrementAndGet();
            }
        };
    }

    private int resetOutgoing(int streamId) {
        channels.resetStarted(streamId);
        int rc = Usrsctp.resetOutgoing(socket, streamId);
        if (rc < 0) {
            channels.resetEnded(streamId);
        }
        return rc;
    }

    private void fail(String reason) {
        end(State.FAILED, reason);
    }

    private void end(State terminal, String reason) {
        State s = state.get();
        while (s != State.CLOSED && s != State.FAILED) {
            if (state.compareAndSet(s, terminal)) {
                log.debug("sctp {}: association {}{}", id, terminal, reason == null ? "" : ": " + reason);
                for (DataChannel channel : channels.all()) {
                    finishClose(channel);
                }
                if (terminal == State.FAILED) {
                    listener.failed(reason);
                } else {
                    listener.closed();
                }
                return;
            }
            s = state.get();
        }
    }

    private void finishClose(DataChannel channel) {
        if (channel.state.getAndSet(DataChannel.State.CLOSED) == DataChannel.State.CLOSED) {
            return;
        }
        channels.remove(channel);
        listener.channelClosed(channel);
    }

    private void requireUsable(String action) {
        State s = state.get();
        if (s == State.CLOSED || s == State.FAILED) {
            throw new IllegalStateException("cannot " + action + " on SCTP association " + id + ": it is " + s);
        }
    }

    private static int checkPort(String name, int port) {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("SCTP " + name + " " + port + " is not 1..65535");
        }
        return port;
    }
}

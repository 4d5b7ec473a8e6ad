package dev.salle.rtc.sctp;

import dev.salle.rtc.sctp.DcepException.Reason;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The channels of one association by stream id, with the stream-id rules of
 * <a href="https://www.rfc-editor.org/rfc/rfc8832#section-6">RFC 8832 §6</a> (each side opens
 * channels on its own parity) and the channel limit. Thread-safe: additions are serialised,
 * lookups are lock-free.
 */
final class ChannelTable {

    private final Map<Integer, DataChannel> channels = new ConcurrentHashMap<>();
    /** Streams whose outgoing reset is under way: usrsctp refuses sends on them until it ends. */
    private final Set<Integer> resetting = ConcurrentHashMap.newKeySet();
    private final int ourParity;
    private final int maxChannels;

    ChannelTable(boolean dtlsClient, int maxChannels) {
        this.ourParity = dtlsClient ? 0 : 1;
        this.maxChannels = maxChannels;
    }

    /**
     * Adds a channel of ours on the lowest free stream of our parity, skipping streams still
     * being reset.
     *
     * @throws IllegalStateException at the channel limit or when no stream id is free
     */
    synchronized DataChannel addLocal(SctpAssociation owner, DcepMessage.Open open) {
        if (channels.size() >= maxChannels) {
            throw new IllegalStateException("SCTP association already has " + channels.size()
                    + " data channels, its limit (SctpConfig.maxChannels); close one first");
        }
        for (int streamId = ourParity; streamId < SctpConfig.STREAMS; streamId += 2) {
            if (!channels.containsKey(streamId) && !resetting.contains(streamId)) {
                DataChannel channel = new DataChannel(owner, streamId, open, DataChannel.Origin.LOCAL,
                        DataChannel.State.CONNECTING);
                channels.put(streamId, channel);
                return channel;
            }
        }
        throw new IllegalStateException("SCTP association has no free stream id of its parity below "
                + SctpConfig.STREAMS + "; close a channel first");
    }

    /**
     * Adds the peer's channel, open at once.
     *
     * @throws DcepException {@link Reason#WRONG_STREAM_PARITY}, {@link Reason#STREAM_IN_USE} or
     *     {@link Reason#TOO_MANY_CHANNELS}; nothing is added
     */
    synchronized DataChannel addRemote(SctpAssociation owner, int streamId, DcepMessage.Open open) throws DcepException {
        if (streamId % 2 == ourParity) {
            throw new DcepException(Reason.WRONG_STREAM_PARITY, "DCEP OPEN on stream " + streamId
                    + " uses our parity; the peer must open channels on " + (ourParity == 0 ? "odd" : "even") + " streams");
        }
        DataChannel existing = channels.get(streamId);
        if (existing != null) {
            throw new DcepException(Reason.STREAM_IN_USE, "DCEP OPEN on stream " + streamId
                    + " which already carries channel '" + existing.label() + "'");
        }
        if (channels.size() >= maxChannels) {
            throw new DcepException(Reason.TOO_MANY_CHANNELS, "DCEP OPEN on stream " + streamId + " refused: "
                    + maxChannels + " channels are open, the limit");
        }
        DataChannel channel = new DataChannel(owner, streamId, open, DataChannel.Origin.REMOTE, DataChannel.State.OPEN);
        channels.put(streamId, channel);
        return channel;
    }

    Optional<DataChannel> get(int streamId) {
        return Optional.ofNullable(channels.get(streamId));
    }

    List<DataChannel> all() {
        return List.copyOf(channels.values());
    }

    void remove(DataChannel channel) {
        channels.remove(channel.streamId(), channel);
    }

    void clear() {
        channels.clear();
    }

    /** Our outgoing reset of the stream started. */
    void resetStarted(int streamId) {
        resetting.add(streamId);
    }

    /** Our outgoing reset of the stream ended (or was refused): the id may be used again. */
    void resetEnded(int streamId) {
        resetting.remove(streamId);
    }
}

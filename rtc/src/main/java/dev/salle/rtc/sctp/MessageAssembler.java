package dev.salle.rtc.sctp;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Joins the pieces usrsctp delivers when a message is larger than its partial delivery point,
 * per stream, bounded by the largest message we accept: a message that grows beyond it is
 * discarded up to its last piece. Thread-safe.
 */
final class MessageAssembler {

    private final int maxBytes;
    private final Map<Integer, Partial> partial = new HashMap<>();

    private static final class Partial {
        final List<byte[]> pieces = new ArrayList<>();
        long size;
        boolean oversized;
    }

    MessageAssembler(int maxBytes) {
        this.maxBytes = maxBytes;
    }

    /**
     * Adds one delivered piece.
     *
     * @param last whether the piece ends its message ({@code MSG_EOR})
     * @param onOversized runs once for each message dropped for its size
     * @return the whole message when {@code last} and it fits, else {@code null}
     */
    synchronized byte[] add(int streamId, byte[] piece, boolean last, Runnable onOversized) {
        Partial p = partial.get(streamId);
        if (p == null && last) {
            if (piece.length > maxBytes) {
                onOversized.run();
                return null;
            }
            return piece;
        }
        if (p == null) {
            p = new Partial();
            partial.put(streamId, p);
        }
        p.size += piece.length;
        if (p.size > maxBytes) {
            p.oversized = true;
            p.pieces.clear();
        } else {
            p.pieces.add(piece);
        }
        if (!last) {
            return null;
        }
        partial.remove(streamId);
        if (p.oversized) {
            onOversized.run();
            return null;
        }
        byte[] whole = new byte[(int) p.size];
        int at = 0;
        for (byte[] b : p.pieces) {
            System.arraycopy(b, 0, whole, at, b.length);
            at += b.length;
        }
        return whole;
    }

    /** Forgets a half-received message on a stream that was reset. */
    synchronized void discard(int streamId) {
        partial.remove(streamId);
    }
}

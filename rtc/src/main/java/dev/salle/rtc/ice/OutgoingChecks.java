package dev.salle.rtc.ice;

import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The connectivity checks a port sent and still waits for, by transaction id. Bounded: checks
 * older than {@link #EXPIRY_MILLIS} are forgotten when the table fills, and a full table refuses
 * new ones, so a peer that never answers cannot grow it.
 *
 * <p>Threading: safe for the senders' threads and the mux's receive thread.
 */
final class OutgoingChecks {

    /** The PRIORITY we send: a peer-reflexive candidate's, type preference 110 (RFC 8445 §5.1.2.2). */
    static final long PEER_REFLEXIVE_PRIORITY = (110L << 24) | (65_535L << 8) | 255;
    static final int MAX_OUTSTANDING = 512;
    static final long EXPIRY_MILLIS = 10_000;

    /** One check: who sent it, with which remote credentials, to where, and whether it nominates. */
    record Check(IceLiteSession session, IceCredentials remote, IcePath target, boolean nominate,
            long sentMillis) {}

    private final Map<String, Check> byTransaction = new ConcurrentHashMap<>();

    boolean add(byte[] transactionId, Check check, long nowMillis) {
        if (byTransaction.size() >= MAX_OUTSTANDING) {
            byTransaction.values().removeIf(c -> nowMillis - c.sentMillis() > EXPIRY_MILLIS || c.session().isClosed());
            if (byTransaction.size() >= MAX_OUTSTANDING) {
                return false;
            }
        }
        byTransaction.put(HexFormat.of().formatHex(transactionId), check);
        return true;
    }

    /** Removes and returns the check with this transaction id, or null. */
    Check take(byte[] transactionId) {
        return byTransaction.remove(HexFormat.of().formatHex(transactionId));
    }

    int size() {
        return byTransaction.size();
    }
}

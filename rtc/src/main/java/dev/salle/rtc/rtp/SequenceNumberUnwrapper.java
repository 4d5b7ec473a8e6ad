package dev.salle.rtc.rtp;

/**
 * Extends 16-bit RTP sequence numbers to a 64-bit count of wraps and number, as the "extended
 * highest sequence number" of
 * <a href="https://www.rfc-editor.org/rfc/rfc3550#appendix-A.1">RFC 3550 appendix A.1</a>.
 * Each number is placed the short way round from the highest number seen so far, so reordered
 * packets just before a wrap land in the previous cycle.
 *
 * <p>The first number is taken as is (cycle 0); a packet older than the first one may extend
 * to a negative value. Not thread-safe: one per stream, on the thread that receives it.
 */
public final class SequenceNumberUnwrapper {

    private boolean started;
    private long highest;

    /** Extends {@code seq} (0..65535) and remembers it when it is the newest so far. */
    public long extend(int seq) {
        int s = seq & 0xFFFF;
        if (!started) {
            started = true;
            highest = s;
            return s;
        }
        long extended = highest + SequenceNumbers.delta(s, (int) (highest & 0xFFFF));
        if (extended > highest) {
            highest = extended;
        }
        return extended;
    }

    /** The highest extended sequence number seen, or -1 before the first. */
    public long highest() {
        return started ? highest : -1;
    }

    /** Number of wraps seen so far (the cycle count of RFC 3550). */
    public long cycles() {
        return started ? highest >> 16 : 0;
    }
}

package dev.salle.rtc.rtp;

/**
 * Arithmetic on 16-bit RTP sequence numbers that wrap at 65536
 * (<a href="https://www.rfc-editor.org/rfc/rfc3550#appendix-A.1">RFC 3550 appendix A.1</a>):
 * two numbers are compared through the shorter way round the circle.
 */
public final class SequenceNumbers {

    private SequenceNumbers() {
    }

    /**
     * The signed distance from {@code b} to {@code a} the short way round, in -32768..32767: positive
     * when {@code a} comes after {@code b}.
     */
    public static int delta(int a, int b) {
        return (short) (a - b);
    }

    /** Whether {@code a} comes after {@code b} (strictly), with wraparound. */
    public static boolean isNewer(int a, int b) {
        return delta(a, b) > 0;
    }

    /** The sequence number after {@code seq}. */
    public static int next(int seq) {
        return (seq + 1) & 0xFFFF;
    }

    /** {@code seq + n} modulo 65536; {@code n} may be negative. */
    public static int add(int seq, int n) {
        return (seq + n) & 0xFFFF;
    }
}

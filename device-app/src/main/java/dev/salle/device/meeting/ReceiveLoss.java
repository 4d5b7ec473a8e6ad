package dev.salle.device.meeting;

import dev.salle.rtc.rtp.SequenceNumberUnwrapper;

/**
 * Packets received and expected on one remote stream since it was opened, from its RTP sequence
 * numbers (RFC 3550 appendix A.3): expected is the span from the first to the highest number seen.
 * A retransmitted or duplicated packet counts again, so loss is never below zero.
 *
 * <p>Threading: {@link #packet} on the stream's receive thread only; the counts from any thread.
 */
final class ReceiveLoss {

    private final SequenceNumberUnwrapper unwrapper = new SequenceNumberUnwrapper();
    private long base = Long.MIN_VALUE;
    private volatile long expected;
    private volatile long received;

    void packet(byte[] rtp) {
        if (rtp.length < 12) {
            return;
        }
        long extended = unwrapper.extend(((rtp[2] & 0xFF) << 8) | (rtp[3] & 0xFF));
        if (base == Long.MIN_VALUE) {
            base = extended;
        }
        expected = unwrapper.highest() - base + 1;
        received = received + 1;
    }

    long expected() {
        return expected;
    }

    long received() {
        return received;
    }

    /** Loss in percent over several streams together; 0 when nothing was expected yet. */
    static double percent(Iterable<ReceiveLoss> streams) {
        long expected = 0;
        long received = 0;
        for (ReceiveLoss s : streams) {
            long e = s.expected();
            expected += e;
            received += Math.min(e, s.received());
        }
        return expected <= 0 ? 0 : 100.0 * (expected - received) / expected;
    }
}

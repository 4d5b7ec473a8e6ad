package dev.salle.bridge.sfu;

import dev.salle.rtc.rtcp.ReportBlock;
import dev.salle.rtc.rtp.SequenceNumberUnwrapper;

/**
 * What the SFU has received of one publisher stream, kept as RFC 3550 Appendix A.3 and A.8
 * describe, and turned into the report block of its receiver reports: extended highest sequence
 * number, cumulative and fractional loss, interarrival jitter, and LSR/DLSR from the publisher's
 * last sender report.
 *
 * <p>Threading: one thread (the stream's receive thread) updates and reports.
 */
public final class ReceptionStats {

    private final long ssrc;
    private final int clockRate;
    private final SequenceNumberUnwrapper unwrapper = new SequenceNumberUnwrapper();
    private long baseSequence = -1;
    private long received;
    private long expectedPrior;
    private long receivedPrior;
    private double jitter;
    private long lastTransit;
    private boolean haveTransit;
    private long lastSrMiddle;
    private long lastSrArrivalNanos;
    private volatile long[] srMapping;
    private volatile long lastArrivalNanos = Long.MIN_VALUE / 2;

    /** @param clockRate the codec's RTP clock, for jitter in timestamp units */
    public ReceptionStats(long ssrc, int clockRate) {
        this.ssrc = ssrc & 0xFFFFFFFFL;
        this.clockRate = clockRate;
    }

    /** Counts one packet: its sequence number, RTP timestamp and arrival time (monotonic nanos). */
    public void packet(int sequence, long rtpTimestamp, long arrivalNanos) {
        long extended = unwrapper.extend(sequence & 0xFFFF);
        if (baseSequence < 0) {
            baseSequence = extended;
        }
        received++;
        lastArrivalNanos = arrivalNanos;
        long arrivalTicks = arrivalNanos / 1_000L * clockRate / 1_000_000L;
        long transit = arrivalTicks - (rtpTimestamp & 0xFFFFFFFFL);
        if (haveTransit) {
            long d = Math.abs(transit - lastTransit);
            jitter += (d - jitter) / 16.0;
        }
        lastTransit = transit;
        haveTransit = true;
    }

    /** Remembers the publisher's sender report (its NTP time's middle 32 bits), for LSR/DLSR. */
    public void senderReport(long ntpTimestamp, long arrivalNanos) {
        lastSrMiddle = (ntpTimestamp >>> 16) & 0xFFFFFFFFL;
        lastSrArrivalNanos = arrivalNanos;
    }

    /**
     * Remembers the publisher's sender report with the RTP time it pairs with its NTP time: the
     * mapping subscribers need to line audio up with video (RFC 3550 §6.4.1).
     */
    public void senderReport(long ntpTimestamp, long rtpTimestamp, long arrivalNanos) {
        senderReport(ntpTimestamp, arrivalNanos);
        srMapping = new long[] {ntpTimestamp, rtpTimestamp & 0xFFFFFFFFL};
    }

    /** The last sender report's {NTP, RTP} pair, or null before the first; read from any thread. */
    public long[] senderReportMapping() {
        return srMapping;
    }

    /** When the last packet arrived (monotonic nanos); read from any thread. */
    public long lastArrivalNanos() {
        return lastArrivalNanos;
    }

    public long received() {
        return received;
    }

    /** Packets expected from the first to the highest sequence number seen. */
    public long expected() {
        return baseSequence < 0 ? 0 : unwrapper.highest() - baseSequence + 1;
    }

    /** The report block for a receiver report now; starts a new interval for the fraction lost. */
    public ReportBlock reportBlock(long nowNanos) {
        long expected = expected();
        long lost = expected - received;
        long expectedInterval = expected - expectedPrior;
        long receivedInterval = received - receivedPrior;
        long lostInterval = expectedInterval - receivedInterval;
        expectedPrior = expected;
        receivedPrior = received;
        int fraction = expectedInterval <= 0 || lostInterval <= 0 ? 0 : (int) Math.min(255, (lostInterval << 8) / expectedInterval);
        int cumulative = (int) Math.max(-0x800000, Math.min(0x7FFFFF, lost));
        long dlsr = lastSrArrivalNanos == 0 ? 0 : ((nowNanos - lastSrArrivalNanos) * 65_536L / 1_000_000_000L) & 0xFFFFFFFFL;
        long highest = baseSequence < 0 ? 0 : unwrapper.highest() & 0xFFFFFFFFL;
        return new ReportBlock(ssrc, fraction, cumulative, highest, (long) jitter, lastSrMiddle, dlsr);
    }
}

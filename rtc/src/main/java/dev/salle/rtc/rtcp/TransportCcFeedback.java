package dev.salle.rtc.rtcp;

/**
 * Transport-wide congestion control feedback, RTPFB FMT 15
 * (<a href="https://datatracker.ietf.org/doc/html/draft-holmer-rmcat-transport-wide-cc-extensions-01#section-3.1">
 * draft-holmer-rmcat-transport-wide-cc-extensions-01 section 3.1</a>). Recognised with its fixed
 * fields only; the packet chunks and deltas are left for the bandwidth estimator, which reads them
 * from the original bytes.
 *
 * @param senderSsrc the sender of the feedback
 * @param mediaSsrc the media source field
 * @param baseSequenceNumber first transport-wide sequence number reported
 * @param packetStatusCount number of packets reported
 * @param referenceTime signed 24-bit reference time in 64 ms units
 * @param feedbackPacketCount 8-bit count of feedback packets sent
 */
public record TransportCcFeedback(long senderSsrc, long mediaSsrc, int baseSequenceNumber, int packetStatusCount,
        int referenceTime, int feedbackPacketCount) implements RtcpMessage {

    @Override
    public int packetType() {
        return RtcpPacketTypes.RTPFB;
    }
}

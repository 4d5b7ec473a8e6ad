package dev.salle.media.pipeline;

/**
 * Receives each RTP packet a send pipeline produces.
 *
 * <p>Called on a GStreamer streaming thread (video: the thread of the queue in front of the
 * encoder; audio: the capture source's thread), one packet at a time, in order. The array is a copy the listener owns. The listener must not block
 * (it holds up encoding) and must not close the pipeline from inside the call. An exception it
 * throws is counted and logged at debug; the next packet is still delivered.
 */
@FunctionalInterface
public interface RtpPacketListener {

    /** One complete RTP packet (header and payload, RFC 3550 section 5.1). */
    void onRtpPacket(byte[] packet);
}

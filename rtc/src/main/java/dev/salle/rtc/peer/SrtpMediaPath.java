package dev.salle.rtc.peer;

import dev.salle.rtc.demux.PacketClassifier;
import dev.salle.rtc.demux.PacketKind;
import dev.salle.rtc.ice.IceLiteSession;
import dev.salle.rtc.srtp.PacketBuffer;
import dev.salle.rtc.srtp.SrtpSession;
import dev.salle.rtc.srtp.SrtpStatus;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The media path of a connected peer: SRTP/SRTCP in from the ICE session to the listener
 * (RTP and RTCP told apart as RFC 5761 §4 says), and out from the caller to the selected address.
 * Every packet is counted. Receive runs on the mux thread; send on any thread (SrtpSession locks
 * per SSRC). Owns the SRTP session.
 */
final class SrtpMediaPath implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SrtpMediaPath.class);
    /** Room after a packet for the SRTCP index and the longest tag, so protection never copies. */
    private static final int SRTP_SPARE = 4 + 16;
    /** Larger than any packet on a 1500-byte MTU path, and than what the SFU caches. */
    private static final int MAX_PACKET = 2048;

    private final IceLiteSession ice;
    private final SrtpSession srtp;
    private final PeerCounters counters;
    private final PeerConnection.Listener listener;
    /** The largest packet sent, plus room for the SRTCP index and tag. */
    private final byte[] sendBuffer = new byte[MAX_PACKET + SRTP_SPARE];
    private final PacketBuffer sendPacket = new PacketBuffer(sendBuffer, 0, 0);

    SrtpMediaPath(IceLiteSession ice, SrtpSession srtp, PeerCounters counters, PeerConnection.Listener listener) {
        this.ice = ice;
        this.srtp = srtp;
        this.counters = counters;
        this.listener = listener;
    }

    void receive(byte[] datagram) {
        boolean rtcp = PacketClassifier.classify(datagram, 0, datagram.length) == PacketKind.RTCP;
        PacketBuffer packet = PacketBuffer.wrap(datagram);
        SrtpStatus status = rtcp ? srtp.unprotectRtcp(packet) : srtp.unprotectRtp(packet);
        if (status != SrtpStatus.OK) {
            counters.unprotectFailures.increment(status);
            log.debug("{}: dropped {} packet: {}", ice, rtcp ? "SRTCP" : "SRTP", status);
            return;
        }
        byte[] plain = packet.toByteArray();
        if (rtcp) {
            counters.rtcpReceived.incrementAndGet();
            listener.rtcp(plain);
        } else {
            counters.rtpReceived.incrementAndGet();
            listener.rtp(plain);
        }
    }

    /**
     * Protects a copy of {@code plain[offset, offset + length)} in this path's send buffer and
     * sends it. Sends are serialised on that buffer (one lock per connection, rarely contended:
     * the forwarding thread and the media timer), so nothing is allocated per packet here.
     */
    boolean send(byte[] plain, int offset, int length, boolean rtcp) {
        synchronized (sendBuffer) {
            if (length > sendBuffer.length - SRTP_SPARE) {
                counters.tooLargeToSend.incrementAndGet();
                return false;
            }
            System.arraycopy(plain, offset, sendBuffer, 0, length);
            sendPacket.reset(0, length);
            SrtpStatus status = rtcp ? srtp.protectRtcp(sendPacket) : srtp.protectRtp(sendPacket);
            if (status != SrtpStatus.OK) {
                counters.protectFailures.increment(status);
                return false;
            }
            try {
                ice.send(sendPacket.array(), sendPacket.offset(), sendPacket.length());
            } catch (IOException e) {
                counters.sendErrors.incrementAndGet();
                log.debug("{}: send failed: {}", ice, e.getMessage());
                return false;
            }
        }
        (rtcp ? counters.rtcpSent : counters.rtpSent).incrementAndGet();
        return true;
    }

    @Override
    public void close() {
        srtp.close();
    }
}

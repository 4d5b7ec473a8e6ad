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

    private final IceLiteSession ice;
    private final SrtpSession srtp;
    private final PeerCounters counters;
    private final ServerPeerConnection.Listener listener;

    SrtpMediaPath(IceLiteSession ice, SrtpSession srtp, PeerCounters counters, ServerPeerConnection.Listener listener) {
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

    boolean send(byte[] plain, boolean rtcp) {
        PacketBuffer packet = PacketBuffer.copyOf(plain, SRTP_SPARE);
        SrtpStatus status = rtcp ? srtp.protectRtcp(packet) : srtp.protectRtp(packet);
        if (status != SrtpStatus.OK) {
            counters.protectFailures.increment(status);
            return false;
        }
        try {
            ice.send(packet.array(), packet.offset(), packet.length());
        } catch (IOException e) {
            counters.sendErrors.incrementAndGet();
            log.debug("{}: send failed: {}", ice, e.getMessage());
            return false;
        }
        (rtcp ? counters.rtcpSent : counters.rtpSent).incrementAndGet();
        return true;
    }

    @Override
    public void close() {
        srtp.close();
    }
}

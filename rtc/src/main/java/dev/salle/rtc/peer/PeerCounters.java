package dev.salle.rtc.peer;

import dev.salle.rtc.demux.DropCounters;
import dev.salle.rtc.srtp.SrtpStatus;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Packets through one {@link PeerConnection}: delivered and sent, and every drop with its
 * reason. Thread-safe; reads are a live view.
 */
public final class PeerCounters {

    final AtomicLong rtpReceived = new AtomicLong();
    final AtomicLong rtcpReceived = new AtomicLong();
    final AtomicLong rtpSent = new AtomicLong();
    final AtomicLong rtcpSent = new AtomicLong();
    final AtomicLong receivedBeforeSrtp = new AtomicLong();
    final AtomicLong notSentBeforeSrtp = new AtomicLong();
    final AtomicLong sendErrors = new AtomicLong();
    final AtomicLong tooLargeToSend = new AtomicLong();
    final DropCounters<SrtpStatus> unprotectFailures = new DropCounters<>(SrtpStatus.class);
    final DropCounters<SrtpStatus> protectFailures = new DropCounters<>(SrtpStatus.class);

    PeerCounters() {}

    /** RTP packets unprotected and handed to the listener. */
    public long rtpReceived() {
        return rtpReceived.get();
    }

    /** RTCP compound packets unprotected and handed to the listener. */
    public long rtcpReceived() {
        return rtcpReceived.get();
    }

    /** RTP packets protected and sent. */
    public long rtpSent() {
        return rtpSent.get();
    }

    /** RTCP compound packets protected and sent. */
    public long rtcpSent() {
        return rtcpSent.get();
    }

    /** Media datagrams that arrived before SRTP keys existed (or after close), dropped. */
    public long receivedBeforeSrtp() {
        return receivedBeforeSrtp.get();
    }

    /** Sends asked for before SRTP keys existed (or after close), dropped. */
    public long notSentBeforeSrtp() {
        return notSentBeforeSrtp.get();
    }

    /** Packets refused by {@code send} because they exceed the send buffer (2048 bytes). */
    public long tooLargeToSend() {
        return tooLargeToSend.get();
    }

    /** Sends the socket refused (the ICE session or port was closed). */
    public long sendErrors() {
        return sendErrors.get();
    }

    /** Received packets SRTP refused, by status ({@code AUTH_FAILED}, {@code REPLAY}, …). */
    public DropCounters<SrtpStatus> unprotectFailures() {
        return unprotectFailures;
    }

    /** Packets to send that SRTP refused, by status ({@code REPLAY} for a reused sequence number, …). */
    public DropCounters<SrtpStatus> protectFailures() {
        return protectFailures;
    }

    @Override
    public String toString() {
        return "PeerCounters[rtpIn=" + rtpReceived + ", rtcpIn=" + rtcpReceived + ", rtpOut=" + rtpSent
                + ", rtcpOut=" + rtcpSent + ", unprotectFailures=" + unprotectFailures
                + ", protectFailures=" + protectFailures + ", tooLargeToSend=" + tooLargeToSend + "]";
    }
}

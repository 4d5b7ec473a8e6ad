package dev.salle.rtc.sctp;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/** Live counters of one {@link SctpAssociation}; updated from any thread, read from any thread. */
public final class SctpCounters {

    final AtomicLong packetsReceived = new AtomicLong();
    final AtomicLong packetsSent = new AtomicLong();
    final AtomicLong packetsNotSent = new AtomicLong();
    final AtomicLong runtPacketsDropped = new AtomicLong();
    final AtomicLong messagesReceived = new AtomicLong();
    final AtomicLong messagesSent = new AtomicLong();
    final AtomicLong sendBufferFull = new AtomicLong();
    final AtomicLong sendErrors = new AtomicLong();
    final AtomicLong sendFailedNotifications = new AtomicLong();
    final AtomicLong oversizedMessagesDropped = new AtomicLong();
    final AtomicLong messagesWithoutChannel = new AtomicLong();
    final AtomicLong unknownPpidDropped = new AtomicLong();
    private final Map<DcepException.Reason, AtomicLong> dcepDropped = new EnumMap<>(DcepException.Reason.class);

    SctpCounters() {
        for (DcepException.Reason r : DcepException.Reason.values()) {
            dcepDropped.put(r, new AtomicLong());
        }
    }

    void dcepDropped(DcepException.Reason reason, int count) {
        dcepDropped.get(reason).addAndGet(count);
    }

    /** DCEP messages refused, for one reason. */
    public long dcepDropped(DcepException.Reason reason) {
        return dcepDropped.get(reason).get();
    }

    /** DCEP messages refused, all reasons. */
    public long dcepDroppedTotal() {
        return dcepDropped.values().stream().mapToLong(AtomicLong::get).sum();
    }

    /** SCTP packets fed to {@link SctpAssociation#receive}. */
    public long packetsReceived() {
        return packetsReceived.get();
    }

    /** SCTP packets handed to the packet sender. */
    public long packetsSent() {
        return packetsSent.get();
    }

    /** SCTP packets the packet sender could not send (DTLS closed or failed). */
    public long packetsNotSent() {
        return packetsNotSent.get();
    }

    /** Inbound packets shorter than an SCTP common header, dropped before usrsctp. */
    public long runtPacketsDropped() {
        return runtPacketsDropped.get();
    }

    /** Whole data channel messages delivered to the listener. */
    public long messagesReceived() {
        return messagesReceived.get();
    }

    /** Data channel messages accepted by SCTP for sending. */
    public long messagesSent() {
        return messagesSent.get();
    }

    /** Sends refused because the SCTP send buffer was full. */
    public long sendBufferFull() {
        return sendBufferFull.get();
    }

    /** Sends usrsctp refused for another reason (association gone). */
    public long sendErrors() {
        return sendErrors.get();
    }

    /** Messages SCTP abandoned after accepting them (partial reliability, or the association went down). */
    public long sendFailedNotifications() {
        return sendFailedNotifications.get();
    }

    /** Inbound messages longer than {@link SctpConfig#maxInboundMessageBytes()}, dropped. */
    public long oversizedMessagesDropped() {
        return oversizedMessagesDropped.get();
    }

    /** Inbound messages on a stream that carries no open channel, dropped. */
    public long messagesWithoutChannel() {
        return messagesWithoutChannel.get();
    }

    /** Inbound messages with a PPID that is neither DCEP nor WebRTC data, dropped. */
    public long unknownPpidDropped() {
        return unknownPpidDropped.get();
    }
}

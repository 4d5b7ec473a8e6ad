package dev.salle.rtc.dtls;

import java.io.IOException;

/**
 * The datagram path under DTLS: in production the selected ICE candidate pair, in tests an
 * in-memory link. Each call carries exactly one datagram.
 *
 * <p>Threading: {@link DtlsEndpoint} calls {@link #receive} from one thread at a time (the thread
 * running the handshake, later the thread calling {@link DtlsSession#receive}) and {@link #send}
 * from whichever thread sends. Implementations must allow one receiver and concurrent senders.
 *
 * <p>Ownership: the transport belongs to the caller. Closing a {@link DtlsSession} does not close
 * it; the ICE layer keeps it for SRTP.
 */
public interface PacketTransport {

    /**
     * Sends one datagram. May drop it silently (UDP semantics).
     *
     * @throws IOException if the transport is closed or broken
     */
    void send(byte[] buffer, int offset, int length) throws IOException;

    /**
     * Waits up to {@code timeoutMillis} for one datagram and copies it into the buffer.
     *
     * @return the datagram's length, or {@code -1} if none arrived in time; a datagram longer
     *     than {@code length} is truncated
     * @throws IOException if the transport is closed or broken, or the thread is interrupted
     */
    int receive(byte[] buffer, int offset, int length, int timeoutMillis) throws IOException;

    /**
     * The largest datagram payload, in bytes, that the path carries without fragmentation. DTLS
     * sizes its records to fit. WebRTC stacks use about 1200.
     */
    int mtu();
}

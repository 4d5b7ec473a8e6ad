package dev.salle.rtc.dtls;

import java.io.IOException;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.tls.DatagramTransport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Presents a {@link PacketTransport} to Bouncy Castle as a {@link DatagramTransport}. Drops and
 * counts datagrams that cannot be DTLS records (first byte outside 20..63, the DTLS range of
 * <a href="https://www.rfc-editor.org/rfc/rfc7983#section-7">RFC 7983 §7</a>, or shorter than
 * a 13-byte record header) before Bouncy Castle sees them, and enforces the handshake deadline on
 * every receive so that a silent peer cannot hold the handshake past its bound.
 *
 * <p>Threading: one receiving thread at a time; {@link #send} may be called from any thread.
 */
final class PacketTransportAdapter implements DatagramTransport {

    private static final Logger LOG = LoggerFactory.getLogger(PacketTransportAdapter.class);

    static final int DTLS_RECORD_HEADER_LENGTH = 13;
    private static final int FIRST_DTLS_BYTE = 20;
    private static final int LAST_DTLS_BYTE = 63;
    /** Upper bound on datagrams read within one receive call, so a flood cannot spin forever. */
    private static final int MAX_DATAGRAMS_PER_RECEIVE = 10_000;

    private final PacketTransport transport;
    private final AtomicLong datagramsReceived = new AtomicLong();
    private final AtomicLong nonDtlsDropped = new AtomicLong();
    private volatile long handshakeDeadlineNanos;
    private volatile boolean handshakeDeadlineActive;
    private volatile boolean handshakeDeadlineExceeded;

    PacketTransportAdapter(PacketTransport transport) {
        this.transport = Objects.requireNonNull(transport, "transport");
    }

    void startHandshakeDeadline(long timeoutNanos) {
        handshakeDeadlineNanos = System.nanoTime() + timeoutNanos;
        handshakeDeadlineExceeded = false;
        handshakeDeadlineActive = true;
    }

    void endHandshakeDeadline() {
        handshakeDeadlineActive = false;
    }

    boolean handshakeDeadlineExceeded() {
        return handshakeDeadlineExceeded;
    }

    long datagramsReceived() {
        return datagramsReceived.get();
    }

    long nonDtlsDropped() {
        return nonDtlsDropped.get();
    }

    @Override
    public int getReceiveLimit() {
        return transport.mtu();
    }

    @Override
    public int getSendLimit() {
        return transport.mtu();
    }

    @Override
    public int receive(byte[] buf, int off, int len, int waitMillis) throws IOException {
        long callDeadline = System.nanoTime() + waitMillis * 1_000_000L;
        for (int i = 0; i < MAX_DATAGRAMS_PER_RECEIVE; i++) {
            long deadline = callDeadline;
            if (handshakeDeadlineActive) {
                long handshakeLeft = handshakeDeadlineNanos - System.nanoTime();
                if (handshakeLeft <= 0) {
                    handshakeDeadlineExceeded = true;
                    throw new DtlsException(DtlsException.Reason.HANDSHAKE_TIMEOUT,
                            "DTLS handshake deadline passed while waiting for the peer after "
                                    + datagramsReceived.get() + " datagrams; check the ICE path");
                }
                deadline = Math.min(deadline, System.nanoTime() + handshakeLeft);
            }
            long leftMillis = Math.max(0, (deadline - System.nanoTime() + 999_999) / 1_000_000);
            if (leftMillis == 0 && i > 0) {
                return -1;
            }
            int length = transport.receive(buf, off, len, (int) Math.max(1, leftMillis));
            if (length < 0) {
                if (System.nanoTime() - deadline >= 0) {
                    return -1;
                }
                continue;
            }
            datagramsReceived.incrementAndGet();
            if (length >= DTLS_RECORD_HEADER_LENGTH && isDtlsFirstByte(buf[off])) {
                return length;
            }
            nonDtlsDropped.incrementAndGet();
            if (LOG.isDebugEnabled()) {
                LOG.debug("Dropped a {}-byte datagram with first byte {}: not a DTLS record",
                        length, buf[off] & 0xFF);
            }
        }
        return -1;
    }

    @Override
    public void send(byte[] buf, int off, int len) throws IOException {
        transport.send(buf, off, len);
    }

    /** The caller owns the packet transport; closing DTLS leaves it open. */
    @Override
    public void close() {
        handshakeDeadlineActive = false;
    }

    static boolean isDtlsFirstByte(byte first) {
        int value = first & 0xFF;
        return value >= FIRST_DTLS_BYTE && value <= LAST_DTLS_BYTE;
    }
}

package dev.salle.rtc.dtls;

import java.io.IOException;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import org.bouncycastle.tls.DTLSTransport;

/**
 * An established DTLS association: the {@link DtlsSrtpResult} for SRTP, and protected
 * application data (for SCTP data channels,
 * <a href="https://www.rfc-editor.org/rfc/rfc8261">RFC 8261</a>).
 *
 * <p>Threading: one thread at a time may call {@link #receive}; {@link #send} may be called from
 * any thread (sends are serialised). {@link #close()} may be called from any thread, once or more.
 *
 * <p><b>Keep a thread in {@link #receive} for the life of the session</b> (the SCTP reader, or a
 * loop that discards what it reads). Besides application data, reading is what answers the
 * peer's retransmitted final handshake flight when our last flight was lost
 * (<a href="https://www.rfc-editor.org/rfc/rfc6347#section-4.2.4">RFC 6347 §4.2.4</a>): a side
 * that finishes the handshake and never reads leaves the peer retransmitting until its handshake
 * times out.
 *
 * <p>Ownership: the session owns its DTLS state but not the {@link PacketTransport}, which the ICE
 * layer keeps for SRTP after DTLS closes.
 */
public final class DtlsSession implements AutoCloseable {

    private final DTLSTransport dtls;
    private final PacketTransportAdapter adapter;
    private final DtlsSrtpResult srtp;
    private final BooleanSupplier closeNotifyReceived;
    private final Object sendLock = new Object();
    private volatile boolean closed;

    DtlsSession(DTLSTransport dtls, PacketTransportAdapter adapter, DtlsSrtpResult srtp,
            BooleanSupplier closeNotifyReceived) {
        this.dtls = dtls;
        this.adapter = adapter;
        this.srtp = srtp;
        this.closeNotifyReceived = closeNotifyReceived;
    }

    /** The negotiated profile and keying material for the SRTP layer. */
    public DtlsSrtpResult srtp() {
        return srtp;
    }

    /** The largest application payload {@link #send} takes, in bytes. */
    public int maxApplicationPayload() throws DtlsException {
        try {
            return dtls.getSendLimit();
        } catch (IOException e) {
            throw new DtlsException(DtlsException.Reason.CLOSED, "DTLS session has no send limit: "
                    + e.getMessage(), e);
        }
    }

    /**
     * Encrypts and sends one application-data record.
     *
     * @throws DtlsException {@link DtlsException.Reason#CLOSED} after {@link #close()}, or
     *     {@link DtlsException.Reason#TRANSPORT_FAILED}
     */
    public void send(byte[] buffer, int offset, int length) throws DtlsException {
        Objects.checkFromIndexSize(offset, length, buffer.length);
        if (closed) {
            throw new DtlsException(DtlsException.Reason.CLOSED, "DTLS session is closed; cannot send "
                    + length + " bytes. Start a new handshake.");
        }
        synchronized (sendLock) {
            try {
                dtls.send(buffer, offset, length);
            } catch (IOException e) {
                throw new DtlsException(DtlsException.Reason.TRANSPORT_FAILED, "DTLS send of " + length
                        + " bytes failed: " + e.getMessage(), e);
            }
        }
    }

    /**
     * Waits up to {@code timeoutMillis} for one application-data record and decrypts it into the
     * buffer. Records that fail authentication and non-DTLS datagrams are dropped silently.
     *
     * @return the payload length, or {@code -1} if nothing arrived in time or the peer has closed
     *     (see {@link #peerClosed()})
     * @throws DtlsException {@link DtlsException.Reason#CLOSED} after {@link #close()}, or
     *     {@link DtlsException.Reason#TRANSPORT_FAILED}
     */
    public int receive(byte[] buffer, int offset, int length, int timeoutMillis) throws DtlsException {
        Objects.checkFromIndexSize(offset, length, buffer.length);
        if (closed) {
            throw new DtlsException(DtlsException.Reason.CLOSED,
                    "DTLS session is closed; cannot receive. Start a new handshake.");
        }
        try {
            return dtls.receive(buffer, offset, length, timeoutMillis);
        } catch (IOException e) {
            if (closed) {
                throw new DtlsException(DtlsException.Reason.CLOSED, "DTLS session was closed while"
                        + " receiving", e);
            }
            throw new DtlsException(DtlsException.Reason.TRANSPORT_FAILED, "DTLS receive failed: "
                    + e.getMessage(), e);
        }
    }

    /** Whether the peer has sent close_notify. */
    public boolean peerClosed() {
        return closeNotifyReceived.getAsBoolean();
    }

    /** Datagrams dropped before DTLS because they could not be DTLS records (RFC 7983 §7). */
    public long nonDtlsDatagramsDropped() {
        return adapter.nonDtlsDropped();
    }

    /** Datagrams read from the transport since the handshake started, DTLS or not. */
    public long datagramsReceived() {
        return adapter.datagramsReceived();
    }

    /** Sends close_notify (RFC 5246 §7.2.1) unless already closed; later calls do nothing. */
    @Override
    public void close() throws DtlsException {
        if (closed) {
            return;
        }
        closed = true;
        synchronized (sendLock) {
            try {
                dtls.close();
            } catch (IOException e) {
                throw new DtlsException(DtlsException.Reason.TRANSPORT_FAILED,
                        "DTLS close_notify could not be sent: " + e.getMessage(), e);
            }
        }
    }
}

package dev.salle.rtc.dtls;

import java.io.IOException;
import java.util.Objects;

/**
 * A DTLS handshake or record-layer failure, with a {@link Reason} callers can act on. Thrown by
 * {@link DtlsEndpoint} and {@link DtlsSession}; the message names the value that failed and what to
 * do about it.
 */
public final class DtlsException extends IOException {
    private static final long serialVersionUID = 1L;

    /** Why the handshake or session failed. */
    public enum Reason {
        /** The peer's certificate does not hash to the fingerprint in the remote SDP. */
        FINGERPRINT_MISMATCH,
        /** The peer sent no certificate; WebRTC requires one on both sides. */
        PEER_CERTIFICATE_MISSING,
        /** The remote SDP fingerprint could not be had (its future failed, or we were interrupted). */
        REMOTE_FINGERPRINT_UNAVAILABLE,
        /** The peer offered or chose no SRTP profile that this side supports. */
        NO_COMMON_SRTP_PROFILE,
        /** The handshake did not finish within the configured bound. */
        HANDSHAKE_TIMEOUT,
        /** The peer sent a fatal alert. */
        PEER_ALERT,
        /** The handshake broke a protocol rule (bad message, bad signature, unexpected record). */
        PROTOCOL_ERROR,
        /** The packet transport below failed. */
        TRANSPORT_FAILED,
        /** The session was used after it was closed. */
        CLOSED
    }

    private final Reason reason;

    /** A failure with a reason and a message that says what failed and what to do. */
    public DtlsException(Reason reason, String message) {
        super(message);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    /** A failure caused by a lower-level exception. */
    public DtlsException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    /** Why it failed. */
    public Reason reason() {
        return reason;
    }
}

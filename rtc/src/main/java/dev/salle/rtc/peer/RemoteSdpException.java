package dev.salle.rtc.peer;

import java.util.Objects;

/**
 * The remote peer's SDP offer or answer cannot be used: it does not parse, or it lacks what a
 * WebRTC peer connection needs. Nothing has changed in the peer connection when this is thrown;
 * the caller should reject the signalling message and may retry with a corrected description.
 */
public final class RemoteSdpException extends Exception {

    private static final long serialVersionUID = 1L;

    /** Which rule the remote description broke. */
    public enum Reason {
        /** The text is not valid SDP; the cause is the parser's {@code SdpParseException}. */
        UNPARSEABLE,
        /** No {@code m=} section, or none that we could accept. */
        NO_USABLE_SECTION,
        /** No {@code a=ice-ufrag} / {@code a=ice-pwd}, or values outside RFC 8839 §5.4. */
        BAD_ICE_CREDENTIALS,
        /** No {@code a=fingerprint}, or one that is not a valid hash. */
        BAD_FINGERPRINT,
        /** {@code a=setup} missing or not allowed here (RFC 5763 §5, RFC 8842 §5). */
        BAD_SETUP
    }

    private final Reason reason;

    /** A rejection with its reason and a message naming the value and what to send instead. */
    public RemoteSdpException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    /** A rejection without a lower-level cause. */
    public RemoteSdpException(Reason reason, String message) {
        this(reason, message, null);
    }

    /** Which rule the description broke. */
    public Reason reason() {
        return reason;
    }
}

package dev.salle.rtc.rtcp;

import java.util.Objects;

/**
 * An RTCP compound packet that breaks
 * <a href="https://www.rfc-editor.org/rfc/rfc3550#section-6.4">RFC 3550 section 6.4</a> or a
 * feedback message layout of <a href="https://www.rfc-editor.org/rfc/rfc4585#section-6.1">RFC 4585
 * section 6.1</a>. The packet comes from outside: drop it and count {@link #reason()}.
 */
public final class RtcpFormatException extends Exception {

    /** What was wrong with the packet. */
    public enum Reason {
        /** Fewer bytes than a header or than the packet type's fixed fields. */
        TOO_SHORT,
        /** The version field is not 2. */
        BAD_VERSION,
        /** A length field runs past the datagram, or the packets do not fill it exactly. */
        BAD_LENGTH,
        /** Padding on a packet other than the last, or a padding count that does not fit. */
        BAD_PADDING,
        /** The report or chunk count does not fit the packet length. */
        BAD_COUNT,
        /** An SDES chunk or item runs past its packet. */
        BAD_SDES,
        /** A feedback message has no or a malformed FCI. */
        BAD_FEEDBACK
    }

    private final Reason reason;

    /** Creates an exception for {@code reason}; {@code detail} says which value was wrong. */
    public RtcpFormatException(Reason reason, String detail) {
        super(Objects.requireNonNull(reason, "reason") + ": " + detail);
        this.reason = reason;
    }

    /** What was wrong, for drop counters. */
    public Reason reason() {
        return reason;
    }
}

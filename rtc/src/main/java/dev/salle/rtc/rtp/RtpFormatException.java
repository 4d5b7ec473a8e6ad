package dev.salle.rtc.rtp;

import java.util.Objects;

/**
 * An RTP packet or RTP header extension that breaks
 * <a href="https://www.rfc-editor.org/rfc/rfc3550#section-5.1">RFC 3550 section 5.1</a> or
 * <a href="https://www.rfc-editor.org/rfc/rfc8285#section-4">RFC 8285 section 4</a>. The packet
 * comes from outside: drop it and count {@link #reason()}.
 */
public final class RtpFormatException extends Exception {

    /** What was wrong with the packet. */
    public enum Reason {
        /** Fewer bytes than the fixed header (12) or than the fields announce. */
        TOO_SHORT,
        /** The version field is not 2. */
        BAD_VERSION,
        /** The CSRC count announces more identifiers than the packet holds. */
        BAD_CSRC,
        /** The header extension overruns the packet or one of its elements is malformed. */
        BAD_EXTENSION,
        /** The padding count is zero or larger than what follows the header. */
        BAD_PADDING
    }

    private final Reason reason;

    /** Creates an exception for {@code reason}; {@code detail} says which value was wrong. */
    public RtpFormatException(Reason reason, String detail) {
        super(Objects.requireNonNull(reason, "reason") + ": " + detail);
        this.reason = reason;
    }

    /** What was wrong, for drop counters. */
    public Reason reason() {
        return reason;
    }
}

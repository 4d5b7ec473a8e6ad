package dev.salle.rtc.signal;

import java.util.Objects;

/**
 * The query string of a {@code /rtc} connect request was refused. The message names the
 * parameter and, except for {@code access_token}, the bad value; the HTTP layer answers 400.
 */
public final class RtcQueryException extends Exception {

    /** Why the query was refused. */
    public enum Reason {
        /** Longer than {@link RtcConnectParams#MAX_QUERY_CHARS}; refused before parsing. */
        TOO_LONG,
        /** Bad percent-encoding or not UTF-8. */
        MALFORMED,
        /** A required parameter is absent or empty. */
        MISSING,
        /** A parameter appears more than once. */
        DUPLICATE,
        /** A parameter has a value outside what it allows. */
        BAD_VALUE
    }

    private final Reason reason;
    private final String parameter;

    public RtcQueryException(Reason reason, String parameter, String message) {
        super(Objects.requireNonNull(reason, "reason") + ": " + Objects.requireNonNull(message, "message"));
        this.reason = reason;
        this.parameter = Objects.requireNonNull(parameter, "parameter");
    }

    public Reason reason() {
        return reason;
    }

    /** The parameter at fault, or {@code ""} when the query as a whole is. */
    public String parameter() {
        return parameter;
    }
}

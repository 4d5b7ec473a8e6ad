package dev.salle.rtc.dtls;

import java.util.Locale;
import java.util.Objects;

/**
 * The value of the SDP {@code a=setup} attribute
 * (<a href="https://www.rfc-editor.org/rfc/rfc4145#section-4">RFC 4145 §4</a>) and the rules that
 * turn an offer/answer pair into DTLS roles
 * (<a href="https://www.rfc-editor.org/rfc/rfc5763#section-5">RFC 5763 §5</a>,
 * <a href="https://www.rfc-editor.org/rfc/rfc8842#section-5">RFC 8842 §5</a>): the
 * {@code active} side is the DTLS client.
 */
public enum SetupRole {
    /** Opens the connection: DTLS client. */
    ACTIVE("active"),
    /** Waits for the connection: DTLS server. */
    PASSIVE("passive"),
    /** Either; only allowed in an offer, and WebRTC offers always use it. */
    ACTPASS("actpass"),
    /** No connection now; WebRTC does not use it and this package refuses it. */
    HOLDCONN("holdconn");

    /** Which side of the offer/answer exchange this endpoint was. */
    public enum Side {
        /** We sent the offer. */
        OFFERER,
        /** We sent the answer. */
        ANSWERER
    }

    /** An {@code a=setup} value or offer/answer combination that breaks RFC 4145 / RFC 5763. */
    public static final class InvalidSetupException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        InvalidSetupException(String message) {
            super(message);
        }
    }

    private final String sdpValue;

    SetupRole(String sdpValue) {
        this.sdpValue = sdpValue;
    }

    /** The attribute value as written in SDP. */
    public String sdpValue() {
        return sdpValue;
    }

    /**
     * Parses an {@code a=setup} value, case-insensitively.
     *
     * @throws InvalidSetupException naming the value and the allowed ones
     */
    public static SetupRole parse(String value) {
        Objects.requireNonNull(value, "value");
        String wanted = value.strip().toLowerCase(Locale.ROOT);
        for (SetupRole role : values()) {
            if (role.sdpValue.equals(wanted)) {
                return role;
            }
        }
        throw new InvalidSetupException("a=setup value '" + value
                + "' is not one of active, passive, actpass, holdconn (RFC 4145 §4)");
    }

    /**
     * What an answerer should put in its answer to this offer: {@code active} for an
     * {@code actpass} offer (JSEP's choice, so the answerer starts the handshake at once), and the
     * opposite of {@code active}/{@code passive}.
     *
     * @throws InvalidSetupException for a {@code holdconn} offer
     */
    public SetupRole answerTo() {
        return switch (this) {
            case ACTPASS, PASSIVE -> ACTIVE;
            case ACTIVE -> PASSIVE;
            case HOLDCONN -> throw new InvalidSetupException("offer a=setup:holdconn is not"
                    + " supported for DTLS-SRTP; the offerer must send actpass, active or passive");
        };
    }

    /**
     * The DTLS role of the local endpoint, given the {@code a=setup} values of the offer and the
     * answer and which of the two we sent.
     *
     * @throws InvalidSetupException if the answer used {@code actpass} or {@code holdconn}, the
     *     offer used {@code holdconn}, or both sides chose the same role; the message names the
     *     two values
     */
    public static DtlsRole localRole(SetupRole offer, SetupRole answer, Side localSide) {
        Objects.requireNonNull(offer, "offer");
        Objects.requireNonNull(answer, "answer");
        Objects.requireNonNull(localSide, "localSide");
        if (answer == ACTPASS) {
            throw new InvalidSetupException("answer a=setup:actpass (offer " + offer.sdpValue
                    + ") is not allowed: the answerer must choose active or passive (RFC 5763 §5)");
        }
        if (offer == HOLDCONN || answer == HOLDCONN) {
            throw new InvalidSetupException("a=setup:holdconn (offer " + offer.sdpValue + ", answer "
                    + answer.sdpValue + ") is not supported for DTLS-SRTP; renegotiate with"
                    + " actpass/active/passive");
        }
        if (offer == answer) {
            throw new InvalidSetupException("offer and answer both say a=setup:" + offer.sdpValue
                    + "; one side must be active and the other passive (RFC 4145 §4.1)");
        }
        DtlsRole answererRole = answer == ACTIVE ? DtlsRole.CLIENT : DtlsRole.SERVER;
        if (localSide == Side.ANSWERER) {
            return answererRole;
        }
        return answererRole == DtlsRole.CLIENT ? DtlsRole.SERVER : DtlsRole.CLIENT;
    }
}

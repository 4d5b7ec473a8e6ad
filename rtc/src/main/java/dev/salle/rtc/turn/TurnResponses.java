package dev.salle.rtc.turn;

import dev.salle.rtc.stun.StunAttributes;
import dev.salle.rtc.stun.StunClass;
import dev.salle.rtc.stun.StunErrorCode;
import dev.salle.rtc.stun.StunFormatException;
import dev.salle.rtc.stun.StunMessage;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Checks a response from the TURN server against the request it answers, before anything of it is
 * used (<a href="https://www.rfc-editor.org/rfc/rfc8489#section-9.2.5">RFC 8489 section 9.2.5</a>):
 * the method must match; a response to an authenticated request must carry a MESSAGE-INTEGRITY that
 * matches the long-term key, except 401 and 438, which the server cannot sign; a 401 or 438 must
 * carry REALM and NONCE. Stateless and thread-safe.
 */
final class TurnResponses {

    /** STUN allows 763 bytes of REALM and NONCE (RFC 8489 sections 14.9, 14.10). */
    private static final int MAX_REALM_OR_NONCE = 763;

    private TurnResponses() {
    }

    /**
     * Why {@code response} must be dropped, or empty when it is acceptable for a request of
     * {@code method} sent with {@code key} ({@code null} for an unauthenticated request).
     */
    static Optional<TurnDropReason> check(StunMessage response, int method, byte[] key) {
        if (response.method() != method) {
            return Optional.of(TurnDropReason.WRONG_METHOD);
        }
        for (int type : response.unknownComprehensionRequired()) {
            if (!isTurnAttribute(type)) {
                return Optional.of(TurnDropReason.UNKNOWN_ATTRIBUTE);
            }
        }
        try {
            Optional<StunErrorCode> error = response.errorCode();
            if (response.stunClass() == StunClass.ERROR_RESPONSE && error.isEmpty()
                    || response.stunClass() == StunClass.SUCCESS_RESPONSE && error.isPresent()) {
                return Optional.of(TurnDropReason.MALFORMED);
            }
            boolean challenge = error.isPresent() && (error.get().code() == 401 || error.get().code() == 438);
            if (challenge && (text(response, StunAttributes.REALM).isEmpty()
                    || text(response, StunAttributes.NONCE).isEmpty())) {
                return Optional.of(TurnDropReason.MALFORMED);
            }
            if (challenge && !response.hasIntegrity()) {
                return Optional.empty();
            }
            if (key == null) {
                // Nothing but a challenge answers an unauthenticated request: we always use credentials.
                return Optional.of(challenge ? TurnDropReason.MALFORMED : TurnDropReason.UNAUTHENTICATED);
            }
            if (!response.hasIntegrity()) {
                return Optional.of(TurnDropReason.UNAUTHENTICATED);
            }
            response.verifyIntegrity(key);
            return Optional.empty();
        } catch (StunFormatException e) {
            return Optional.of(e.reason() == StunFormatException.Reason.BAD_INTEGRITY
                ? TurnDropReason.BAD_INTEGRITY : TurnDropReason.MALFORMED);
        }
    }

    /** REALM or NONCE as text, when present, non-empty and within STUN's limit. */
    static Optional<String> text(StunMessage message, int type) {
        return message.attribute(type)
            .filter(v -> v.length > 0 && v.length <= MAX_REALM_OR_NONCE)
            .map(v -> new String(v, StandardCharsets.UTF_8));
    }

    private static boolean isTurnAttribute(int type) {
        return switch (type) {
            case StunAttributes.CHANNEL_NUMBER, StunAttributes.LIFETIME, StunAttributes.XOR_PEER_ADDRESS,
                 StunAttributes.DATA, StunAttributes.XOR_RELAYED_ADDRESS, StunAttributes.REQUESTED_TRANSPORT -> true;
            default -> false;
        };
    }
}

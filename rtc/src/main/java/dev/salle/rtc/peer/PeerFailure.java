package dev.salle.rtc.peer;

import dev.salle.rtc.dtls.DtlsException;
import dev.salle.rtc.turn.TurnException;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Why a {@link PeerConnection} stopped before or while carrying media, or lost its path while carrying it.
 *
 * @param stage where it failed
 * @param message what failed, with the value and what to do
 * @param cause the lower-level exception, or {@code null}
 */
public record PeerFailure(Stage stage, String message, Throwable cause) {

    /** The step of connection set-up that failed. */
    public enum Stage {
        /** No authenticated STUN check arrived within {@link PeerConfig#iceTimeout()}. */
        ICE,
        /** The DTLS handshake failed; see {@link #dtlsReason()}. */
        DTLS,
        /** Setting up SRTP from the DTLS result failed (an unsupported profile). */
        SRTP,
        /**
         * A connected connection's consent expired (RFC 7675 §5.1): nothing came back on the selected
         * pair for {@link PeerConfig#consentTimeout()}. Reported through
         * {@link PeerConnection.Listener#consentLost}, not {@code failed}: the connection stays
         * connected and recovers if answers come again or an ICE restart finds a path.
         */
        CONSENT
    }

    public PeerFailure {
        Objects.requireNonNull(stage, "stage");
        Objects.requireNonNull(message, "message");
    }

    /**
     * When ICE failed: why each TURN server that was tried gave no relayed candidate (a certificate
     * not trusted, credentials refused, …); empty when none was tried or every one gave a candidate.
     */
    public List<TurnException> turnFailures() {
        return cause == null ? List.of() : Arrays.stream(cause.getSuppressed())
                .filter(TurnException.class::isInstance).map(TurnException.class::cast).toList();
    }

    /** The DTLS reason when the handshake failed, e.g. {@code FINGERPRINT_MISMATCH}. */
    public Optional<DtlsException.Reason> dtlsReason() {
        return cause instanceof DtlsException e ? Optional.of(e.reason()) : Optional.empty();
    }
}

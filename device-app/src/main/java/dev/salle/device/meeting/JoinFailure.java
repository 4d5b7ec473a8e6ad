package dev.salle.device.meeting;

import dev.salle.rtc.client.RoomJoinException;
import dev.salle.rtc.client.SignalConnectException;
import dev.salle.rtc.peer.PeerFailure;
import dev.salle.rtc.turn.TurnException;
import java.util.List;
import java.util.Locale;

/**
 * Why a join failed, as the screen and telemetry say it: a short kind ({@code denied},
 * {@code unreachable}, {@code signal-unauthorized}, …) and a sentence a person in the room can
 * act on. The details (server words, addresses) stay in the log.
 */
record JoinFailure(String kind, String message) {

    static JoinFailure of(Throwable e) {
        if (e instanceof RoomJoinException r) {
            return new JoinFailure(r.failure().name().toLowerCase(Locale.ROOT), r.failure().humanMessage());
        }
        if (e instanceof SignalConnectException s) {
            String message = switch (s.reason()) {
                case UNAUTHORIZED -> RoomJoinException.Failure.TOKEN_REJECTED.humanMessage();
                case UNREACHABLE -> RoomJoinException.Failure.UNREACHABLE.humanMessage();
                case REJECTED -> "The meeting server refused the connection.";
                case JOIN_TIMEOUT -> "The meeting server did not answer in time.";
                case PROTOCOL -> RoomJoinException.Failure.MALFORMED_ANSWER.humanMessage();
                case RESUME_REFUSED -> "The meeting server no longer holds this call; joining again.";
            };
            return new JoinFailure("signal-" + s.reason().name().toLowerCase(Locale.ROOT), message);
        }
        return new JoinFailure("error", "Joining failed: " + e.getMessage());
    }

    static final String TURN_CERTIFICATE_NOT_TRUSTED = "The call's sound and picture could not get through this"
            + " network, and this room does not trust the certificate of the site's TURN server. Ask IT to give the"
            + " site's CA in call.turn-trust-anchors.";
    static final String TURN_CREDENTIALS_REFUSED = "The call's sound and picture could not get through this network,"
            + " and the site's TURN server refused the credentials the meeting server gave. Ask IT to check that the"
            + " two share the same TURN secret.";

    /** A media connection that never came up; which address, port or alert it was stays in the log. */
    static JoinFailure of(PeerFailure f) {
        if (f.stage() == PeerFailure.Stage.ICE) {
            // no direct path: when a TURN server was the way out and refused, that is what IT can mend
            for (TurnException.Kind refused : List.of(TurnException.Kind.TLS, TurnException.Kind.WRONG_CREDENTIALS)) {
                if (f.turnFailures().stream().anyMatch(t -> t.kind() == refused)) {
                    return new JoinFailure("transport", refused == TurnException.Kind.TLS
                            ? TURN_CERTIFICATE_NOT_TRUSTED : TURN_CREDENTIALS_REFUSED);
                }
            }
        }
        return new JoinFailure("transport", switch (f.stage()) {
            case ICE -> "The call's sound and picture could not get through this network. Ask IT to let this room"
                    + " reach the meeting server over UDP or TCP, or through a TURN server.";
            case DTLS, SRTP -> "The call's encrypted connection could not be set up. Ask IT to check the network"
                    + " between this room and the meeting server.";
            case CONSENT -> "The call's sound and picture stopped getting through this network.";
        });
    }

    /** The signalling connection dropped, or the server asked to reconnect, before the call was up. */
    static JoinFailure droppedWhileJoining() {
        return new JoinFailure("transport", "The connection to the meeting server dropped while joining. Try again.");
    }

    /** The server's answer to the device's media offer could not be used. */
    static JoinFailure unusableAnswer() {
        return new JoinFailure("transport", RoomJoinException.Failure.MALFORMED_ANSWER.humanMessage());
    }

    /** The device's own media (camera, microphone, encoders) could not be set up for the call. */
    static JoinFailure mediaSetUp() {
        return new JoinFailure("media", "The camera or microphone could not start for the call.");
    }
}

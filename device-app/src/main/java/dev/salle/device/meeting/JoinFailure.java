package dev.salle.device.meeting;

import dev.salle.rtc.client.RoomJoinException;
import dev.salle.rtc.client.SignalConnectException;
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
}

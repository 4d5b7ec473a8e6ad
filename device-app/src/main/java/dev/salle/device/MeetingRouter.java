package dev.salle.device;

import dev.salle.device.call.RoomConnection;
import java.util.function.Supplier;

/**
 * Picks how to reach a meeting from its address: {@code local:} is the media self-test; every
 * other address (a Visio or bridge link, a LiveKit URL with a token) goes to the meeting client,
 * which reports a malformed address as a failed join with the reason.
 */
final class MeetingRouter implements RoomConnection {

    private final Supplier<RoomConnection> localTest;
    private final RoomConnection meetings;

    MeetingRouter(Supplier<RoomConnection> localTest, RoomConnection meetings) {
        this.localTest = localTest;
        this.meetings = meetings;
    }

    @Override
    public Session join(String meeting, String displayName, Listener listener) {
        if (meeting.strip().startsWith("local:")) {
            return localTest.get().join(meeting, displayName, listener);
        }
        return meetings.join(meeting, displayName, listener);
    }
}

package dev.salle.device;

import dev.salle.device.call.RoomConnection;
import java.util.function.Supplier;

/**
 * Picks how to reach a meeting from its address: {@code local:} is the media self-test; other
 * addresses need the LiveKit/Visio client, which this build does not have yet, so they fail at
 * once with a message that says so.
 */
final class MeetingRouter implements RoomConnection {

    private final Supplier<RoomConnection> localTest;

    MeetingRouter(Supplier<RoomConnection> localTest) {
        this.localTest = localTest;
    }

    @Override
    public Session join(String meeting, String displayName, Listener listener) {
        if (meeting.startsWith("local:")) {
            return localTest.get().join(meeting, displayName, listener);
        }
        listener.failed("This build cannot join " + meeting + " yet: the Visio/LiveKit client is not part of it. "
                + "Use call.meeting = local: to test the camera and microphone.");
        return new Session() {
            @Override
            public void leave() {}

            @Override
            public void setMicrophoneMuted(boolean muted) {}
        };
    }
}

package dev.salle.device.call;

import java.util.ArrayList;
import java.util.List;

/**
 * A room connection a test drives by hand: it records joins and lets the test answer them. Public
 * for the device page's tests, which drive a real {@link CallStateMachine} with it.
 */
public final class FakeRoomConnection implements RoomConnection {

    public final List<FakeSession> sessions = new ArrayList<>();

    @Override
    public Session join(String meeting, String displayName, Listener listener) {
        FakeSession s = new FakeSession(meeting, displayName, listener);
        sessions.add(s);
        return s;
    }

    public FakeSession last() {
        return sessions.get(sessions.size() - 1);
    }

    public static final class FakeSession implements Session {
        public final String meeting;
        public final String displayName;
        final Listener listener;
        public int leaves;
        public Boolean muted;

        FakeSession(String meeting, String displayName, Listener listener) {
            this.meeting = meeting;
            this.displayName = displayName;
            this.listener = listener;
        }

        @Override
        public void leave() {
            leaves++;
        }

        @Override
        public void setMicrophoneMuted(boolean muted) {
            this.muted = muted;
        }

        public volatile boolean cameraOff;

        @Override
        public void setCameraOff(boolean off) {
            this.cameraOff = off;
        }

        public void admit() {
            listener.joined();
        }

        public void refuse(String message) {
            listener.failed(message);
        }

        public void end(String reason) {
            listener.left(reason);
        }
    }
}

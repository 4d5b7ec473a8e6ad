package dev.salle.device.call;

import java.util.ArrayList;
import java.util.List;

/** A room connection a test drives by hand: it records joins and lets the test answer them. */
final class FakeRoomConnection implements RoomConnection {

    final List<FakeSession> sessions = new ArrayList<>();

    @Override
    public Session join(String meeting, String displayName, Listener listener) {
        FakeSession s = new FakeSession(meeting, displayName, listener);
        sessions.add(s);
        return s;
    }

    FakeSession last() {
        return sessions.get(sessions.size() - 1);
    }

    static final class FakeSession implements Session {
        final String meeting;
        final String displayName;
        final Listener listener;
        int leaves;
        Boolean muted;

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

        void admit() {
            listener.joined();
        }

        void refuse(String message) {
            listener.failed(message);
        }

        void end(String reason) {
            listener.left(reason);
        }
    }
}

package dev.salle.device.call;

/**
 * How the device reaches a meeting: a LiveKit/Visio client, or the local media test. The call
 * state machine owns the sessions it opens.
 *
 * <p>Threading: {@link #join} is called on the state machine's caller thread and must return
 * quickly; the work happens elsewhere, and the {@link Listener} may be called from any thread,
 * at most once per event kind and never after {@link Listener#left}.
 */
public interface RoomConnection {

    /**
     * Starts joining a meeting.
     *
     * @param meeting the meeting, as configured ({@code call.meeting}) or given to a join command
     * @param displayName the name the room shows to the others
     * @param listener told when the join succeeds or fails, and when the session ends
     * @return the session, to leave or mute
     */
    Session join(String meeting, String displayName, Listener listener);

    /** One attempt at being in a meeting. */
    interface Session {
        /** Leaves the meeting; {@link Listener#left} follows. Safe to call more than once. */
        void leave();

        /** Mutes or unmutes the room's microphone in the meeting. */
        void setMicrophoneMuted(boolean muted);

        /** Stops or starts sending the room's camera in the meeting (the track stays published, muted). */
        void setCameraOff(boolean off);
    }

    /** Events of one session. */
    interface Listener {
        /** The room is in the meeting. */
        void joined();

        /** The join failed; {@code message} says why in words for the screen. The session is over. */
        void failed(String message);

        /** The session ended: after a leave, or because the meeting or the connection ended. */
        void left(String reason);

        /** Still joining: the room waits in the meeting's lobby; {@code message} is for the screen. */
        default void waiting(String message) {}

        /** In the call, the connection was lost and the session is getting it back; {@code message} is for the screen. */
        default void reconnecting(String message) {}

        /** Back in the call after {@link #reconnecting}. */
        default void reconnected() {}
    }
}

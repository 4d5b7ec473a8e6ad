package dev.salle.bridge.room;

/** A room could not be created; {@link #kind()} tells the HTTP side which status to answer. */
public final class RoomException extends Exception {

    private static final long serialVersionUID = 1L;

    /** What went wrong. */
    public enum Kind {
        /** Another registered room has this slug. */
        SLUG_TAKEN,
        /** The configured maximum number of rooms exists already. */
        TOO_MANY_ROOMS
    }

    private final Kind kind;

    public RoomException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}

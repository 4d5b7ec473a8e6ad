package dev.salle.bridge.lobby;

/** A room's lobby holds as many guests as the room admits; the guest should try later. */
public final class LobbyFullException extends Exception {

    private static final long serialVersionUID = 1L;

    public LobbyFullException(String message) {
        super(message);
    }
}

package dev.salle.bridge.lobby;

import java.util.Locale;

/** Where a guest's entry request stands; the JSON names are the lowercase constant names. */
public enum LobbyStatus {
    /** A host has not decided yet. */
    WAITING,
    /** A host admitted the guest: the next poll carries a token. */
    ACCEPTED,
    /** A host refused the guest: never a token. */
    DENIED;

    public String jsonName() {
        return name().toLowerCase(Locale.ROOT);
    }
}

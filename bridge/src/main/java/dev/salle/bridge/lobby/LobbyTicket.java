package dev.salle.bridge.lobby;

import java.util.Objects;

/**
 * A snapshot of one guest's entry request. Immutable.
 *
 * @param participantId the lobby participant id (a UUID, also the cookie value and, once
 *     admitted, the guest's LiveKit identity)
 * @param username the name the guest gave
 * @param color the colour the guest shows with
 * @param status where the request stands
 */
public record LobbyTicket(String participantId, String username, String color, LobbyStatus status) {

    public LobbyTicket {
        Objects.requireNonNull(participantId, "participantId");
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(color, "color");
        Objects.requireNonNull(status, "status");
    }
}

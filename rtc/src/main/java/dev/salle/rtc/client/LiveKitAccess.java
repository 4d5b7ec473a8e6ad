package dev.salle.rtc.client;

import java.net.URI;
import java.util.Objects;

/**
 * What a room API grants: where to connect, which LiveKit room, and the access token. Immutable.
 *
 * @param url the LiveKit server, {@code ws://} or {@code wss://}
 * @param room the LiveKit room name (a room UUID on Visio; the slug for unregistered rooms)
 * @param token the JWT; a bearer credential, kept out of {@link #toString()}
 */
public record LiveKitAccess(URI url, String room, String token) {

    public LiveKitAccess {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(room, "room");
        Objects.requireNonNull(token, "token");
    }

    @Override
    public String toString() {
        return "LiveKitAccess[url=" + url + ", room=" + room + "]";
    }
}

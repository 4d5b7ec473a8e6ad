package dev.salle.bridge.room;

import java.util.Objects;
import java.util.Optional;

/**
 * A room as the Visio API shows it. Immutable.
 *
 * @param id the room's id: a UUID for registered rooms, the slug for open ones; it is also the
 *     LiveKit room name
 * @param name display name
 * @param slug the meeting slug ({@code abc-defg-hij})
 * @param accessLevel who may enter directly
 * @param pinCode the 10-digit dial-in PIN of a registered room, empty for open rooms
 * @param registered whether someone created it through the API
 */
public record Room(String id, String name, String slug, AccessLevel accessLevel, Optional<String> pinCode,
        boolean registered) {

    public Room {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(slug, "slug");
        Objects.requireNonNull(accessLevel, "accessLevel");
        Objects.requireNonNull(pinCode, "pinCode");
    }

    /** The room for a slug nobody registered: public, named after the slug, no PIN. */
    public static Room open(String slug) {
        return new Room(slug, slug, slug, AccessLevel.PUBLIC, Optional.empty(), false);
    }

    /** The LiveKit room name its participants join. */
    public String livekitRoom() {
        return id;
    }
}

package dev.salle.bridge.room;

import java.util.Optional;

/** Who may enter a room without waiting in the lobby; the JSON names are Visio's. */
public enum AccessLevel {
    /** Anyone with the link enters directly. */
    PUBLIC("public"),
    /** Everyone waits in the lobby until a host admits them. */
    RESTRICTED("restricted");

    private final String jsonName;

    AccessLevel(String jsonName) {
        this.jsonName = jsonName;
    }

    public String jsonName() {
        return jsonName;
    }

    /** The level with this JSON name, or empty. */
    public static Optional<AccessLevel> fromJson(String name) {
        for (AccessLevel a : values()) {
            if (a.jsonName.equals(name)) {
                return Optional.of(a);
            }
        }
        return Optional.empty();
    }
}

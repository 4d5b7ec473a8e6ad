package dev.salle.bridge.http;

import dev.salle.bridge.room.Room;
import dev.salle.bridge.room.RoomRegistry;
import dev.salle.bridge.room.Slug;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Finds the room a path names: a registered room by UUID id or slug, or the open room of an
 * unregistered slug. Stateless, thread-safe.
 */
final class RoomLookup {

    private static final Pattern UUID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    private final RoomRegistry rooms;

    RoomLookup(RoomRegistry rooms) {
        this.rooms = rooms;
    }

    /** @throws ApiError 404 for an unknown id, 400 for something that is neither id nor slug */
    Room find(String ref) {
        if (UUID.matcher(ref).matches()) {
            return rooms.byId(ref).orElseThrow(() -> ApiError.notFound("room_not_found", "no room has id " + ref
                    + "; check the meeting link, or use its slug (abc-defg-hij)"));
        }
        Optional<String> slug = Slug.normalize(ref);
        if (slug.isEmpty()) {
            throw ApiError.badRequest("invalid_slug", "'" + Bodies.cap(ref) + "' is neither a room id (UUID)"
                    + " nor a meeting slug; slugs look like abc-defg-hij or abcdefghij (lowercase letters)");
        }
        return rooms.bySlug(slug.get()).orElseGet(() -> Room.open(slug.get()));
    }
}

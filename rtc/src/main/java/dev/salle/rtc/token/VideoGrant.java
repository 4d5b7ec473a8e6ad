package dev.salle.rtc.token;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * The {@code video} claim of a LiveKit token: what the bearer may do. Immutable.
 *
 * <p>Defaults follow LiveKit: a grant that does not mention {@code canPublish},
 * {@code canSubscribe} or {@code canPublishData} allows them; the other flags default to false.
 * An empty {@code canPublishSources} means every source is allowed.
 *
 * @param roomJoin may join the room named by {@code room}
 * @param room the room name, {@code ""} when the token names none
 * @param canPublish may publish tracks
 * @param canSubscribe may subscribe to other participants' tracks
 * @param canPublishData may send data packets
 * @param canPublishSources which sources may be published; empty means all
 * @param hidden joins without being shown to other participants
 * @param roomAdmin may administer the room (server API)
 * @param roomCreate may create rooms (server API)
 * @param roomList may list rooms (server API)
 */
public record VideoGrant(
        boolean roomJoin,
        String room,
        boolean canPublish,
        boolean canSubscribe,
        boolean canPublishData,
        Set<PublishSource> canPublishSources,
        boolean hidden,
        boolean roomAdmin,
        boolean roomCreate,
        boolean roomList) {

    public VideoGrant {
        Objects.requireNonNull(room, "room (use \"\" for none)");
        canPublishSources = canPublishSources.isEmpty()
                ? Set.of()
                : Collections.unmodifiableSet(EnumSet.copyOf(canPublishSources));
    }

    /** A grant that allows nothing room-related, with LiveKit's defaults for the rest. */
    public static VideoGrant none() {
        return new VideoGrant(false, "", true, true, true, Set.of(), false, false, false, false);
    }

    /** A grant to join {@code room} and publish, subscribe and send data there. */
    public static VideoGrant joinRoom(String room) {
        if (room == null || room.isBlank()) {
            throw new IllegalArgumentException("a join grant needs a room name, got '" + room + "'");
        }
        return new VideoGrant(true, room, true, true, true, Set.of(), false, false, false, false);
    }

    /** Whether a track from {@code source} may be published under this grant. */
    public boolean mayPublish(PublishSource source) {
        return canPublish && (canPublishSources.isEmpty() || canPublishSources.contains(source));
    }

    public VideoGrant withCanPublish(boolean value) {
        return new VideoGrant(roomJoin, room, value, canSubscribe, canPublishData, canPublishSources,
                hidden, roomAdmin, roomCreate, roomList);
    }

    public VideoGrant withCanSubscribe(boolean value) {
        return new VideoGrant(roomJoin, room, canPublish, value, canPublishData, canPublishSources,
                hidden, roomAdmin, roomCreate, roomList);
    }

    public VideoGrant withCanPublishData(boolean value) {
        return new VideoGrant(roomJoin, room, canPublish, canSubscribe, value, canPublishSources,
                hidden, roomAdmin, roomCreate, roomList);
    }

    public VideoGrant withCanPublishSources(Set<PublishSource> sources) {
        return new VideoGrant(roomJoin, room, canPublish, canSubscribe, canPublishData, sources,
                hidden, roomAdmin, roomCreate, roomList);
    }

    public VideoGrant withHidden(boolean value) {
        return new VideoGrant(roomJoin, room, canPublish, canSubscribe, canPublishData, canPublishSources,
                value, roomAdmin, roomCreate, roomList);
    }

    public VideoGrant withRoomAdmin(boolean value) {
        return new VideoGrant(roomJoin, room, canPublish, canSubscribe, canPublishData, canPublishSources,
                hidden, value, roomCreate, roomList);
    }

    public VideoGrant withRoomCreate(boolean value) {
        return new VideoGrant(roomJoin, room, canPublish, canSubscribe, canPublishData, canPublishSources,
                hidden, roomAdmin, value, roomList);
    }

    public VideoGrant withRoomList(boolean value) {
        return new VideoGrant(roomJoin, room, canPublish, canSubscribe, canPublishData, canPublishSources,
                hidden, roomAdmin, roomCreate, value);
    }
}

package dev.salle.bridge.room;

import dev.salle.rtc.token.AccessTokenMinter;
import dev.salle.rtc.token.PublishSource;
import dev.salle.rtc.token.TokenRequest;
import dev.salle.rtc.token.VideoGrant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * Mints the guest tokens the room API hands out, with Visio's grants and attributes: join the
 * room, publish camera, microphone and screen share, subscribe, send data; attributes
 * {@code color}, {@code room_role=guest}, {@code is_authenticated=false}. Thread-safe.
 */
public final class JoinTokens {

    private static final List<String> COLORS = List.of(
            "#3b82f6", "#ef4444", "#10b981", "#f59e0b", "#8b5cf6", "#ec4899", "#14b8a6", "#f97316",
            "#6366f1", "#84cc16");

    private final AccessTokenMinter minter;
    private final RandomGenerator random;

    public JoinTokens(AccessTokenMinter minter, RandomGenerator random) {
        this.minter = minter;
        this.random = random;
    }

    /** A random participant colour, {@code #rrggbb}. */
    public String randomColor() {
        return COLORS.get(random.nextInt(COLORS.size()));
    }

    /** A new guest identity: a random UUID. */
    public String newGuestIdentity() {
        return RoomRegistry.randomUuid(random).toString();
    }

    /** A token for a guest to join {@code room}. */
    public String mintGuest(Room room, String identity, String displayName, String color) {
        return mint(room, identity, displayName, color, false);
    }

    /**
     * A token for a host of {@code room} (who proved a {@code roomAdmin} grant): as a guest's, plus
     * {@code roomAdmin}, with {@code room_role=administrator} and {@code is_authenticated=true}.
     */
    public String mintHost(Room room, String identity, String displayName, String color) {
        return mint(room, identity, displayName, color, true);
    }

    private String mint(Room room, String identity, String displayName, String color, boolean host) {
        VideoGrant grant = VideoGrant.joinRoom(room.livekitRoom())
                .withCanPublishSources(EnumSet.allOf(PublishSource.class))
                .withRoomAdmin(host);
        return minter.mint(TokenRequest.joinRoom(identity, room.livekitRoom())
                .withName(displayName)
                .withGrant(grant)
                .withAttributes(Map.of("color", color, "room_role", host ? "administrator" : "guest",
                        "is_authenticated", Boolean.toString(host))));
    }
}

package dev.salle.bridge.room;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The rooms registered on this bridge, in memory. Thread-safe (one lock; room creation is rare).
 * Ids are random UUIDs and PIN codes random 10-digit numbers, both from the injected generator.
 */
public final class RoomRegistry {

    private static final Logger LOG = LoggerFactory.getLogger(RoomRegistry.class);
    private static final int PIN_DIGITS = 10;

    private final int maxRooms;
    private final RandomGenerator random;
    private final Map<String, Room> byId = new LinkedHashMap<>();
    private final Map<String, Room> bySlug = new LinkedHashMap<>();

    public RoomRegistry(int maxRooms, RandomGenerator random) {
        this.maxRooms = maxRooms;
        this.random = random;
    }

    /**
     * Registers a room.
     *
     * @param slug the wanted slug (already normalized), or empty for a random one
     * @throws RoomException when the slug is taken or {@code maxRooms} rooms exist
     */
    public synchronized Room create(Optional<String> slug, String name, AccessLevel accessLevel) throws RoomException {
        if (byId.size() >= maxRooms) {
            throw new RoomException(RoomException.Kind.TOO_MANY_ROOMS, "this bridge already has " + byId.size()
                    + " rooms, its limit (max-rooms); raise --max-rooms or reuse a room");
        }
        String s = slug.orElseGet(this::unusedSlug);
        if (bySlug.containsKey(s)) {
            throw new RoomException(RoomException.Kind.SLUG_TAKEN, "a room with slug '" + s
                    + "' exists already; choose another slug or leave it out for a random one");
        }
        Room room = new Room(randomUuid(random).toString(), name, s, accessLevel, Optional.of(unusedPin()), true);
        byId.put(room.id(), room);
        bySlug.put(s, room);
        LOG.info("room {} created: slug {}, access {}", room.id(), s, accessLevel.jsonName());
        return room;
    }

    /** The registered room with this id. */
    public synchronized Optional<Room> byId(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    /** The registered room with this slug (normalized). */
    public synchronized Optional<Room> bySlug(String slug) {
        return Optional.ofNullable(bySlug.get(slug));
    }

    /** How many rooms are registered. */
    public synchronized int size() {
        return byId.size();
    }

    /** A version-4 UUID from {@code random}. */
    public static UUID randomUuid(RandomGenerator random) {
        long msb = (random.nextLong() & ~0xF000L) | 0x4000L;
        long lsb = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(msb, lsb);
    }

    private String unusedSlug() {
        String s;
        do {
            s = Slug.random(random);
        } while (bySlug.containsKey(s));
        return s;
    }

    private String unusedPin() {
        String pin;
        do {
            StringBuilder b = new StringBuilder(PIN_DIGITS);
            for (int i = 0; i < PIN_DIGITS; i++) {
                b.append((char) ('0' + random.nextInt(10)));
            }
            pin = b.toString();
        } while (pinTaken(pin));
        return pin;
    }

    private boolean pinTaken(String pin) {
        return byId.values().stream().anyMatch(r -> r.pinCode().orElse("").equals(pin));
    }
}

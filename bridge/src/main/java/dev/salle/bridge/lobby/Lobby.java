package dev.salle.bridge.lobby;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The lobbies of every room, in memory. Thread-safe (one lock). Time comes from the injected
 * clock; nothing runs in the background: expired entries are dropped whenever the lobby is used.
 *
 * <p>A waiting entry lives {@link #WAITING_TTL} after its guest's last poll; a decided one
 * (accepted or denied) lives {@link #DECIDED_TTL} after the last poll, so that the guest's next
 * poll still sees the decision. A poll after expiry starts a new request.
 */
public final class Lobby {

    /** How long a waiting entry outlives its last poll (Visio: 3 s). */
    public static final Duration WAITING_TTL = Duration.ofSeconds(3);
    /** How long an accepted or denied entry outlives its last poll. */
    public static final Duration DECIDED_TTL = Duration.ofMinutes(5);

    private final Clock clock;
    private final int maxPerRoom;
    private final Supplier<String> newId;
    private final Map<String, Map<String, Entry>> rooms = new HashMap<>();

    /**
     * @param maxPerRoom entries one room's lobby holds at most
     * @param newId makes new participant ids (random UUIDs)
     */
    public Lobby(Clock clock, int maxPerRoom, Supplier<String> newId) {
        this.clock = clock;
        this.maxPerRoom = maxPerRoom;
        this.newId = newId;
    }

    /**
     * A guest asks to enter {@code room}, or re-polls with the id it was given. An unknown or expired
     * id starts a new waiting request with a new id.
     *
     * @param color the colour for a new request
     * @throws LobbyFullException when the room's lobby is full
     */
    public synchronized LobbyTicket requestEntry(String room, Optional<String> participantId, String username,
            String color) throws LobbyFullException {
        Instant now = clock.instant();
        purge(now);
        Map<String, Entry> lobby = rooms.computeIfAbsent(room, r -> new LinkedHashMap<>());
        Entry e = participantId.map(lobby::get).orElse(null);
        if (e == null) {
            if (lobby.size() >= maxPerRoom) {
                throw new LobbyFullException("the lobby of room " + room + " already holds " + lobby.size()
                        + " guests (max-participants-per-room); try again later");
            }
            e = new Entry(newId.get(), username, color);
            lobby.put(e.id, e);
        }
        e.lastPoll = now;
        return e.ticket();
    }

    /** The guests waiting in {@code room}'s lobby, oldest first. */
    public synchronized List<LobbyTicket> waiting(String room) {
        purge(clock.instant());
        List<LobbyTicket> out = new ArrayList<>();
        rooms.getOrDefault(room, Map.of()).values().stream()
                .filter(e -> e.status == LobbyStatus.WAITING)
                .forEach(e -> out.add(e.ticket()));
        return out;
    }

    /**
     * A host admits or denies a guest. A guest who was denied stays denied.
     *
     * @return the updated ticket, or empty when no live entry has this id in this room
     */
    public synchronized Optional<LobbyTicket> decide(String room, String participantId, boolean allow) {
        purge(clock.instant());
        Entry e = rooms.getOrDefault(room, Map.of()).get(participantId);
        if (e == null) {
            return Optional.empty();
        }
        if (e.status != LobbyStatus.DENIED) {
            e.status = allow ? LobbyStatus.ACCEPTED : LobbyStatus.DENIED;
        }
        return Optional.of(e.ticket());
    }

    private void purge(Instant now) {
        rooms.values().forEach(lobby -> lobby.values().removeIf(e -> e.expired(now)));
        rooms.values().removeIf(Map::isEmpty);
    }

    private static final class Entry {
        final String id;
        final String username;
        final String color;
        LobbyStatus status = LobbyStatus.WAITING;
        Instant lastPoll;

        Entry(String id, String username, String color) {
            this.id = id;
            this.username = username;
            this.color = color;
        }

        boolean expired(Instant now) {
            Duration ttl = status == LobbyStatus.WAITING ? WAITING_TTL : DECIDED_TTL;
            return now.isAfter(lastPoll.plus(ttl));
        }

        LobbyTicket ticket() {
            return new LobbyTicket(id, username, color, status);
        }
    }
}

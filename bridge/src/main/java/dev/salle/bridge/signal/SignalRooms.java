package dev.salle.bridge.signal;

import dev.salle.rtc.signal.JoinResponseParts;
import dev.salle.rtc.signal.ParticipantIds;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The rooms that have participants now, by LiveKit room name. A room is made on its first join
 * (with a new {@code RM_} sid) and forgotten when its last participant leaves. Thread-safe: the map
 * has its own lock, each room its own; the map's lock is never taken while holding a room's.
 */
final class SignalRooms {

    private final Map<String, SignalRoom> byName = new HashMap<>();
    private final Clock clock;
    private final ParticipantIds ids;
    private final JoinResponseParts parts;
    private final int maxParticipantsPerRoom;

    SignalRooms(Clock clock, ParticipantIds ids, JoinResponseParts parts, int maxParticipantsPerRoom) {
        this.clock = clock;
        this.ids = ids;
        this.parts = parts;
        this.maxParticipantsPerRoom = maxParticipantsPerRoom;
    }

    /** Whether {@code identity} would be admitted to {@code room} now. */
    boolean admits(String room, String identity) {
        SignalRoom r;
        synchronized (this) {
            r = byName.get(room);
        }
        return r == null || r.admits(identity);
    }

    /** A participant admitted to its room, and the room. */
    record Joined(SignalRoom room, SignalParticipant participant) {
    }

    /**
     * Admits {@code p} to the room named {@code name}, made if needed; see {@link SignalRoom#join}.
     * Holding this map's lock keeps a room that is being emptied from swallowing the newcomer.
     *
     * @throws RoomFullException when the room is full
     */
    synchronized Joined join(String name, SignalParticipant p, SignalRoom.Welcome welcome) throws RoomFullException {
        SignalRoom r = open(name);
        try {
            r.join(p, welcome);
            return new Joined(r, p);
        } catch (RoomFullException e) {
            closeIfEmpty(r);
            throw e;
        }
    }

    private SignalRoom open(String name) {
        return byName.computeIfAbsent(name, n -> new SignalRoom(
                parts.room(ids.newRoomSid(), n, clock.instant(), 0), maxParticipantsPerRoom));
    }

    /** Forgets {@code room} if nobody is in it (call after a leave). */
    synchronized void closeIfEmpty(SignalRoom room) {
        if (byName.get(room.name()) == room && room.size() == 0) {
            byName.remove(room.name());
        }
    }

    /** The room with this name, if it has participants. */
    synchronized java.util.Optional<SignalRoom> room(String name) {
        return java.util.Optional.ofNullable(byName.get(name));
    }

    synchronized List<SignalRoom> rooms() {
        return new ArrayList<>(byName.values());
    }

    /** Participants in every room, for the gauge. */
    long participantCount() {
        long n = 0;
        for (SignalRoom r : rooms()) {
            n += r.size();
        }
        return n;
    }
}

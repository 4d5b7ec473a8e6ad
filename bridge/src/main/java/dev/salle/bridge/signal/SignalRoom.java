package dev.salle.bridge.signal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import livekit.LivekitModels.DisconnectReason;
import livekit.LivekitModels.ParticipantInfo;
import livekit.LivekitModels.Room;
import livekit.LivekitModels.TrackInfo;
import livekit.LivekitRtc.LeaveRequest;
import livekit.LivekitRtc.ParticipantUpdate;
import livekit.LivekitRtc.SignalResponse;
import livekit.LivekitRtc.TrackPublishedResponse;

/**
 * One room's participants, by sid and by identity. Every method takes the room's lock, and sends
 * to the clients while holding it: sends only queue, so each client sees the room's changes in
 * the order they happened.
 */
final class SignalRoom {

    private final Room room;
    private final int maxParticipants;
    private final Map<String, SignalParticipant> bySid = new LinkedHashMap<>();
    private final Map<String, SignalParticipant> byIdentity = new LinkedHashMap<>();
    private final RoomMedia media = new RoomMedia();

    SignalRoom(Room room, int maxParticipants) {
        this.room = room;
        this.maxParticipants = maxParticipants;
    }

    String name() {
        return room.getName();
    }

    /** The room's tracks and speakers; thread-safe on its own. */
    RoomMedia media() {
        return media;
    }

    /** The room as clients see it, with the current participant count. */
    synchronized Room info() {
        return room.toBuilder().setNumParticipants(bySid.size()).build();
    }

    synchronized int size() {
        return bySid.size();
    }

    /** Whether someone with {@code identity} would be admitted now (replacing a namesake counts as room). */
    synchronized boolean admits(String identity) {
        return byIdentity.containsKey(identity) || bySid.size() < maxParticipants;
    }

    /** Builds the first message a newcomer gets, from the room and the others it may see. */
    @FunctionalInterface
    interface Welcome {
        SignalResponse message(Room room, ParticipantInfo self, List<ParticipantInfo> others);
    }

    /**
     * Admits {@code p}: a participant with the same identity is told to leave and replaced; then
     * {@code p} gets its welcome (before any other message) and the others learn of {@code p}.
     *
     * @throws RoomFullException when the room is full
     */
    synchronized void join(SignalParticipant p, Welcome welcome) throws RoomFullException {
        SignalParticipant namesake = byIdentity.get(p.identity());
        if (namesake == null && bySid.size() >= maxParticipants) {
            throw new RoomFullException(name(), maxParticipants);
        }
        if (namesake != null) {
            namesake.link().send(leave(DisconnectReason.DUPLICATE_IDENTITY, LeaveRequest.Action.DISCONNECT));
            remove(namesake);
            namesake.link().close(1000, "replaced: the same identity joined again");
        }
        List<ParticipantInfo> others = new ArrayList<>();
        for (SignalParticipant o : bySid.values()) {
            if (!o.hidden()) {
                others.add(o.info());
            }
        }
        p.state(ParticipantInfo.State.JOINED);
        bySid.put(p.sid(), p);
        byIdentity.put(p.identity(), p);
        p.link().send(welcome.message(info(), p.info(), others));
        if (!p.hidden()) {
            tellOthers(p, p.info());
        }
    }

    /** Removes {@code p} if it is still here and tells the others; false when it was not here. */
    synchronized boolean leave(SignalParticipant p) {
        if (bySid.get(p.sid()) != p) {
            return false;
        }
        remove(p);
        return true;
    }

    private void remove(SignalParticipant p) {
        bySid.remove(p.sid());
        byIdentity.remove(p.identity(), p);
        p.state(ParticipantInfo.State.DISCONNECTED);
        if (!p.hidden()) {
            tellOthers(p, p.info());
        }
    }

    /**
     * Records a published track and tells everyone: the publisher gets {@code track_published},
     * the others a {@code ParticipantUpdate}. A cid published before gets its track again.
     *
     * @return the published track, or null (and nothing sent) when {@code p} has {@code maxTracks}
     */
    synchronized TrackInfo publish(SignalParticipant p, String cid, TrackInfo track, int maxTracks) {
        Optional<TrackInfo> known = p.trackByCid(cid);
        if (known.isEmpty() && p.trackCount() >= maxTracks) {
            return null;
        }
        TrackInfo published = known.orElse(track);
        if (known.isEmpty()) {
            p.putTrack(cid, track);
        }
        p.link().send(SignalResponse.newBuilder().setTrackPublished(
                TrackPublishedResponse.newBuilder().setCid(cid).setTrack(published)).build());
        if (known.isEmpty() && !p.hidden()) {
            tellOthers(p, p.info());
        }
        return published;
    }

    /** Sets a track's muted flag and tells everyone, the publisher included; false for an unknown track. */
    synchronized boolean mute(SignalParticipant p, String trackSid, boolean muted) {
        Optional<TrackInfo> track = p.track(trackSid);
        if (track.isEmpty()) {
            return false;
        }
        p.putTrack(null, track.get().toBuilder().setMuted(muted).build());
        tellEveryone(p);
        return true;
    }

    /** The participant's publisher connection is up: JOINED becomes ACTIVE, and everyone hears it. */
    synchronized void activate(SignalParticipant p) {
        if (bySid.get(p.sid()) != p || p.info().getState() != ParticipantInfo.State.JOINED) {
            return;
        }
        p.state(ParticipantInfo.State.ACTIVE);
        tellEveryone(p);
    }

    /** A published track's negotiated details (mid, mime type) replace it, and everyone hears it. */
    synchronized void updateTrack(SignalParticipant p, TrackInfo track) {
        if (bySid.get(p.sid()) != p || p.track(track.getSid()).isEmpty()) {
            return;
        }
        p.putTrack(null, track);
        tellEveryone(p);
    }

    /** The participant with this sid, if it is here. */
    synchronized Optional<SignalParticipant> participant(String sid) {
        return Optional.ofNullable(bySid.get(sid));
    }

    /**
     * A participant resumed: it gets everyone's current state (LiveKit sends the same after a
     * {@code ReconnectResponse}: what changed while it was away), then the room.
     */
    synchronized void catchUp(SignalParticipant p) {
        ParticipantUpdate.Builder update = ParticipantUpdate.newBuilder();
        for (SignalParticipant o : bySid.values()) {
            if (o == p || !o.hidden()) {
                update.addParticipants(o.info());
            }
        }
        p.link().send(SignalResponse.newBuilder().setUpdate(update).build());
        p.link().send(SignalResponse.newBuilder().setRoomUpdate(
                livekit.LivekitRtc.RoomUpdate.newBuilder().setRoom(info())).build());
    }

    /** A snapshot of who is here. */
    synchronized List<SignalParticipant> participants() {
        return List.copyOf(bySid.values());
    }

    /** Sends {@code p}'s current info to everyone: itself, and the others unless it is hidden. */
    private void tellEveryone(SignalParticipant p) {
        SignalResponse update = update(p.info());
        for (SignalParticipant o : bySid.values()) {
            if (o == p || !p.hidden()) {
                o.link().send(update);
            }
        }
    }

    private void tellOthers(SignalParticipant about, ParticipantInfo info) {
        SignalResponse update = update(info);
        for (SignalParticipant o : bySid.values()) {
            if (o != about) {
                o.link().send(update);
            }
        }
    }

    private static SignalResponse update(ParticipantInfo info) {
        return SignalResponse.newBuilder().setUpdate(ParticipantUpdate.newBuilder().addParticipants(info)).build();
    }

    static SignalResponse leave(DisconnectReason reason, LeaveRequest.Action action) {
        return SignalResponse.newBuilder().setLeave(LeaveRequest.newBuilder()
                .setCanReconnect(action != LeaveRequest.Action.DISCONNECT).setReason(reason).setAction(action)).build();
    }
}

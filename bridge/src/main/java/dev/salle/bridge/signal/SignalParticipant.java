package dev.salle.bridge.signal;

import dev.salle.rtc.token.VideoGrant;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import livekit.LivekitModels.ParticipantInfo;
import livekit.LivekitModels.TrackInfo;

/**
 * One participant in a {@link SignalRoom}: its identity, grant, tracks and the link to its client.
 * The mutable state (state, tracks, version) is guarded by the lock of the room it is in;
 * {@link #lastHeard} is read by the ping sweep without it.
 */
final class SignalParticipant {

    private final ParticipantInfo base;
    private final VideoGrant grant;
    private final ResumableLink link;
    private final Map<String, TrackInfo> tracksBySid = new LinkedHashMap<>();
    private final Map<String, String> trackSidByCid = new LinkedHashMap<>();
    private ParticipantInfo.State state;
    private int version;
    private volatile Instant lastHeard;
    private volatile ParticipantMedia media;
    private final java.util.concurrent.atomic.AtomicBoolean shutdownLeave = new java.util.concurrent.atomic.AtomicBoolean();

    /**
     * @param base the participant as it joins (sid, identity, name, metadata, permission, joined_at)
     */
    SignalParticipant(ParticipantInfo base, VideoGrant grant, ParticipantLink link, Instant now) {
        this.base = base;
        this.grant = grant;
        this.link = new ResumableLink(link);
        this.state = base.getState();
        this.lastHeard = now;
    }

    String sid() {
        return base.getSid();
    }

    String identity() {
        return base.getIdentity();
    }

    VideoGrant grant() {
        return grant;
    }

    /** The link to its client, across resumes. */
    ResumableLink link() {
        return link;
    }

    boolean hidden() {
        return grant.hidden();
    }

    /** The participant as clients see it now; the version grows with each change. */
    ParticipantInfo info() {
        return base.toBuilder().setState(state).setVersion(version).clearTracks()
                .addAllTracks(tracksBySid.values()).setIsPublisher(!tracksBySid.isEmpty()).build();
    }

    void state(ParticipantInfo.State newState) {
        state = newState;
        version++;
    }

    int trackCount() {
        return tracksBySid.size();
    }

    Optional<TrackInfo> trackByCid(String cid) {
        return Optional.ofNullable(trackSidByCid.get(cid)).map(tracksBySid::get);
    }

    Optional<TrackInfo> track(String sid) {
        return Optional.ofNullable(tracksBySid.get(sid));
    }

    /** Adds or replaces a track; {@code cid} is the client's id for a new one, {@code null} otherwise. */
    void putTrack(String cid, TrackInfo track) {
        if (cid != null) {
            trackSidByCid.put(cid, track.getSid());
        }
        tracksBySid.put(track.getSid(), track);
        version++;
    }

    /**
     * True the first time only: the shutdown and a join racing with it may both want to tell this
     * participant to leave, and it must hear it once.
     */
    boolean claimShutdownLeave() {
        return shutdownLeave.compareAndSet(false, true);
    }

    /** Its peer connections, or null when the bridge runs without media. */
    ParticipantMedia media() {
        return media;
    }

    void media(ParticipantMedia m) {
        media = m;
    }

    void heard(Instant now) {
        lastHeard = now;
    }

    Instant lastHeard() {
        return lastHeard;
    }

    @Override
    public String toString() {
        return sid() + "(" + identity() + ")";
    }
}

package dev.salle.bridge.signal;

import dev.salle.bridge.sfu.ActiveSpeakers;
import dev.salle.bridge.sfu.PublishedTrack;
import dev.salle.rtc.sdp.LocalCodec;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import livekit.LivekitModels.SpeakerInfo;
import livekit.LivekitModels.TrackInfo;
import livekit.LivekitRtc.SignalResponse;
import livekit.LivekitRtc.SpeakersChanged;

/**
 * The media side of one room: the tracks whose publisher connection is negotiated, the
 * participants' media, and who speaks. A published track is offered to every other participant
 * allowed to subscribe (auto-subscribe), and withdrawn when its publisher leaves.
 *
 * <p>Threading: the maps are concurrent; {@link #publish}, {@link #join} and {@link #leave} run on
 * signalling threads and call into each participant's media, which take only their own lock, so
 * no two participants' locks are ever held together. {@link #tick} runs on the bridge's timer.
 */
final class RoomMedia {

    /** Levels are averaged over this window (about LiveKit's). */
    static final Duration SPEAKER_WINDOW = Duration.ofMillis(500);
    /** Quieter than -50 dBov is not speech. */
    static final int SPEECH_THRESHOLD_DBOV = 50;

    /**
     * A track whose publisher connection is negotiated, with how subscribers get it.
     *
     * @param rids the simulcast layers' rids, lowest first (empty for a single stream)
     * @param info the track as published (its {@code layers} give each layer's size)
     */
    record Published(String sid, PublishedTrack track, LocalCodec codec, int payloadType, ParticipantMedia publisher,
            boolean audio, List<String> rids, TrackInfo info) {}

    private final Map<String, Published> tracks = new ConcurrentHashMap<>();
    private final Set<ParticipantMedia> members = ConcurrentHashMap.newKeySet();
    private final ActiveSpeakers speakers = new ActiveSpeakers(SPEAKER_WINDOW, SPEECH_THRESHOLD_DBOV);
    private Set<String> lastSpeakers = Set.of(); // only the timer thread
    private long lastReportsNanos = Long.MIN_VALUE / 2; // only the timer thread
    /** Receiver reports and REMB to publishers, sender reports to subscribers, twice a second. */
    static final Duration REPORT_INTERVAL = Duration.ofMillis(500);

    /** A participant arrived: it gets every track already published. */
    void join(ParticipantMedia member) {
        members.add(member);
        for (Published p : tracks.values()) {
            if (p.publisher() != member) {
                member.subscribe(p);
            }
        }
    }

    /** A track is ready to forward: every other participant gets it. */
    void publish(Published p) {
        if (tracks.putIfAbsent(p.sid(), p) != null) {
            return;
        }
        for (ParticipantMedia m : members) {
            if (m != p.publisher()) {
                m.subscribe(p);
            }
        }
    }

    /** A participant left: its tracks are withdrawn from the others. */
    void leave(ParticipantMedia member) {
        members.remove(member);
        for (Published p : List.copyOf(tracks.values())) {
            if (p.publisher() == member) {
                tracks.remove(p.sid());
                for (ParticipantMedia m : members) {
                    m.unsubscribe(p);
                }
            }
        }
        synchronized (speakers) {
            speakers.remove(member.sid());
        }
    }

    /** One audio packet's RFC 6464 level; on a publisher's receive thread. */
    void audioLevel(String participantSid, int dbov, boolean voice, long nowNanos) {
        synchronized (speakers) {
            speakers.level(participantSid, dbov, voice, nowNanos);
        }
    }

    /** Relays a stamped data packet to the others, or to the named identities among them. */
    void relayData(ParticipantMedia from, String label, List<String> toIdentities, byte[] packet) {
        for (ParticipantMedia m : members) {
            if (m != from && (toIdentities.isEmpty() || toIdentities.contains(m.identity()))) {
                m.sendData(label, packet);
            }
        }
    }

    /**
     * The periodic work: key frames that subscribers wait for are asked of their publishers, and
     * everyone hears when the speakers changed.
     */
    void tick(long nowNanos) {
        for (ParticipantMedia m : members) {
            m.adjustLayers(nowNanos);
        }
        if (nowNanos - lastReportsNanos >= REPORT_INTERVAL.toNanos()) {
            lastReportsNanos = nowNanos;
            for (ParticipantMedia m : members) {
                m.sendPublisherReports(nowNanos);
                m.sendSubscriberReports();
            }
        }
        for (Published p : tracks.values()) {
            if (!p.audio()) {
                long ssrc = p.track().keyFrameRequest(nowNanos);
                if (ssrc > 0) {
                    p.publisher().sendPictureLossIndication(ssrc);
                }
            }
        }
        List<ActiveSpeakers.Speaker> now;
        synchronized (speakers) {
            now = speakers.update(nowNanos);
        }
        if (now == null) {
            return;
        }
        SpeakersChanged.Builder changed = SpeakersChanged.newBuilder();
        Set<String> speaking = new java.util.HashSet<>();
        for (ActiveSpeakers.Speaker s : now) {
            speaking.add(s.participant());
            changed.addSpeakers(SpeakerInfo.newBuilder().setSid(s.participant()).setLevel((float) s.level())
                    .setActive(true));
        }
        for (String quiet : lastSpeakers) {
            if (!speaking.contains(quiet)) {
                changed.addSpeakers(SpeakerInfo.newBuilder().setSid(quiet).setLevel(0).setActive(false));
            }
        }
        lastSpeakers = speaking;
        SignalResponse message = SignalResponse.newBuilder().setSpeakersChanged(changed).build();
        for (ParticipantMedia m : members) {
            m.send(message);
        }
    }
}

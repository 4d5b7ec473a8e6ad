package dev.salle.device.meeting;

import dev.salle.device.media.CallMedia;
import dev.salle.device.media.CallMedia.RemoteStream;
import dev.salle.device.media.CallMedia.Tile;
import dev.salle.rtc.ice.UdpMux;
import dev.salle.rtc.peer.PeerConnection;
import dev.salle.rtc.peer.RemoteSdpException;
import dev.salle.rtc.rtcp.PictureLossIndication;
import dev.salle.rtc.sdp.SdpParseException;
import dev.salle.rtc.sdp.SessionDescription;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import livekit.LivekitModels.VideoQuality;
import livekit.LivekitRtc.UpdateTrackSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The device's subscriber connection: answers the server's offers, and for each offered track
 * opens a decoder into a tile slot (video) or a mix input (audio), frees them when the track goes,
 * asks for key frames until a video decodes (at once when its first packet arrives, and on the tick), lays the tiles out (the speaker large), and asks the
 * server for the layer each tile needs.
 *
 * <p>Threading: {@link #rtp} runs on the port's receive thread; everything else on the session's
 * thread.
 */
final class SubscriberSide {

    private static final Logger log = LoggerFactory.getLogger(SubscriberSide.class);
    /**
     * PLIs for a video that has not decoded yet: one as its first RTP packet arrives (on the receive
     * thread, not at the next tick), and on the first tick after its decoder opened, then one per
     * this many ticks (for a server that forwards nothing before a key frame), at most
     * {@link #MAX_PLIS} in all.
     */
    static final int PLI_EVERY_TICKS = 5;
    static final int MAX_PLIS = 30;

    private final PeerConnection connection;
    private final UdpMux port;
    private final CallMedia media;
    private final long ourSsrc;
    private final Map<Long, Opened> bySsrc = new ConcurrentHashMap<>();
    private final Map<String, Opened> byTrack = new LinkedHashMap<>();
    private final Map<String, String> tileRequests = new HashMap<>();
    private final SpeakerHold speakerHold;
    private List<Tile> shown = List.of();
    private long ticks;

    /** A track with its decoder and slot. */
    private record Opened(RemoteTrack track, RemoteStream stream, int slot, long openedTick, AtomicInteger plis,
            AtomicBoolean packetSeen, ReceiveLoss loss) {}

    SubscriberSide(PeerConnection connection, UdpMux port, CallMedia media, long ourSsrc, Clock clock) {
        this.speakerHold = new SpeakerHold(clock);
        this.connection = connection;
        this.port = port;
        this.media = media;
        this.ourSsrc = ourSsrc;
    }

    /**
     * Answers an offer (the first or a renegotiation) and follows its tracks.
     *
     * @throws RemoteSdpException when the offer is unusable; nothing changes then
     */
    String answer(String offerSdp) throws RemoteSdpException {
        String answer = connection.answer(offerSdp);
        List<RemoteTrack> tracks;
        try {
            tracks = RemoteTrack.of(SessionDescription.parse(offerSdp));
        } catch (SdpParseException e) {
            throw new IllegalStateException("an offer the connection accepted does not parse twice", e);
        }
        follow(tracks);
        return answer;
    }

    private void follow(List<RemoteTrack> tracks) {
        Map<String, RemoteTrack> now = new LinkedHashMap<>();
        tracks.forEach(t -> now.put(t.trackSid(), t));
        for (var it = byTrack.entrySet().iterator(); it.hasNext(); ) {
            var e = it.next();
            RemoteTrack current = now.get(e.getKey());
            if (current == null || current.ssrc() != e.getValue().track().ssrc()) {
                close(e.getValue());
                it.remove();
            }
        }
        for (RemoteTrack t : now.values()) {
            if (byTrack.containsKey(t.trackSid())) {
                continue;
            }
            int slot = freeSlot(t.isVideo());
            if (slot < 0) {
                log.info("no free {} slot for track {} of {}; it is not shown", t.kind(), t.trackSid(), t.participantSid());
                continue;
            }
            RemoteStream stream = t.isVideo() ? media.openRemoteVideo(t.encodingName(), t.payloadType(), slot)
                    : media.openRemoteAudio(t.payloadType(), slot);
            Opened opened = new Opened(t, stream, slot, ticks, new AtomicInteger(), new AtomicBoolean(), new ReceiveLoss());
            byTrack.put(t.trackSid(), opened);
            bySsrc.put(t.ssrc(), opened);
            log.debug("decoding {} track {} of {} ({} pt {}) in slot {}", t.kind(), t.trackSid(), t.participantSid(),
                    t.encodingName(), t.payloadType(), slot);
        }
    }

    private int freeSlot(boolean video) {
        int slots = video ? media.videoSlots() : media.audioSlots();
        boolean[] used = new boolean[slots];
        byTrack.values().stream().filter(o -> o.track().isVideo() == video).forEach(o -> used[o.slot()] = true);
        for (int i = 0; i < slots; i++) {
            if (!used[i]) {
                return i;
            }
        }
        return -1;
    }

    /** One RTP packet from the server, on the receive thread. Unknown SSRCs are dropped. */
    void rtp(byte[] packet) {
        if (packet.length < 12) {
            return;
        }
        long ssrc = ((packet[8] & 0xFFL) << 24) | ((packet[9] & 0xFFL) << 16) | ((packet[10] & 0xFFL) << 8)
                | (packet[11] & 0xFFL);
        Opened o = bySsrc.get(ssrc);
        if (o != null) {
            if (o.track().isVideo() && o.packetSeen().compareAndSet(false, true)) {
                requestKeyFrame(o); // the decoder needs one to start: ask now, not at the next tick
            }
            o.loss().packet(packet);
            o.stream().push(packet, 0, packet.length);
        }
    }

    /** What did not arrive of the remote streams open now, in percent since each opened; empty before any packet. */
    java.util.OptionalDouble receiveLossPercent() {
        List<ReceiveLoss> open = bySsrc.values().stream().map(Opened::loss).toList();
        if (open.stream().allMatch(l -> l.expected() == 0)) {
            return java.util.OptionalDouble.empty();
        }
        return java.util.OptionalDouble.of(ReceiveLoss.percent(open));
    }

    /** Every 100 ms: key frame requests for videos that have not decoded yet. */
    void tick() {
        ticks++;
        for (Opened o : byTrack.values()) {
            boolean due = (ticks - o.openedTick()) % PLI_EVERY_TICKS == 1;
            if (due && o.track().isVideo() && o.stream().decoded() == 0) {
                requestKeyFrame(o);
            }
        }
    }

    /** A PLI for this video unless it has had {@link #MAX_PLIS}; the receive thread or the session's. */
    private void requestKeyFrame(Opened o) {
        if (o.plis().getAndUpdate(n -> Math.min(n + 1, MAX_PLIS)) < MAX_PLIS) {
            byte[] pli = new byte[PictureLossIndication.LENGTH];
            new PictureLossIndication(ourSsrc, o.track().ssrc()).writeTo(pli, 0);
            connection.sendRtcp(pli);
        }
    }

    /** Key frame requests (PLIs) made so far for the videos open now. */
    int keyFramesAsked() {
        return byTrack.values().stream().mapToInt(o -> o.plis().get()).sum();
    }

    /**
     * When the first remote video frame was decoded ({@link System#nanoTime}, stamped where it was
     * decoded), the earliest over the videos open now; empty before any.
     */
    java.util.OptionalLong firstFrameNanos() {
        return byTrack.values().stream().filter(o -> o.track().isVideo())
                .map(o -> o.stream().firstDecodedNanos()).filter(java.util.OptionalLong::isPresent)
                .mapToLong(java.util.OptionalLong::getAsLong).min();
    }

    /** Video frames decoded so far over every remote video. */
    long framesDecoded() {
        return byTrack.values().stream().filter(o -> o.track().isVideo()).mapToLong(o -> o.stream().decoded()).sum();
    }

    /** Audio samples decoded so far over every remote audio. */
    long samplesDecoded() {
        return byTrack.values().stream().filter(o -> !o.track().isVideo()).mapToLong(o -> o.stream().decoded()).sum();
    }

    /**
     * Lays the tiles out: one per participant with a video, in join order, the one who spoke last
     * large (but the large tile moves at most once per {@link SpeakerHold#HOLD}). Returns the layer requests that changed (track SID → settings) for the server.
     */
    List<UpdateTrackSettings> layout(Roster roster) {
        List<Opened> videos = byTrack.values().stream().filter(o -> o.track().isVideo()).toList();
        List<String> sids = videos.stream().map(o -> o.track().participantSid()).toList();
        String speaker = speakerHold.choose(roster.loudest(sids).orElse(sids.isEmpty() ? "" : sids.get(0)), sids);
        List<Tile> tiles = new ArrayList<>();
        List<UpdateTrackSettings> requests = new ArrayList<>();
        for (Opened o : videos) {
            boolean large = o.track().participantSid().equals(speaker);
            tiles.add(new Tile(o.slot(), roster.name(o.track().participantSid()), large));
            String want = large ? "large" : "small";
            if (!want.equals(tileRequests.put(o.track().trackSid(), want))) {
                requests.add(UpdateTrackSettings.newBuilder().addTrackSids(o.track().trackSid())
                        .setWidth(large ? 1280 : 320).setHeight(large ? 720 : 180)
                        .setQuality(large ? VideoQuality.HIGH : VideoQuality.LOW).build());
            }
        }
        tiles.sort((a, b) -> Boolean.compare(b.speaker(), a.speaker()));
        if (!Objects.equals(tiles, shown)) {
            shown = List.copyOf(tiles);
            media.showTiles(shown);
        }
        tileRequests.keySet().retainAll(byTrack.keySet());
        return requests;
    }

    void close() {
        connection.close();
        port.close();
        byTrack.values().forEach(this::close);
        byTrack.clear();
        if (!shown.isEmpty()) {
            shown = List.of();
            media.showTiles(shown);
        }
    }

    private void close(Opened o) {
        bySsrc.remove(o.track().ssrc(), o);
        o.stream().close();
    }

    PeerConnection connection() {
        return connection;
    }
}

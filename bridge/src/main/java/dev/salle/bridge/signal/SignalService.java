package dev.salle.bridge.signal;

import dev.salle.rtc.signal.JoinResponseParts;
import dev.salle.rtc.signal.ParticipantIds;
import dev.salle.rtc.token.PublishSource;
import dev.salle.rtc.token.VerifiedToken;
import dev.salle.bridge.config.TurnOffer;
import dev.salle.bridge.media.MediaTransport;
import dev.salle.rtc.turn.TurnRestCredentials;
import dev.salle.rtc.turn.TurnServerUrl;
import dev.salle.rtc.peer.RemoteSdpException;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import livekit.LivekitModels.DisconnectReason;
import livekit.LivekitModels.TrackInfo;
import livekit.LivekitModels.TrackSource;
import livekit.LivekitRtc.AddTrackRequest;
import livekit.LivekitRtc.ICEServer;
import livekit.LivekitRtc.LeaveRequest;
import livekit.LivekitRtc.MuteTrackRequest;
import livekit.LivekitRtc.Pong;
import livekit.LivekitRtc.RequestResponse;
import livekit.LivekitRtc.SignalRequest;
import livekit.LivekitRtc.SignalResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the signalling does, independent of the socket: joins, the requests of a joined
 * participant, the ping sweep and the shutdown. Thread-safe; state lives in {@link SignalRooms}.
 */
final class SignalService {

    private static final Logger LOG = LoggerFactory.getLogger(SignalService.class);

    /** Close codes (RFC 6455 §7.4.1). */
    static final int NORMAL = 1000;
    static final int GOING_AWAY = 1001;
    static final int POLICY_VIOLATION = 1008;
    static final int TRY_AGAIN_LATER = 1013;
    /** RFC 6455 §7.4.1: data inconsistent with the message type (here: unusable SDP). */
    static final int BAD_PAYLOAD = 1007;

    private final Clock clock;
    private final ParticipantIds ids;
    private final JoinResponseParts parts;
    private final SignalRooms rooms;
    private final SignalSettings settings;
    private final SignalMetrics metrics;
    private final AtomicBoolean shuttingDown = new AtomicBoolean();
    private final MediaTransport media;
    private final SignalResumes resumes;
    private final Optional<TurnOffer> turn;

    /**
     * @param media the media port, or null for signalling alone (peer connections are then never
     *     made, and offers are refused)
     */
    SignalService(Clock clock, ParticipantIds ids, SignalSettings settings, SignalMetrics metrics, MediaTransport media) {
        this(clock, ids, settings, metrics, media, Optional.empty());
    }

    /** @param turn TURN servers to hand every participant in its JoinResponse, or none */
    SignalService(Clock clock, ParticipantIds ids, SignalSettings settings, SignalMetrics metrics, MediaTransport media,
            Optional<TurnOffer> turn) {
        this.turn = turn;
        this.clock = clock;
        this.ids = ids;
        this.settings = settings;
        this.metrics = metrics;
        this.media = media;
        if (media != null) {
            metrics.mediaPort(media);
        }
        this.parts = new JoinResponseParts(clock, settings.serverVersion(), "", "");
        this.rooms = new SignalRooms(clock, ids, parts, settings.maxParticipantsPerRoom());
        this.resumes = new SignalResumes(clock, settings.resumeWindow(), rooms, parts, metrics, shuttingDown::get,
                this::depart, this::iceServers);
    }

    /**
     * The JoinResponse's {@code ice_servers} for participant {@code sid}: every TURN URL in one
     * entry with time-limited credentials of its own (username {@code expiry:sid}), or none.
     */
    List<ICEServer> iceServers(String sid) {
        if (turn.isEmpty()) {
            return List.of();
        }
        TurnRestCredentials credentials = turn.get().credentialsFor(sid, clock.instant());
        return List.of(ICEServer.newBuilder()
                .addAllUrls(turn.get().urls().stream().map(TurnServerUrl::toString).toList())
                .setUsername(credentials.username())
                .setCredential(credentials.password())
                .build());
    }

    SignalRooms rooms() {
        return rooms;
    }

    SignalMetrics metrics() {
        return metrics;
    }

    boolean shuttingDown() {
        return shuttingDown.get();
    }

    /**
     * Admits the bearer of {@code token} to its grant's room over {@code link} and sends the
     * {@code JoinResponse}.
     *
     * @throws RoomFullException when the room is full (nothing was changed)
     */
    SignalRooms.Joined join(VerifiedToken token, ParticipantLink link, InetAddress reachedAt) throws RoomFullException {
        SignalParticipant p = new SignalParticipant(parts.joiningParticipant(ids.newParticipantSid(), token),
                token.grant(), link, clock.instant());
        SignalRooms.Joined joined = rooms.join(token.grant().room(), p, (room, self, others) -> SignalResponse.newBuilder()
                .setJoin(parts.join(room, self, others, iceServers(self.getSid()), settings.pingInterval(),
                        settings.pingTimeout()))
                .build());
        if (media != null) {
            SignalRoom room = joined.room();
            ParticipantMedia pm = new ParticipantMedia(p, room.media(), media, reachedAt, metrics,
                    new ParticipantMedia.Events() {
                        @Override
                        public void active() {
                            toRoom("activate-" + p.sid(), () -> room.activate(p));
                        }

                        @Override
                        public void trackNegotiated(TrackInfo track) {
                            toRoom("track-" + p.sid(), () -> room.updateTrack(p, track));
                        }
                    });
            p.media(pm);
            joined.room().media().join(pm);
        }
        return joined;
    }

    /**
     * Runs a media event's room update on a thread of its own. Media events come on a peer's
     * handshake thread or under the participant's media lock, and a thread inside a room update
     * can end up closing that same media (a send that fails there ends in depart), which waits for
     * both: taking the room's lock from a media event deadlocks the two until a timeout. The stack
     * dumps of two stalled bridge stops showed one each.
     */
    private static void toRoom(String name, Runnable update) {
        Thread.ofVirtual().name(name).start(update);
    }

    /** Handles one request of a joined participant; returns false when the participant left with it. */
    boolean handle(SignalRooms.Joined at, SignalRequest request) {
        SignalParticipant p = at.participant();
        metrics.received(request.getMessageCase());
        switch (request.getMessageCase()) {
            case PING -> {
                p.heard(clock.instant());
                p.link().send(SignalResponse.newBuilder().setPong(clock.millis()).build());
            }
            case PING_REQ -> {
                p.heard(clock.instant());
                p.link().send(SignalResponse.newBuilder().setPongResp(Pong.newBuilder()
                        .setLastPingTimestamp(request.getPingReq().getTimestamp()).setTimestamp(clock.millis())).build());
            }
            case ADD_TRACK -> addTrack(at, request.getAddTrack());
            case MUTE -> mute(at, request.getMute());
            case LEAVE -> {
                depart(at, Departure.CLIENT_LEAVE);
                p.link().close(NORMAL, "left");
                return false;
            }
            case OFFER -> {
                return offer(at, request);
            }
            case ANSWER -> {
                return answer(at, request);
            }
            case TRACK_SETTING -> {
                ParticipantMedia pm = p.media();
                if (pm != null) {
                    pm.trackSettings(request.getTrackSetting());
                }
            }
            // ICE-lite: the client's address comes from its checks, so its candidates are not needed
            case TRICKLE -> LOG.trace("{} sent a candidate; ICE-lite learns addresses from checks", p);
            default -> LOG.debug("{} sent {}, which this bridge does not act on", p, request.getMessageCase());
        }
        return true;
    }

    private boolean offer(SignalRooms.Joined at, SignalRequest request) {
        ParticipantMedia pm = at.participant().media();
        if (pm == null) {
            return refuseSdp(at, "this bridge runs without media; it cannot answer offers");
        }
        try {
            pm.publisherOffer(request.getOffer());
            return true;
        } catch (RemoteSdpException e) {
            return refuseSdp(at, "bad offer (" + e.reason() + "): " + e.getMessage());
        }
    }

    private boolean answer(SignalRooms.Joined at, SignalRequest request) {
        ParticipantMedia pm = at.participant().media();
        if (pm == null) {
            return refuseSdp(at, "this bridge runs without media; it made no offer");
        }
        try {
            pm.subscriberAnswer(request.getAnswer());
            return true;
        } catch (RemoteSdpException e) {
            return refuseSdp(at, "bad answer (" + e.reason() + "): " + e.getMessage());
        }
    }

    /** SDP the bridge cannot use leaves the session unusable: the participant is closed with the reason. */
    private boolean refuseSdp(SignalRooms.Joined at, String reason) {
        metrics.rejectedFrame("bad_sdp");
        LOG.info("closing {}: {}", at.participant(), reason);
        depart(at, Departure.BAD_FRAME);
        at.participant().link().close(BAD_PAYLOAD, clip(reason));
        return false;
    }

    /** The media timer: key frame requests and speaker changes of every room. */
    void mediaTick() {
        long now = System.nanoTime();
        for (SignalRoom room : rooms.rooms()) {
            room.media().tick(now);
        }
    }

    java.util.Optional<java.net.InetSocketAddress> mediaAddress() {
        return media == null ? java.util.Optional.empty() : java.util.Optional.of(media.localAddress());
    }

    /** Releases the media port, after {@link #shutdown()}. */
    void closeMedia() {
        if (media != null) {
            media.close();
        }
    }

    @SuppressWarnings("deprecation") // TrackInfo.layers/simulcast: what livekit-client 2.x reads for simulcast tracks
    private void addTrack(SignalRooms.Joined at, AddTrackRequest req) {
        SignalParticipant p = at.participant();
        String refusal = publishRefusal(p, req);
        if (refusal != null) {
            refuseTrack(p, req, RequestResponse.Reason.NOT_ALLOWED, refusal);
            return;
        }
        TrackInfo track = TrackInfo.newBuilder().setSid(ids.newTrackSid()).setType(req.getType())
                .setName(req.getName()).setSource(req.getSource()).setMuted(req.getMuted())
                .setWidth(req.getWidth()).setHeight(req.getHeight()).addAllLayers(req.getLayersList())
                .setSimulcast(req.getLayersCount() > 1).build();
        if (at.room().publish(p, req.getCid(), track, settings.maxTracksPerParticipant()) == null) {
            refuseTrack(p, req, RequestResponse.Reason.LIMIT_EXCEEDED, "limit of " + settings.maxTracksPerParticipant()
                    + " tracks per participant reached; unpublish one first");
        } else if (p.media() != null) {
            p.media().trackAnnounced(req.getCid());
        }
    }

    /** Answers a refused add_track with a request_response naming the reason; nothing is published. */
    private static void refuseTrack(SignalParticipant p, AddTrackRequest req, RequestResponse.Reason reason,
            String message) {
        LOG.info("{} may not publish track cid '{}': {}", p, clip(req.getCid()), message);
        p.link().send(SignalResponse.newBuilder().setRequestResponse(RequestResponse.newBuilder()
                .setReason(reason).setMessage(message).setAddTrack(req)).build());
    }

    /** Why {@code p} may not publish this track, or null when it may. */
    private String publishRefusal(SignalParticipant p, AddTrackRequest req) {
        if (req.getCid().isEmpty()) {
            return "the add_track request has no cid; give the client's track id";
        }
        if (!p.grant().canPublish()) {
            return "the token does not grant canPublish; mint one with video.canPublish=true";
        }
        if (!p.grant().canPublishSources().isEmpty()) {
            PublishSource source = toPublishSource(req.getSource());
            if (source == null || !p.grant().mayPublish(source)) {
                return "source " + req.getSource() + " is not in the token's canPublishSources "
                        + p.grant().canPublishSources() + "; mint a token that lists it";
            }
        }
        return null;
    }

    private static PublishSource toPublishSource(TrackSource source) {
        for (PublishSource s : PublishSource.values()) {
            if (s.trackSourceNumber() == source.getNumber()) {
                return s;
            }
        }
        return null;
    }

    private void mute(SignalRooms.Joined at, MuteTrackRequest req) {
        if (!at.room().mute(at.participant(), req.getSid(), req.getMuted())) {
            LOG.info("{} asked to mute track '{}', which it does not publish; ignored", at.participant(),
                    clip(req.getSid()));
            at.participant().link().send(SignalResponse.newBuilder().setRequestResponse(RequestResponse.newBuilder()
                    .setReason(RequestResponse.Reason.NOT_FOUND)
                    .setMessage("track '" + clip(req.getSid()) + "' is not published by you; use a sid from"
                            + " track_published").setMute(req)).build());
        }
    }

    /** See {@link SignalResumes#lost}. */
    void lost(SignalRooms.Joined at, ParticipantLink link, Departure why) {
        resumes.lost(at, link, why);
    }

    /** See {@link SignalResumes#resume}. */
    SignalRooms.Joined resume(VerifiedToken token, Optional<String> sid, ParticipantLink link)
            throws SignalResumes.ResumeRefusedException {
        return resumes.resume(token, sid, link);
    }

    /** Removes the participant from its room (once) and counts why. */
    void depart(SignalRooms.Joined at, Departure why) {
        resumes.forget(at.participant());
        ParticipantMedia pm = at.participant().media();
        if (pm != null) {
            // also for a participant replaced by a namesake, whom the room already removed
            pm.close();
            at.room().media().leave(pm);
        }
        if (at.room().leave(at.participant())) {
            metrics.disconnected(why);
            rooms.closeIfEmpty(at.room());
            LOG.info("{} left room '{}': {}", at.participant(), at.room().name(), why);
        }
    }

    /** Drops every participant not heard from for longer than the ping timeout. */
    void sweepSilent() {
        Instant now = clock.instant();
        Instant deadline = now.minus(settings.pingTimeout());
        for (SignalRoom room : rooms.rooms()) {
            for (SignalParticipant p : room.participants()) {
                ParticipantLink socket = p.link().current();
                if (socket != null && p.lastHeard().isBefore(deadline)) {
                    // a silent socket is what a network outage looks like: the client may resume.
                    // Detached before it is closed, so its close event finds it gone and the reason
                    // stays; and this socket only: a resume may have attached another since it was read
                    lost(new SignalRooms.Joined(room, p), socket, Departure.PING_TIMEOUT);
                    socket.close(GOING_AWAY, "ping timeout: no ping for " + seconds(settings.pingTimeout()));
                }
            }
        }
        resumes.sweep(now);
    }

    /** Refuses new joins, tells every participant to leave (SERVER_SHUTDOWN) and closes their sockets. */
    void shutdown() {
        if (!shuttingDown.compareAndSet(false, true)) {
            return;
        }
        // every participant's connections close at once: one may wait up to ~2.5 s for its
        // handshake thread, and a sequential close of a full bridge would outlast the stop budget
        List<Thread> closing = new java.util.ArrayList<>();
        for (SignalRoom room : rooms.rooms()) {
            for (SignalParticipant p : room.participants()) {
                if (p.claimShutdownLeave()) {
                    p.link().send(SignalRoom.leave(DisconnectReason.SERVER_SHUTDOWN, LeaveRequest.Action.DISCONNECT));
                }
                closing.add(Thread.ofVirtual().name("bridge-shutdown-" + p.sid()).start(() -> {
                    depart(new SignalRooms.Joined(room, p), Departure.SHUTDOWN);
                    p.link().close(GOING_AWAY, "bridge shutting down");
                }));
            }
        }
        long deadline = System.nanoTime() + SHUTDOWN_WAIT.toNanos();
        for (Thread t : closing) {
            try {
                t.join(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** How long the shutdown waits for participants' connections to close. */
    static final Duration SHUTDOWN_WAIT = Duration.ofSeconds(4);

    static String seconds(Duration d) {
        return d.toSeconds() + " s";
    }

    static String clip(String s) {
        return s.length() <= 64 ? s : s.substring(0, 64) + "…";
    }

    /** Why a participant left, for the disconnect counter. */
    enum Departure {
        CLIENT_LEAVE, PING_TIMEOUT, BAD_FRAME, SOCKET_CLOSED, SHUTDOWN
    }
}

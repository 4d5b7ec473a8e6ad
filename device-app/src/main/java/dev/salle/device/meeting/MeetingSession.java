package dev.salle.device.meeting;

import dev.salle.device.call.RoomConnection;
import dev.salle.rtc.client.LiveKitAccess;
import dev.salle.rtc.client.SignalClosed;
import dev.salle.rtc.client.SignalConnectException;
import dev.salle.rtc.client.SignalConnection;
import dev.salle.rtc.ice.UdpMux;
import dev.salle.rtc.peer.PeerConfig;
import dev.salle.rtc.peer.PeerConnection;
import dev.salle.rtc.peer.PeerFailure;
import dev.salle.rtc.peer.RemoteSdpException;
import dev.salle.rtc.sdp.LocalCodec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import livekit.LivekitModels.ParticipantInfo;
import livekit.LivekitRtc.LeaveRequest;
import livekit.LivekitRtc.SignalResponse;
import livekit.LivekitRtc.SignalTarget;
import dev.salle.rtc.sdp.Candidate;
import dev.salle.rtc.turn.TurnServer;
import dev.salle.rtc.turn.TurnTimeouts;
import livekit.LivekitRtc.UpdateTrackSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One attempt at being in a LiveKit meeting, from the button press to leaving:
 *
 * <pre>
 * resolve (room API, lobby) → signal (JoinResponse) → publisher offer, subscriber answers → in call
 *   signal closed / media path silent → Reconnecting… → resume (reconnect=1&sid=…, ICE restarts)
 *   peer failed / Leave(RECONNECT) / resume refused or late → Reconnecting… → signal again (backoff, budget)
 *   Leave(DISCONNECT) or budget spent → left, with the reason; leave() → Leave sent → left
 * </pre>
 *
 * When only the signalling is lost (its WebSocket closed, failed or went silent), or a connected
 * peer connection's media path went silent while the signalling lives (no answer to its consent
 * checks and no media for {@link #MEDIA_SILENCE}: a NAT or firewall dropped the UDP flow), the
 * session first resumes, as LiveKit clients do after either (for a dead media path it first drops
 * its live WebSocket without a Leave): {@code reconnect=1&sid=…} on a new WebSocket, then an ICE restart
 * offer on the publisher connection and an answer to the server's ICE restart offer on the
 * subscriber connection; both peer connections, their DTLS and SRTP, the published tracks and the
 * participant sid stay ({@code resumed} in telemetry). When the server refuses the resume, or it
 * does not complete within {@link SessionResume#RESUME_WITHIN} of the loss (the ICE restart within
 * {@link SessionResume#ICE_RESTART_WITHIN}), and after any other loss (a peer connection failed, the server
 * asked to reconnect), the session rejoins in full with the same token (two new peer connections). The join time (from {@link #start} to the first remote
 * video frame decoded) goes to telemetry as {@code join-time}; a failed join as {@code join-failed}.
 *
 * <p>Threading: all state lives on the session's own single thread; signalling and peer callbacks
 * hop onto it. Media packets go straight from the port's thread to the decoders.
 */
final class MeetingSession implements RoomConnection.Session {

    private static final Logger log = LoggerFactory.getLogger(MeetingSession.class);
    private static final AtomicInteger NEXT = new AtomicInteger();
    static final long TICK_MILLIS = 100;
    static final Duration CAPTION_HOLD = Duration.ofSeconds(8);
    /**
     * A connected peer connection whose peer stays silent this long (consent checks unanswered, no
     * media) has lost its media path: the session resumes. Far below RFC 7675's 30 s consent expiry,
     * about when a browser reports ICE {@code disconnected}: a silent call is what the room sees
     * meanwhile, and a false alarm costs only a resume (same sid, media kept). With a consent check
     * every 2.5 s and no media (a subscriber alone in the room), one lost answer leaves a 5 s gap,
     * which this rides out; two in a row do not.
     */
    static final Duration MEDIA_SILENCE = Duration.ofSeconds(6);

    private final MeetingResources res;
    private final MeetingAddress address;
    private final String displayName;
    private final RoomConnection.Listener listener;
    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();
    private final ScheduledExecutorService thread;
    private final long startNanos = System.nanoTime();
    private final long videoSsrc;
    private final long audioSsrc;

    private LiveKitAccess access;
    private volatile SignalConnection signal;
    private int generation;
    private Roster roster;
    private volatile PublisherSide publisher;
    /** Whether this session's connections were given TURN servers to gather relays from. */
    private boolean relaysGathered;
    private volatile SubscriberSide subscriber;
    private boolean joinedOnce;
    private boolean ended;
    private boolean leaving;
    private boolean reconnecting;
    private boolean tokenRefreshed;
    private livekit.LivekitRtc.JoinResponse sessionJoin;
    private final SessionResume resume;
    private int publisherOfferId;
    private volatile int resumes;
    private int reconnectAttempt;
    private Instant lostAt;
    /** What the resume under way recovers from, for its telemetry. */
    private String lossReason = "";
    private boolean firstFrameReported;
    private volatile long joinMillis = -1;
    private volatile int reconnects;
    private final TrackMutes mutes = new TrackMutes();
    private ScheduledFuture<?> ticker;
    private ScheduledFuture<?> captionClear;

    MeetingSession(MeetingResources res, MeetingAddress address, String displayName, RoomConnection.Listener listener) {
        this.res = res;
        this.address = address;
        this.displayName = displayName;
        this.listener = listener;
        this.videoSsrc = 1 + (res.random().nextLong() & 0x7FFF_FFFEL);
        this.audioSsrc = videoSsrc ^ 0x5A5A_5A5AL;
        this.resume = new SessionResume(new Resumable(), res.clock(), res.reconnect(), res.random());
        this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "meeting-" + NEXT.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    void start() {
        run(this::resolve);
    }

    // ---- joining ------------------------------------------------------------------------------

    private void resolve() {
        switch (address) {
            case MeetingAddress.Direct d -> connect(new LiveKitAccess(d.server(), "", d.token()));
            case MeetingAddress.Visio v -> res.visio().join(v.url(), displayName, (room, since) -> run(() -> {
                if (!ended && !joinedOnce) {
                    listener.waiting("Waiting for the host to let " + (room.isBlank() ? displayName : room) + " in");
                }
            })).whenComplete((a, e) -> run(() -> {
                if (ended) {
                    return;
                }
                if (e != null) {
                    joinFailed(cause(e));
                } else {
                    connect(a);
                }
            }));
            case MeetingAddress.Local l -> fail("local", "The media self-test is not a meeting.");
        }
    }

    private void connect(LiveKitAccess granted) {
        access = granted;
        int gen = ++generation;
        res.signal().connect(granted.url(), granted.token(), new SessionEvents.Signals(this, gen)).whenComplete((conn, e) -> run(() -> {
            if (gen != generation || ended) {
                if (conn != null) {
                    conn.close();
                }
                return;
            }
            if (e != null) {
                joinFailed(cause(e));
            } else {
                joined(conn);
            }
        }));
    }

    private void joined(SignalConnection conn) {
        signal = conn;
        var join = conn.joinResponse();
        sessionJoin = join;
        roster = new Roster(join.getParticipant().getSid(), join.getOtherParticipantsList());
        try {
            startPeers(join.getParticipant().getSid());
        } catch (RuntimeException e) {
            log.warn("could not set up the media connections", e);
            lost("media set-up failed: " + e.getMessage(), JoinFailure.mediaSetUp());
            return;
        }
        if (ticker == null) {
            ticker = thread.scheduleAtFixedRate(() -> guard(this::tick), TICK_MILLIS, TICK_MILLIS, TimeUnit.MILLISECONDS);
        }
        log.info("signalling joined as {} ({} others); connecting media", join.getParticipant().getIdentity(), roster.size());
        layout();
    }

    /** The publisher connection is up (ICE, DTLS, SRTP): now the room is in the call, or back in it. */
    private void mediaUp() {
        reconnectAttempt = 0;
        tokenRefreshed = false;
        if (!joinedOnce) {
            joinedOnce = true;
            log.info("in the meeting (publisher media path: {})", pathOf(publisher));
            listener.joined();
        } else if (reconnecting) {
            reconnecting = false;
            long after = Duration.between(lostAt, res.clock().instant()).toMillis();
            log.info("back in the meeting after {} ms", after);
            res.events().accept("reconnected", Map.of("afterMillis", after));
            listener.reconnected();
        }
    }

    /** How a connection's media goes: {@code relayed through TURN}, or directly over udp or tcp. */
    private static String pathOf(PublisherSide side) {
        if (side == null) {
            return "none";
        }
        PeerConnection pc = side.connection();
        return pc.selectedIsRelayed() ? "relayed through TURN" : "direct " + pc.selectedTransport().orElse("(none yet)");
    }

    private void startPeers(String localSid) {
        int gen = generation;
        PeerConfig base = PeerConfig.of(List.of(LocalCodec.opus(), LocalCodec.h264ConstrainedBaseline(), LocalCodec.vp8()))
                .withSctpPort(5000).asClient().withConsentTimeout(MEDIA_SILENCE);
        UdpMux pubPort = openPort();
        PeerConnection pub = new PeerConnection(pubPort, res.dtls(), base, res.peerThreads(), res.random(),
                new SessionEvents.Peer(this, gen, true));
        publisher = new PublisherSide(pub, pubPort, res.media(), videoSsrc, audioSsrc, System::nanoTime);
        publisher.setMicrophoneMuted(mutes.microphoneMuted());
        UdpMux subPort = openPort();
        PeerConnection sub = new PeerConnection(subPort, res.dtls(), base, res.peerThreads(), res.random(),
                new SessionEvents.Peer(this, gen, false));
        subscriber = new SubscriberSide(sub, subPort, res.media(), videoSsrc ^ 0x0F0F_0F0FL, res.clock());
        var iceServers = sessionJoin.getIceServersList();
        if (!iceServers.isEmpty()) {
            // host names may need DNS: resolved off the session's thread
            Thread.ofVirtual().name("turn-servers").start(() -> {
                List<TurnServer> turn = IceServers.usable(iceServers, res.turnTrust().get());
                if (!turn.isEmpty()) {
                    run(() -> gatherRelays(gen, pub, sub, turn));
                }
            });
        }
        PublisherSide.addTrackRequests(res.media().mainLayer(), res.media().lowLayer()).forEach(signal::addTrack);
        publisherOfferId = 1;
        signal.offer(publisher.offer(localSid), publisherOfferId);
        PublisherSide p = publisher;
        res.media().startSending(p::sendVideo, p::sendLowVideo, p::sendAudio);
    }

    /**
     * On a resume: when a connection had relays and lost them all (a TURN allocation ends when its
     * refresh is refused, as when the join's credentials ran out in a long call), it gathers again
     * with the servers and fresh credentials of the ReconnectResponse, so the ICE restart can find
     * the relayed path again instead of the session rejoining in full.
     */
    private void regatherLostRelays(List<livekit.LivekitRtc.ICEServer> fresh) {
        PeerConnection pub = publisher.connection();
        PeerConnection sub = subscriber.connection();
        boolean pubLost = relaysGathered && pub.liveRelays() == 0;
        boolean subLost = relaysGathered && sub.liveRelays() == 0;
        if (fresh.isEmpty() || (!pubLost && !subLost)) {
            return;
        }
        int gen = generation;
        Thread.ofVirtual().name("turn-servers").start(() -> {
            List<TurnServer> turn = IceServers.usable(fresh, res.turnTrust().get());
            if (turn.isEmpty()) {
                return;
            }
            run(() -> {
                if (gen != generation || ended || publisher == null || publisher.connection() != pub) {
                    return;
                }
                log.info("the relays were lost; gathering again from {} TURN server(s) with the resume's credentials: {}",
                        turn.size(), turn);
                if (pubLost) {
                    pub.gatherRelays(turn, false, thread, TurnTimeouts.DEFAULT, c -> trickleLocal(gen, c, SignalTarget.PUBLISHER));
                }
                if (subLost) {
                    sub.gatherRelays(turn, false, thread, TurnTimeouts.DEFAULT, c -> trickleLocal(gen, c, SignalTarget.SUBSCRIBER));
                }
            });
        });
    }

    /** Relayed candidates for this generation's two connections, unless they are gone already. */
    private void gatherRelays(int gen, PeerConnection pub, PeerConnection sub, List<TurnServer> turn) {
        if (gen != generation || ended || publisher == null || publisher.connection() != pub
                || subscriber == null || subscriber.connection() != sub) {
            return;
        }
        log.info("gathering relayed candidates from {} TURN server(s): {}", turn.size(), turn);
        relaysGathered = true;
        pub.gatherRelays(turn, false, thread, TurnTimeouts.DEFAULT, c -> trickleLocal(gen, c, SignalTarget.PUBLISHER));
        sub.gatherRelays(turn, false, thread, TurnTimeouts.DEFAULT, c -> trickleLocal(gen, c, SignalTarget.SUBSCRIBER));
    }

    /** Trickles one of our candidates (a relayed one) to the server, as LiveKit clients do. */
    private void trickleLocal(int gen, Candidate candidate, SignalTarget target) {
        run(() -> {
            if (gen != generation || ended || signal == null) {
                return;
            }
            var init = JSON.createObjectNode().put("candidate", candidate.toTrickleString()).put("sdpMid", "0")
                    .put("sdpMLineIndex", 0);
            signal.trickle(init.toString(), target);
        });
    }

    /** A UDP port of its own for one peer connection, on every interface, within {@code call.media-ports}. */
    private UdpMux openPort() {
        try {
            return MediaPorts.open(res.mediaPorts().get(), res.clock(), res.random());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open a UDP port for media: " + e.getMessage(), e);
        }
    }

    private void joinFailed(Throwable e) {
        if (joinedOnce) {
            if (e instanceof SignalConnectException s && s.reason() == SignalConnectException.Reason.UNAUTHORIZED
                    && address instanceof MeetingAddress.Visio && !tokenRefreshed) {
                tokenRefreshed = true; // the token may have expired while we were away: ask the room API again
                resolveAgain();
                return;
            }
            log.info("rejoin attempt failed: {}", e.getMessage());
            scheduleReconnect();
            return;
        }
        JoinFailure failure = JoinFailure.of(e);
        String kind = failure.kind();
        String message = failure.message();
        log.info("join failed ({}): {}", kind, e.getMessage());
        fail(kind, message);
    }

    private void resolveAgain() {
        if (address instanceof MeetingAddress.Visio v) {
            res.visio().join(v.url(), displayName, (room, since) -> { }).whenComplete((a, e) -> run(() -> {
                if (ended) {
                    return;
                }
                if (e != null) {
                    scheduleReconnect();
                } else {
                    connect(a);
                }
            }));
        }
    }

    // ---- in the call --------------------------------------------------------------------------

    void handle(int gen, SignalResponse m) {
        if (gen != generation || ended) {
            return;
        }
        switch (m.getMessageCase()) {
            case ANSWER -> {
                try {
                    publisher.connection().applyAnswer(m.getAnswer().getSdp());
                    resume.answered();
                } catch (RemoteSdpException e) {
                    lost("the server's answer is unusable: " + e.getMessage(), JoinFailure.unusableAnswer());
                }
            }
            case OFFER -> {
                try {
                    signal.answer(subscriber.answer(m.getOffer().getSdp()), m.getOffer().getId());
                    layout();
                } catch (RemoteSdpException e) {
                    log.warn("the server's offer is unusable ({}): {}", e.reason(), e.getMessage());
                }
            }
            case TRICKLE -> TrickledCandidate.parse(m.getTrickle().getCandidateInit()).ifPresent(c ->
                    (m.getTrickle().getTarget() == SignalTarget.SUBSCRIBER ? subscriber.connection()
                            : publisher.connection()).addRemoteCandidate(c));
            case UPDATE -> {
                boolean changed = false;
                for (ParticipantInfo p : m.getUpdate().getParticipantsList()) {
                    changed |= roster.update(p);
                }
                if (changed) {
                    layout();
                }
            }
            case SPEAKERS_CHANGED -> {
                roster.speakers(m.getSpeakersChanged().getSpeakersList());
                layout();
            }
            case TRACK_PUBLISHED -> mutes.published(m.getTrackPublished().getCid(),
                    m.getTrackPublished().getTrack().getSid(), signal);
            case LEAVE -> serverLeave(m.getLeave());
            default -> { }
        }
    }

    private void serverLeave(LeaveRequest leave) {
        // ride a reconnect out within the budget, as for a lost network; the screen says "Reconnecting…"
        SessionReport.endOf(leave).ifPresentOrElse(this::end,
                () -> lost("the server asked to reconnect (" + leave.getReason() + ")", JoinFailure.droppedWhileJoining()));
    }

    private void layout() {
        if (subscriber == null || roster == null) {
            return;
        }
        List<UpdateTrackSettings> requests = subscriber.layout(roster);
        if (signal != null) {
            requests.forEach(signal::updateTrackSettings);
        }
    }

    private void tick() {
        if (ended || subscriber == null) {
            return;
        }
        resume.progress(signal != null);
        subscriber.tick();
        layout();
        if (!firstFrameReported && subscriber.framesDecoded() > 0) {
            firstFrameReported = true;
            // stamped where the frame was decoded; the tick only reports it
            long millis = TimeUnit.NANOSECONDS.toMillis(subscriber.firstFrameNanos().orElse(System.nanoTime()) - startNanos);
            joinMillis = millis;
            log.info("join time (button to first remote frame): {} ms", millis);
            res.events().accept("join-time", Map.of("millis", millis, "meeting", meetingKind()));
        }
    }

    private void caption(String text) {
        res.media().showCaption(text);
        if (captionClear != null) {
            captionClear.cancel(false);
        }
        captionClear = thread.schedule(() -> guard(() -> res.media().showCaption("")), CAPTION_HOLD.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    // ---- resuming -----------------------------------------------------------------------------

    /**
     * The signalling connection ended while the media may still flow: resume the session on a new
     * one (keeping both peer connections), or rejoin in full when there is nothing to resume.
     */
    private void signalLost(String why) {
        if (ended || leaving) {
            return;
        }
        if (!joinedOnce || reconnecting || sessionJoin == null || publisher == null || subscriber == null) {
            lost(why, JoinFailure.droppedWhileJoining());
            return;
        }
        signal = null; // already closed: it reported the loss
        log.info("signalling lost: {}; resuming the session", why);
        resumeAfter(why);
    }

    /**
     * A connected peer connection's peer went silent ({@link #MEDIA_SILENCE}) while the signalling
     * lives: drop the signalling without a Leave (the server keeps us for a resume) and resume, so
     * both connections restart ICE. Ignored while already reconnecting: that restarts ICE anyway.
     */
    private void mediaPathLost(String why) {
        if (ended || leaving || !joinedOnce || reconnecting || signal == null || sessionJoin == null
                || publisher == null || subscriber == null) {
            return;
        }
        SignalConnection s = signal;
        signal = null;
        s.drop();
        log.info("media path lost: {}; resuming the session", why);
        resumeAfter("media path lost: " + why);
    }

    private void resumeAfter(String why) {
        lossReason = why;
        reconnecting = true;
        reconnects++;
        lostAt = res.clock().instant();
        listener.reconnecting("Reconnecting…");
        res.events().accept("reconnecting", Map.of("reason", why, "mode", "resume"));
        resume.begin(lostAt);
    }

    /** What {@link SessionResume} needs of this session; all on the session's thread. */
    private final class Resumable implements SessionResume.Session {
        @Override
        public boolean ended() {
            return ended;
        }

        @Override
        public int generation() {
            return generation;
        }

        @Override
        public java.util.concurrent.CompletableFuture<SignalConnection> resumeSignal(int gen) {
            return res.signal().resume(access.url(), access.token(), sessionJoin.getParticipant().getSid(), sessionJoin,
                    new SessionEvents.Signals(MeetingSession.this, gen));
        }

        /** The ReconnectResponse came: restart ICE on the publisher; the server restarts the subscriber's. */
        @Override
        public void signalResumed(SignalConnection conn) {
            signal = conn;
            log.info("signalling resumed as {}; restarting ICE", sessionJoin.getParticipant().getSid());
            signal.offer(publisher.offer(sessionJoin.getParticipant().getSid(), true), ++publisherOfferId);
            regatherLostRelays(conn.reconnectResponse().map(r -> r.getIceServersList()).orElse(List.of()));
        }

        @Override
        public IceRestartProgress.PeerView publisher() {
            return IceRestartProgress.PeerView.of(publisher.connection());
        }

        @Override
        public IceRestartProgress.PeerView subscriber() {
            return IceRestartProgress.PeerView.of(subscriber.connection());
        }

        @Override
        public void resumed() {
            reconnecting = false;
            reconnectAttempt = 0;
            resumes++;
            long after = Duration.between(lostAt, res.clock().instant()).toMillis();
            log.info("session resumed after {} ms (participant {})", after, sessionJoin.getParticipant().getSid());
            mutes.sendAll(signal); // a mute or camera change made while away reached no server
            res.events().accept("resumed", Map.of("afterMillis", after, "sid", sessionJoin.getParticipant().getSid(),
                    "reason", lossReason));
            listener.reconnected();
        }

        /** The resume did not work: rejoin in full, within what is left of the reconnect budget. */
        @Override
        public void resumeFailed(String why) {
            log.info("resume failed ({}); joining again", why);
            res.events().accept("resume-failed", Map.of("reason", why));
            generation++;
            tearDown();
            scheduleReconnect();
        }

        @Override
        public void execute(Runnable task) {
            run(task);
        }

        @Override
        public void schedule(Runnable task, Duration delay) {
            thread.schedule(() -> guard(task), delay.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    // ---- losing and ending --------------------------------------------------------------------

    /**
     * A connection of the call was lost: before the call was ever up, the join fails with
     * {@code beforeJoined} on screen and {@code why} in the log and the event; after, the session
     * reconnects.
     */
    private void lost(String why, JoinFailure beforeJoined) {
        if (ended || leaving) {
            return;
        }
        if (!joinedOnce) {
            log.info("join failed ({}): {}", beforeJoined.kind(), why);
            fail(beforeJoined.kind(), beforeJoined.message(), why);
            return;
        }
        resume.abandon(); // a failure during a resume: no point restarting ICE on these connections
        generation++; // late events of the lost connections are ignored from now on
        tearDown();
        if (!reconnecting) {
            log.info("meeting connection lost: {}; reconnecting", why);
            reconnecting = true;
            reconnects++;
            lostAt = res.clock().instant();
            listener.reconnecting("Reconnecting…");
            res.events().accept("reconnecting", Map.of("reason", why));
        } else {
            log.info("rejoin attempt lost: {}", why);
        }
        scheduleReconnect();
    }

    private void scheduleReconnect() {
        Optional<Duration> delay = res.reconnect().nextDelay(reconnectAttempt++, lostAt, res.clock().instant(), res.random());
        if (delay.isEmpty()) {
            end("The connection to the meeting was lost and could not be restored.");
            return;
        }
        thread.schedule(() -> guard(() -> {
            if (!ended && reconnecting) {
                connect(access);
            }
        }), delay.get().toMillis(), TimeUnit.MILLISECONDS);
    }

    private void tearDown() {
        SignalConnection s = signal;
        signal = null;
        if (s != null) {
            s.close();
        }
        if (publisher != null) {
            publisher.close();
            publisher = null;
        }
        if (subscriber != null) {
            subscriber.close();
            subscriber = null;
        }
    }

    private void end(String reason) {
        if (ended) {
            return;
        }
        ended = true;
        tearDown();
        stopMedia();
        listener.left(reason);
        thread.shutdown();
    }

    private void fail(String kind, String message) {
        fail(kind, message, null);
    }

    /**
     * Ends a join that did not come up: {@code message} is for the screen, {@code detail} (or null)
     * is what happened technically, for the fleet's event as well as the log.
     */
    private void fail(String kind, String message, String detail) {
        if (ended) {
            return;
        }
        ended = true;
        tearDown();
        stopMedia();
        Map<String, Object> event = new java.util.LinkedHashMap<>(Map.of("kind", kind, "message", message,
                "meeting", meetingKind()));
        if (detail != null) {
            event.put("detail", detail);
        }
        res.events().accept("join-failed", event);
        listener.failed(message);
        thread.shutdown();
    }

    private void stopMedia() {
        if (ticker != null) {
            ticker.cancel(false);
        }
        if (captionClear != null) {
            captionClear.cancel(false);
        }
        res.media().stopSending();
        res.media().showCaption(""); // the tiles went with the subscriber connection in tearDown
    }

    @Override
    public void leave() {
        run(() -> {
            if (ended) {
                return;
            }
            leaving = true;
            if (signal != null) {
                signal.leave();
            }
            end("left");
        });
    }

    @Override
    public void setMicrophoneMuted(boolean mute) {
        run(() -> {
            if (publisher != null) {
                publisher.setMicrophoneMuted(mute);
            }
            mutes.setMicrophoneMuted(mute, signal);
        });
    }

    /**
     * Marks the camera track muted or unmuted in the meeting, so the others see the camera is off.
     * The packets themselves are held back by the media ({@code DeviceMedia.setCameraOff}), which
     * the call state sets before the session is even opened.
     */
    @Override
    public void setCameraOff(boolean off) {
        run(() -> mutes.setCameraOff(off, signal));
    }

    /** What the session shows for the device page and tests; see {@link SessionReport#stats}. */
    Map<String, Object> stats() {
        return SessionReport.stats(joinMillis, reconnects, resumes,
                sessionJoin == null ? "" : sessionJoin.getParticipant().getSid(), signal, publisher, subscriber);
    }

    /** The call's quality and media path now, as telemetry carries them; see {@link SessionReport#qualityMap}. */
    Map<String, Object> qualityMap() {
        return SessionReport.qualityMap(signal, publisher, subscriber);
    }


    private String meetingKind() {
        return address instanceof MeetingAddress.Visio ? "room-api" : "livekit";
    }

    // ---- events from the connections (SessionEvents), on the session's thread -----------------

    void signalClosed(int gen, SignalClosed closed) {
        if (gen == generation && closed.reason() != SignalClosed.Reason.CLIENT_CLOSED) {
            signalLost("signalling closed: " + closed.message());
        }
    }

    void publisherConnected(int gen) {
        if (gen == generation && publisher != null && !ended) {
            publisher.openDataChannels();
            res.media().requestKeyFrame();
            mediaUp();
        }
    }

    void peerFailed(int gen, boolean publishing, PeerFailure failure) {
        if (gen == generation) {
            lost((publishing ? "publisher" : "subscriber") + " connection: " + failure.message(), JoinFailure.of(failure));
        }
    }

    void consentLost(int gen, boolean publishing, PeerFailure failure) {
        if (gen == generation) {
            mediaPathLost((publishing ? "publisher" : "subscriber") + " connection: " + failure.message());
        }
    }

    void dataMessage(int gen, byte[] data) {
        if (gen == generation && roster != null) {
            CaptionText.of(data, identity -> roster.sidOfIdentity(identity).map(roster::name).orElse(identity))
                    .ifPresent(this::caption);
        }
    }

    PublisherSide publisher() {
        return publisher;
    }

    SubscriberSide subscriber() {
        return subscriber;
    }

    // ---- plumbing -----------------------------------------------------------------------------

    void run(Runnable task) {
        try {
            thread.execute(() -> guard(task));
        } catch (java.util.concurrent.RejectedExecutionException e) {
            log.debug("meeting session already ended; a late event was dropped");
        }
    }

    private void guard(Runnable task) {
        try {
            task.run();
        } catch (RuntimeException e) {
            log.warn("meeting session task failed", e);
            if (!ended) {
                if (joinedOnce) {
                    lost("internal error: " + e.getMessage(), JoinFailure.droppedWhileJoining());
                } else {
                    fail("error", "Joining failed because of an error in this device. Ask IT to collect its logs.",
                            "internal error: " + e.getMessage());
                }
            }
        }
    }

    private static Throwable cause(Throwable e) {
        return e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
    }
}

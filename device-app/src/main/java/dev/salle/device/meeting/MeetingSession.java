package dev.salle.device.meeting;

import dev.salle.device.call.RoomConnection;
import dev.salle.rtc.client.LiveKitAccess;
import dev.salle.rtc.client.SignalClosed;
import dev.salle.rtc.client.SignalConnectException;
import dev.salle.rtc.client.SignalConnection;
import dev.salle.rtc.client.SignalListener;
import dev.salle.rtc.ice.UdpMux;
import dev.salle.rtc.peer.PeerConfig;
import dev.salle.rtc.peer.PeerConnection;
import dev.salle.rtc.peer.PeerFailure;
import dev.salle.rtc.peer.RemoteSdpException;
import dev.salle.rtc.sctp.DataChannel;
import dev.salle.rtc.sdp.Candidate;
import dev.salle.rtc.sdp.LocalCodec;
import dev.salle.rtc.srtp.SrtpProfile;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
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
import livekit.LivekitRtc.UpdateTrackSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One attempt at being in a LiveKit meeting, from the button press to leaving:
 *
 * <pre>
 * resolve (room API, lobby) → signal (JoinResponse) → publisher offer, subscriber answers → in call
 *   signal closed / peer failed / Leave(RECONNECT) → Reconnecting… → signal again (backoff, budget)
 *   Leave(DISCONNECT) or budget spent → left, with the reason; leave() → Leave sent → left
 * </pre>
 *
 * When only the signalling is lost (its WebSocket closed, failed or went silent) the session first
 * resumes, as LiveKit clients do: {@code reconnect=1&sid=…} on a new WebSocket, then an ICE restart
 * offer on the publisher connection and an answer to the server's ICE restart offer on the
 * subscriber connection; both peer connections, their DTLS and SRTP, the published tracks and the
 * participant sid stay ({@code resumed} in telemetry). When the server refuses the resume, or it
 * does not complete within {@link #RESUME_WITHIN} of the loss (the ICE restart within
 * {@link #ICE_RESTART_WITHIN}), and after any other loss (a peer connection failed, the server
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
    /** Resume attempts stop this long after the loss (the bridge keeps a session 30 s); then a full rejoin. */
    static final Duration RESUME_WITHIN = Duration.ofSeconds(20);
    /** After the ReconnectResponse, the ICE restarts must be done within this, or the session rejoins in full. */
    static final Duration ICE_RESTART_WITHIN = Duration.ofSeconds(10);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final MeetingResources res;
    private final MeetingAddress address;
    private final String displayName;
    private final RoomConnection.Listener listener;
    private final ScheduledExecutorService thread;
    private final long startNanos = System.nanoTime();
    private final long videoSsrc;
    private final long audioSsrc;

    private LiveKitAccess access;
    private volatile SignalConnection signal;
    private int generation;
    private Roster roster;
    private volatile PublisherSide publisher;
    private volatile SubscriberSide subscriber;
    private boolean joinedOnce;
    private boolean ended;
    private boolean leaving;
    private boolean reconnecting;
    private boolean tokenRefreshed;
    private livekit.LivekitRtc.JoinResponse sessionJoin;
    private boolean resuming;
    private int resumeAttempt;
    /** The resume's ICE restarts, once its ReconnectResponse came; null otherwise. */
    private IceRestartProgress restarts;
    private int publisherOfferId;
    private volatile int resumes;
    private int reconnectAttempt;
    private Instant lostAt;
    private boolean firstFrameReported;
    private volatile long joinMillis = -1;
    private volatile int reconnects;
    private boolean muted;
    private String microphoneSid = "";
    private boolean cameraOff;
    private String cameraSid = "";
    private ScheduledFuture<?> ticker;
    private ScheduledFuture<?> captionClear;

    MeetingSession(MeetingResources res, MeetingAddress address, String displayName, RoomConnection.Listener listener) {
        this.res = res;
        this.address = address;
        this.displayName = displayName;
        this.listener = listener;
        this.videoSsrc = 1 + (res.random().nextLong() & 0x7FFF_FFFEL);
        this.audioSsrc = videoSsrc ^ 0x5A5A_5A5AL;
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
        res.signal().connect(granted.url(), granted.token(), new Signals(gen)).whenComplete((conn, e) -> run(() -> {
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
            lost("media set-up failed: " + e.getMessage());
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
            log.info("in the meeting");
            listener.joined();
        } else if (reconnecting) {
            reconnecting = false;
            long after = Duration.between(lostAt, res.clock().instant()).toMillis();
            log.info("back in the meeting after {} ms", after);
            res.events().accept("reconnected", Map.of("afterMillis", after));
            listener.reconnected();
        }
    }

    private void startPeers(String localSid) {
        int gen = generation;
        PeerConfig base = PeerConfig.of(List.of(LocalCodec.opus(), LocalCodec.h264ConstrainedBaseline(), LocalCodec.vp8()))
                .withSctpPort(5000).asClient();
        UdpMux pubPort = openPort();
        PeerConnection pub = new PeerConnection(pubPort, res.dtls(), base, res.peerThreads(), res.random(),
                new PeerEvents(gen, true));
        publisher = new PublisherSide(pub, pubPort, res.media(), videoSsrc, audioSsrc, System::nanoTime);
        publisher.setMicrophoneMuted(muted);
        UdpMux subPort = openPort();
        PeerConnection sub = new PeerConnection(subPort, res.dtls(), base, res.peerThreads(), res.random(),
                new PeerEvents(gen, false));
        subscriber = new SubscriberSide(sub, subPort, res.media(), videoSsrc ^ 0x0F0F_0F0FL, res.clock());
        PublisherSide.addTrackRequests(res.media().mainLayer(), res.media().lowLayer()).forEach(signal::addTrack);
        publisherOfferId = 1;
        signal.offer(publisher.offer(localSid), publisherOfferId);
        PublisherSide p = publisher;
        res.media().startSending(p::sendVideo, p::sendLowVideo, p::sendAudio);
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

    private void handle(int gen, SignalResponse m) {
        if (gen != generation || ended) {
            return;
        }
        switch (m.getMessageCase()) {
            case ANSWER -> {
                try {
                    publisher.connection().applyAnswer(m.getAnswer().getSdp());
                    if (resuming && restarts != null) {
                        restarts.answered();
                    }
                } catch (RemoteSdpException e) {
                    lost("the server's answer is unusable: " + e.getMessage());
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
            case TRICKLE -> candidate(m.getTrickle().getCandidateInit()).ifPresent(c ->
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
            case TRACK_PUBLISHED -> {
                if (PublisherSide.MICROPHONE_CID.equals(m.getTrackPublished().getCid())) {
                    microphoneSid = m.getTrackPublished().getTrack().getSid();
                    if (muted) {
                        signal.mute(microphoneSid, true);
                    }
                } else if (PublisherSide.CAMERA_CID.equals(m.getTrackPublished().getCid())) {
                    cameraSid = m.getTrackPublished().getTrack().getSid();
                    if (cameraOff) {
                        signal.mute(cameraSid, true);
                    }
                }
            }
            case LEAVE -> serverLeave(m.getLeave());
            default -> { }
        }
    }

    private void serverLeave(LeaveRequest leave) {
        // a server that shuts down may be restarting (an update, a crash): ride it out within the
        // reconnect budget, as for a lost network; the screen says "Reconnecting…" meanwhile
        boolean again = leave.getAction() == LeaveRequest.Action.RECONNECT || leave.getAction() == LeaveRequest.Action.RESUME
                || leave.getCanReconnect() || leave.getReason() == livekit.LivekitModels.DisconnectReason.SERVER_SHUTDOWN;
        if (again) {
            lost("the server asked to reconnect (" + leave.getReason() + ")");
            return;
        }
        String why = switch (leave.getReason()) {
            case ROOM_DELETED, ROOM_CLOSED -> "The meeting has ended.";
            case PARTICIPANT_REMOVED -> "The host removed this room from the meeting.";
            case DUPLICATE_IDENTITY -> "This room joined the meeting from somewhere else.";
            default -> "The meeting server ended the call (" + leave.getReason() + ").";
        };
        end(why);
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
        if (resuming) {
            resumeProgress();
        }
        subscriber.tick();
        layout();
        if (!firstFrameReported && subscriber.framesDecoded() > 0) {
            firstFrameReported = true;
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
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
            lost(why);
            return;
        }
        signal = null; // already closed: it reported the loss
        log.info("signalling lost: {}; resuming the session", why);
        reconnecting = true;
        resuming = true;
        resumeAttempt = 0;
        reconnects++;
        lostAt = res.clock().instant();
        listener.reconnecting("Reconnecting…");
        res.events().accept("reconnecting", Map.of("reason", why, "mode", "resume"));
        tryResume();
    }

    private void tryResume() {
        if (ended || !resuming) {
            return;
        }
        if (!res.clock().instant().isBefore(lostAt.plus(RESUME_WITHIN))) {
            resumeFailed("no resume within " + RESUME_WITHIN.toSeconds() + " s");
            return;
        }
        int gen = generation;
        String sid = sessionJoin.getParticipant().getSid();
        res.signal().resume(access.url(), access.token(), sid, sessionJoin, new Signals(gen))
                .whenComplete((conn, e) -> run(() -> {
                    if (gen != generation || !resuming || ended) {
                        if (conn != null) {
                            conn.close();
                        }
                        return;
                    }
                    if (e == null) {
                        resumeSignalled(conn);
                        return;
                    }
                    Throwable c = cause(e);
                    if (c instanceof SignalConnectException s && s.reason() != SignalConnectException.Reason.UNREACHABLE
                            && s.reason() != SignalConnectException.Reason.JOIN_TIMEOUT) {
                        resumeFailed(s.getMessage()); // refused, unauthorised, or not understood: join again
                        return;
                    }
                    log.info("resume attempt failed: {}", c.getMessage());
                    Optional<Duration> delay = res.reconnect().nextDelay(resumeAttempt++, lostAt, res.clock().instant(),
                            res.random());
                    if (delay.isEmpty()) {
                        resumeFailed("the server stayed unreachable");
                        return;
                    }
                    thread.schedule(() -> guard(this::tryResume), delay.get().toMillis(), TimeUnit.MILLISECONDS);
                }));
    }

    /** The ReconnectResponse came: restart ICE on the publisher; the server restarts the subscriber's. */
    private void resumeSignalled(SignalConnection conn) {
        signal = conn;
        restarts = new IceRestartProgress(res.clock().instant(), ICE_RESTART_WITHIN,
                IceRestartProgress.PeerView.of(subscriber.connection()));
        log.info("signalling resumed as {}; restarting ICE", sessionJoin.getParticipant().getSid());
        signal.offer(publisher.offer(sessionJoin.getParticipant().getSid(), true), ++publisherOfferId);
    }

    /** On the tick: the resume is done once both ICE restarts are checked (or it took too long). */
    private void resumeProgress() {
        if (signal == null || restarts == null) {
            return;
        }
        switch (restarts.check(res.clock().instant(), IceRestartProgress.PeerView.of(publisher.connection()),
                IceRestartProgress.PeerView.of(subscriber.connection()))) {
            case DONE -> {
                resuming = false;
                reconnecting = false;
                restarts = null;
                reconnectAttempt = 0;
                resumes++;
                long after = Duration.between(lostAt, res.clock().instant()).toMillis();
                log.info("session resumed after {} ms (participant {})", after, sessionJoin.getParticipant().getSid());
                // a mute or camera change made while away reached no server: say where they stand now
                if (!microphoneSid.isEmpty()) {
                    signal.mute(microphoneSid, muted);
                }
                if (!cameraSid.isEmpty()) {
                    signal.mute(cameraSid, cameraOff);
                }
                res.events().accept("resumed", Map.of("afterMillis", after, "sid", sessionJoin.getParticipant().getSid()));
                listener.reconnected();
            }
            case TIMED_OUT -> resumeFailed("the ICE restart did not complete within " + ICE_RESTART_WITHIN.toSeconds()
                    + " s");
            case WAITING -> { }
        }
    }

    /** The resume did not work: rejoin in full, within what is left of the reconnect budget. */
    private void resumeFailed(String why) {
        resuming = false;
        restarts = null;
        log.info("resume failed ({}); joining again", why);
        res.events().accept("resume-failed", Map.of("reason", why));
        generation++;
        tearDown();
        scheduleReconnect();
    }

    // ---- losing and ending --------------------------------------------------------------------

    private void lost(String why) {
        if (ended || leaving) {
            return;
        }
        if (!joinedOnce) {
            fail("transport", "The meeting connection failed: " + why);
            return;
        }
        if (resuming) {
            resuming = false; // a failure during the resume: no point restarting ICE on these connections
            restarts = null;
        }
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
        if (ended) {
            return;
        }
        ended = true;
        tearDown();
        stopMedia();
        res.events().accept("join-failed", Map.of("kind", kind, "message", message, "meeting", meetingKind()));
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
            muted = mute;
            if (publisher != null) {
                publisher.setMicrophoneMuted(mute);
            }
            if (signal != null && !microphoneSid.isEmpty()) {
                signal.mute(microphoneSid, mute);
            }
        });
    }

    /**
     * Marks the camera track muted or unmuted in the meeting, so the others see the camera is off.
     * The packets themselves are held back by the media ({@code DeviceMedia.setCameraOff}), which
     * the call state sets before the session is even opened.
     */
    @Override
    public void setCameraOff(boolean off) {
        run(() -> {
            cameraOff = off;
            if (signal != null && !cameraSid.isEmpty()) {
                signal.mute(cameraSid, off);
            }
        });
    }

    /** What the session shows for the device page and tests; {@code joinMillis} is -1 until the first remote frame. */
    Map<String, Object> stats() {
        Map<String, Object> s = new LinkedHashMap<>();
        SubscriberSide sub = subscriber;
        PublisherSide pub = publisher;
        s.put("joinMillis", joinMillis);
        s.put("reconnects", reconnects);
        s.put("resumes", resumes);
        s.put("participantSid", sessionJoin == null ? "" : sessionJoin.getParticipant().getSid());
        s.put("remoteFramesDecoded", sub == null ? 0 : sub.framesDecoded());
        s.put("remoteSamplesDecoded", sub == null ? 0 : sub.samplesDecoded());
        s.put("keyFramesRequested", pub == null ? 0 : pub.keyFramesRequested());
        s.put("packetsResent", pub == null ? 0 : pub.packetsResent());
        s.put("videoBitrateKbps", pub == null ? 0 : pub.bitrateKbps());
        s.put("quality", quality().toMap());
        return s;
    }

    /** The call's quality now: the signalling round trip, the server's reports on what we send, what we receive. */
    CallQuality quality() {
        SignalConnection sig = signal;
        PublisherSide pub = publisher;
        SubscriberSide sub = subscriber;
        return new CallQuality(sig == null || sig.pongs() == 0 ? java.util.OptionalLong.empty()
                        : java.util.OptionalLong.of(sig.rttMillis()),
                pub == null ? java.util.OptionalDouble.empty() : pub.sendLossPercent(),
                pub == null ? java.util.OptionalDouble.empty() : pub.sendJitterMs(),
                sub == null ? java.util.OptionalDouble.empty() : sub.receiveLossPercent());
    }

    private String meetingKind() {
        return address instanceof MeetingAddress.Visio ? "room-api" : "livekit";
    }

    // ---- plumbing -----------------------------------------------------------------------------

    private void run(Runnable task) {
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
                    lost("internal error: " + e.getMessage());
                } else {
                    fail("error", "Joining failed: " + e.getMessage());
                }
            }
        }
    }

    private static Throwable cause(Throwable e) {
        return e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
    }

    /** A trickled candidate: LiveKit sends the browser's RTCIceCandidateInit as JSON. Bad input gives nothing. */
    static Optional<Candidate> candidate(String candidateInit) {
        try {
            JsonNode n = JSON.readTree(candidateInit);
            String c = n == null ? "" : n.path("candidate").asText("");
            if (c.startsWith("candidate:")) {
                c = c.substring("candidate:".length());
            }
            return c.isEmpty() ? Optional.empty() : Optional.of(Candidate.parse(c));
        } catch (java.io.IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private final class Signals implements SignalListener {
        private final int gen;

        Signals(int gen) {
            this.gen = gen;
        }

        @Override
        public void onMessage(SignalResponse message) {
            run(() -> handle(gen, message));
        }

        @Override
        public void onClosed(SignalClosed closed) {
            run(() -> {
                if (gen == generation && closed.reason() != SignalClosed.Reason.CLIENT_CLOSED) {
                    signalLost("signalling closed: " + closed.message());
                }
            });
        }
    }

    /** One peer connection's events: both report failures and data; each side handles its own media. */
    private final class PeerEvents implements PeerConnection.Listener {
        private final int gen;
        private final boolean publishing;

        PeerEvents(int gen, boolean publishing) {
            this.gen = gen;
            this.publishing = publishing;
        }

        @Override
        public void connected(SrtpProfile profile) {
            if (publishing) {
                run(() -> {
                    if (gen == generation && publisher != null && !ended) {
                        publisher.openDataChannels();
                        res.media().requestKeyFrame();
                        mediaUp();
                    }
                });
            }
        }

        @Override
        public void rtp(byte[] packet) {
            SubscriberSide s = subscriber;
            if (!publishing && s != null) {
                s.rtp(packet);
            }
        }

        @Override
        public void rtcp(byte[] packet) {
            PublisherSide p = publisher;
            if (publishing && p != null) {
                p.rtcp(packet);
            }
        }

        @Override
        public void failed(PeerFailure failure) {
            run(() -> {
                if (gen == generation) {
                    lost((publishing ? "publisher" : "subscriber") + " connection: " + failure.message());
                }
            });
        }

        @Override
        public void dataMessage(DataChannel channel, byte[] data, boolean binary) {
            run(() -> {
                if (gen == generation && roster != null) {
                    CaptionText.of(data, identity -> roster.sidOfIdentity(identity).map(roster::name).orElse(identity))
                            .ifPresent(MeetingSession.this::caption);
                }
            });
        }
    }
}

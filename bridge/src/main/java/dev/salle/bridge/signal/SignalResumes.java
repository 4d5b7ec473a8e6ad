package dev.salle.bridge.signal;

import static dev.salle.bridge.signal.SignalService.clip;
import static dev.salle.bridge.signal.SignalService.seconds;

import dev.salle.bridge.signal.SignalService.Departure;
import dev.salle.rtc.signal.JoinResponseParts;
import dev.salle.rtc.token.VerifiedToken;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import java.util.function.BooleanSupplier;
import livekit.LivekitRtc.ReconnectResponse;
import livekit.LivekitRtc.SignalResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * LiveKit's session resume on the bridge: participants whose signalling connection ended stay
 * <em>away</em> in their room for the resume window, and a {@code reconnect=1&sid=…} connection
 * takes one of them back ({@code docs/protocol/livekit-media.md}, "Session resume"). Thread-safe:
 * the away map is concurrent, each participant's socket is switched under its
 * {@link ResumableLink}'s lock, and no room lock is held while taking another.
 */
final class SignalResumes {

    private static final Logger LOG = LoggerFactory.getLogger(SignalResumes.class);

    private final Clock clock;
    private final Duration window;
    private final SignalRooms rooms;
    private final JoinResponseParts parts;
    private final SignalMetrics metrics;
    private final BooleanSupplier shuttingDown;
    private final BiConsumer<SignalRooms.Joined, Departure> departure;
    /** Participants whose signalling connection ended, by sid: they may resume until the window ends. */
    private final Map<String, Away> away = new ConcurrentHashMap<>();

    /** A participant away from its room's signalling, since when and why its connection ended. */
    private record Away(SignalRooms.Joined at, Instant since, Departure why) {
    }

    /** A participant's TURN servers with fresh credentials, as in a JoinResponse; none without TURN. */
    private final java.util.function.Function<String, java.util.List<livekit.LivekitRtc.ICEServer>> iceServers;

    /**
     * @param window how long a participant stays away before it leaves; zero: it leaves at once and
     *     no resume is accepted
     * @param departure removes a participant from its room, counted by why (SignalService.depart)
     * @param iceServers a participant's {@code ice_servers} with fresh credentials, for its ReconnectResponse
     */

    SignalResumes(Clock clock, Duration window, SignalRooms rooms, JoinResponseParts parts, SignalMetrics metrics,
            BooleanSupplier shuttingDown, BiConsumer<SignalRooms.Joined, Departure> departure,
            java.util.function.Function<String, java.util.List<livekit.LivekitRtc.ICEServer>> iceServers) {
        this.iceServers = iceServers;
        this.clock = clock;
        this.window = window;
        this.rooms = rooms;
        this.parts = parts;
        this.metrics = metrics;
        this.shuttingDown = shuttingDown;
        this.departure = departure;
    }

    /**
     * The signalling connection {@code link} of a participant ended (closed, failed or silent):
     * with a resume window the participant stays in its room, its media going on and the others
     * seeing nothing, until its client resumes or the window ends; without one it leaves now.
     */
    void lost(SignalRooms.Joined at, ParticipantLink link, Departure why) {
        if (!at.participant().link().detach(link)) {
            return; // that socket was already replaced by a resumed one
        }
        if (window.isZero() || shuttingDown.getAsBoolean()) {
            departure.accept(at, why);
            return;
        }
        if (at.room().participant(at.participant().sid()).orElse(null) != at.participant()) {
            departure.accept(at, why); // it had left or was replaced meanwhile
            return;
        }
        away.put(at.participant().sid(), new Away(at, clock.instant(), why));
        metrics.signalLost();
        LOG.info("{} lost its signalling connection ({}); it stays in room '{}' for {} to resume", at.participant(),
                why, at.room().name(), seconds(window));
    }

    /** Why a resume is refused: the client must join again. */
    enum ResumeRefusal {
        /** No participant with that sid in the token's room (never was, left, or the window ended). */
        UNKNOWN_SID,
        /** The sid belongs to another identity than the token's. */
        OTHER_IDENTITY,
        /** The request named no sid. */
        NO_SID,
        /** This bridge keeps no sessions for resuming (a resume window of 0). */
        DISABLED
    }

    /** A refused resume, with the sentence for the client and the log. */
    static final class ResumeRefusedException extends Exception {
        private final ResumeRefusal reason;

        ResumeRefusedException(ResumeRefusal reason, String message) {
            super(message);
            this.reason = reason;
        }

        ResumeRefusal reason() {
            return reason;
        }
    }

    /**
     * Resumes the session of participant {@code sid} on {@code link} (LiveKit's {@code reconnect=1}):
     * the client gets a {@code ReconnectResponse}, what it missed, everyone's current state, and a
     * subscriber offer that restarts ICE; its publisher's ICE restart offer follows from the
     * client. Peer connections, DTLS and SRTP, tracks and subscriptions stay as they were.
     *
     * @throws ResumeRefusedException when there is no such participant for this token; nothing changed
     */
    SignalRooms.Joined resume(VerifiedToken token, Optional<String> sid, ParticipantLink link)
            throws ResumeRefusedException {
        if (window.isZero()) {
            throw refused(ResumeRefusal.DISABLED, "this bridge does not resume sessions (resume window 0);"
                    + " join again without reconnect=1");
        }
        if (sid.isEmpty() || sid.get().isBlank()) {
            throw refused(ResumeRefusal.NO_SID, "the resume names no participant (sid); join again without reconnect=1");
        }
        SignalRoom room = rooms.room(token.grant().room()).orElse(null);
        SignalParticipant p = room == null ? null : room.participant(sid.get()).orElse(null);
        if (p == null) {
            throw refused(ResumeRefusal.UNKNOWN_SID, "no participant '" + clip(sid.get()) + "' in room '"
                    + clip(token.grant().room()) + "' to resume (it left, or waited longer than "
                    + seconds(window) + "); join again without reconnect=1");
        }
        if (!p.identity().equals(token.identity())) {
            throw refused(ResumeRefusal.OTHER_IDENTITY, "participant '" + clip(sid.get())
                    + "' is another identity than the token's; join again without reconnect=1");
        }
        SignalRooms.Joined at = new SignalRooms.Joined(room, p);
        away.remove(p.sid());
        p.heard(clock.instant());
        // fresh TURN credentials, as LiveKit gives: those of the join may have run out in a long call
        int lost = p.link().attach(link, SignalResponse.newBuilder().setReconnect(ReconnectResponse.newBuilder()
                .setServerInfo(parts.serverInfo()).addAllIceServers(iceServers.apply(p.sid()))).build());
        if (lost > 0) {
            LOG.info("{} missed {} signalling messages while away (over the limit of {})", p, lost,
                    ResumableLink.MAX_WAITING);
        }
        room.catchUp(p);
        metrics.resumed();
        ParticipantMedia pm = p.media();
        if (pm != null) {
            pm.restartIce();
        }
        return at;
    }

    private ResumeRefusedException refused(ResumeRefusal reason, String message) {
        metrics.resumeRefused(reason);
        return new ResumeRefusedException(reason, message);
    }

    /** The participant left its room: it is no longer away. */
    void forget(SignalParticipant p) {
        away.remove(p.sid());
    }

    /** Participants away longer than the window, or no longer in their room, leave (with why their socket ended). */
    void sweep(Instant now) {
        Instant gone = now.minus(window);
        for (Away a : List.copyOf(away.values())) {
            if (!a.since().isAfter(gone) || a.at().room().participant(a.at().participant().sid()).isEmpty()) {
                if (away.remove(a.at().participant().sid(), a)) {
                    LOG.info("{} did not resume within {}", a.at().participant(), seconds(window));
                    departure.accept(a.at(), a.why());
                }
            }
        }
    }
}

package dev.salle.device.meeting;

import dev.salle.rtc.client.ReconnectPolicy;
import dev.salle.rtc.client.SignalConnectException;
import dev.salle.rtc.client.SignalConnection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Resuming a meeting session as LiveKit clients do, keeping both peer connections and the
 * participant sid: {@code reconnect=1&sid=…} on a new signalling connection (attempts spaced by the
 * reconnect policy, until {@link #RESUME_WITHIN} after the loss), then ICE restarts on both peer
 * connections (within {@link #ICE_RESTART_WITHIN} of the {@code ReconnectResponse}). When the
 * server refuses the resume or it does not complete in time, the session is told to rejoin in full.
 *
 * <p>Not thread-safe: the meeting session's thread only; {@link Session#execute} and
 * {@link Session#schedule} bring completions back onto it.
 */
final class SessionResume {

    /** Resume attempts stop this long after the loss (the bridge keeps a session 30 s); then a full rejoin. */
    static final Duration RESUME_WITHIN = Duration.ofSeconds(20);
    /** After the ReconnectResponse, the ICE restarts must be done within this, or the session rejoins in full. */
    static final Duration ICE_RESTART_WITHIN = Duration.ofSeconds(10);

    private static final Logger log = LoggerFactory.getLogger(SessionResume.class);

    /** What the resume needs of the meeting session it resumes. */
    interface Session {
        boolean ended();

        /** The session's generation now; a change means the connections were replaced. */
        int generation();

        /** Opens a signalling connection with {@code reconnect=1&sid=…}, its events tagged {@code gen}. */
        CompletableFuture<SignalConnection> resumeSignal(int gen);

        /** The server took the resume: use {@code conn} and send the publisher's ICE restart offer. */
        void signalResumed(SignalConnection conn);

        IceRestartProgress.PeerView publisher();

        IceRestartProgress.PeerView subscriber();

        /** Both ICE restarts are done: the session is back, with its sid. */
        void resumed();

        /** The resume did not work ({@code why}): rejoin in full. */
        void resumeFailed(String why);

        /** Runs on the session's thread. */
        void execute(Runnable task);

        /** Runs on the session's thread after {@code delay}. */
        void schedule(Runnable task, Duration delay);
    }

    private final Session session;
    private final Clock clock;
    private final ReconnectPolicy policy;
    private final RandomGenerator random;
    private boolean active;
    private Instant lostAt;
    private int attempt;
    /** The ICE restarts, once the ReconnectResponse came; null otherwise. */
    private IceRestartProgress restarts;

    SessionResume(Session session, Clock clock, ReconnectPolicy policy, RandomGenerator random) {
        this.session = session;
        this.clock = clock;
        this.policy = policy;
        this.random = random;
    }

    /** Starts resuming after a loss at {@code lost}. */
    void begin(Instant lost) {
        active = true;
        lostAt = lost;
        attempt = 0;
        restarts = null;
        tryResume();
    }

    boolean active() {
        return active;
    }

    /** Stops without telling the session (it is rejoining in full anyway). */
    void abandon() {
        active = false;
        restarts = null;
    }

    /** The server answered the publisher's ICE restart offer. */
    void answered() {
        if (active && restarts != null) {
            restarts.answered();
        }
    }

    /** On the session's tick: the resume is done once both ICE restarts are checked (or it took too long). */
    void progress(boolean signalUp) {
        if (!active || !signalUp || restarts == null) {
            return;
        }
        switch (restarts.check(clock.instant(), session.publisher(), session.subscriber())) {
            case DONE -> {
                abandon();
                session.resumed();
            }
            case TIMED_OUT -> fail("the ICE restart did not complete within " + ICE_RESTART_WITHIN.toSeconds() + " s");
            case WAITING -> { }
        }
    }

    private void tryResume() {
        if (session.ended() || !active) {
            return;
        }
        if (!clock.instant().isBefore(lostAt.plus(RESUME_WITHIN))) {
            fail("no resume within " + RESUME_WITHIN.toSeconds() + " s");
            return;
        }
        int gen = session.generation();
        session.resumeSignal(gen).whenComplete((conn, e) -> session.execute(() -> {
            if (gen != session.generation() || !active || session.ended()) {
                if (conn != null) {
                    conn.close();
                }
                return;
            }
            if (e == null) {
                restarts = new IceRestartProgress(clock.instant(), ICE_RESTART_WITHIN, session.subscriber());
                session.signalResumed(conn);
                return;
            }
            Throwable c = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
            if (c instanceof SignalConnectException s && s.reason() != SignalConnectException.Reason.UNREACHABLE
                    && s.reason() != SignalConnectException.Reason.JOIN_TIMEOUT) {
                fail(s.getMessage()); // refused, unauthorised, or not understood: join again
                return;
            }
            log.info("resume attempt failed: {}", c.getMessage());
            Optional<Duration> delay = policy.nextDelay(attempt++, lostAt, clock.instant(), random);
            if (delay.isEmpty()) {
                fail("the server stayed unreachable");
                return;
            }
            session.schedule(this::tryResume, delay.get());
        }));
    }

    private void fail(String why) {
        abandon();
        session.resumeFailed(why);
    }
}

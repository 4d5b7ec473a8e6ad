package dev.salle.device.call;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The room's call, driven by the button, the device page and the fleet.
 *
 * <pre>
 * IDLE --press/join--> JOINING --joined--> IN_CALL --press/leave--> LEAVING --left--> IDLE
 *                        | failed, timeout      | connection lost            | timeout
 *                        v                      v                            v
 *                      ERROR --press--> JOINING;  ERROR --after errorHold--> IDLE
 * PROVISIONING ignores the button until {@link #provisioned()}.
 * </pre>
 *
 * <p>Threading: every method is thread-safe; transitions happen under this object's lock, and
 * listeners are called under it, in order, on the thread that caused the transition (a caller, a
 * {@link RoomConnection} callback, or the scheduler). Listeners must be quick and must not block.
 * Timers run on the given scheduler; time comes from the given clock.
 */
public final class CallStateMachine {

    private static final Logger log = LoggerFactory.getLogger(CallStateMachine.class);

    private final RoomConnection connection;
    private final Clock clock;
    private final ScheduledExecutorService scheduler;
    private final Supplier<CallTiming> timing;
    private final Supplier<String> configuredMeeting;
    private final Supplier<String> displayName;
    private final List<Consumer<CallSnapshot>> listeners = new CopyOnWriteArrayList<>();

    private CallSnapshot current;
    private boolean cameraOff;
    private RoomConnection.Session session;
    private long attempt;
    private ScheduledFuture<?> timer;

    /**
     * @param connection how meetings are reached
     * @param timing the current timing (read at each transition, so fleet changes apply at once)
     * @param configuredMeeting the room's meeting ({@code call.meeting}); empty when none is set
     * @param displayName the room's name, shown to the others
     */
    public CallStateMachine(RoomConnection connection, Supplier<CallTiming> timing, Supplier<String> configuredMeeting,
                            Supplier<String> displayName, Clock clock, ScheduledExecutorService scheduler) {
        this.connection = connection;
        this.timing = timing;
        this.configuredMeeting = configuredMeeting;
        this.displayName = displayName;
        this.clock = clock;
        this.scheduler = scheduler;
        this.current = new CallSnapshot(CallState.IDLE, false, "", "", clock.instant(), "start", false);
    }

    /** Adds a listener, which at once gets the current snapshot. */
    public synchronized void addListener(Consumer<CallSnapshot> listener) {
        listeners.add(listener);
        listener.accept(current);
    }

    public synchronized CallSnapshot snapshot() {
        return current;
    }

    /** A short press of the room's button: join, cancel, leave, or retry after an error. */
    public synchronized void buttonPressed() {
        switch (current.state()) {
            case IDLE, ERROR -> startJoin(configuredMeeting.get(), "button");
            case JOINING, IN_CALL -> startLeave("button");
            case LEAVING, PROVISIONING -> log.debug("button press ignored while {}", current.state());
        }
    }

    /** A long press: toggles the microphone in a call; ignored otherwise. */
    public synchronized void buttonLongPressed() {
        if (current.state() != CallState.IN_CALL) {
            log.debug("long press ignored while {}", current.state());
            return;
        }
        boolean muted = !current.muted();
        session.setMicrophoneMuted(muted);
        move(CallState.IN_CALL, muted, current.meeting(), "", muted ? "muted by button" : "unmuted by button");
    }

    /**
     * Joins a meeting, or the configured one when {@code meeting} is empty.
     *
     * @param cause who asked ("fleet", "page"), for logs and telemetry
     */
    public synchronized CommandOutcome join(Optional<String> meeting, String cause) {
        return switch (current.state()) {
            case IDLE, ERROR -> startJoin(meeting.filter(m -> !m.isBlank()).orElseGet(configuredMeeting), cause);
            case PROVISIONING -> CommandOutcome.refused("the device is not enrolled yet; show it its room's QR code first");
            default -> CommandOutcome.refused("the room is " + current.state().wireName() + "; leave first");
        };
    }

    /** Leaves the meeting, or cancels a join. */
    public synchronized CommandOutcome leave(String cause) {
        return switch (current.state()) {
            case JOINING, IN_CALL -> startLeave(cause);
            case ERROR -> {
                move(CallState.IDLE, false, "", "", cause);
                yield CommandOutcome.accepted("error cleared");
            }
            default -> CommandOutcome.refused("the room is not in a call (it is " + current.state().wireName() + ")");
        };
    }

    /** Something the call depends on failed (a media pipeline, say): leave and show the error. */
    public synchronized void fail(String message, String cause) {
        if (current.state() == CallState.PROVISIONING) {
            return;
        }
        if (session != null) {
            session.leave();
            session = null;
        }
        attempt++;
        enterError(message, cause);
    }

    /** The device has no identity: wait for enrolment. */
    public synchronized void enterProvisioning() {
        if (session != null) {
            session.leave();
            session = null;
        }
        attempt++;
        cancelTimer();
        cameraOff = false; // the camera reads the QR code
        move(CallState.PROVISIONING, false, "", "", "no identity");
    }

    /** Enrolment finished: the device is ready. */
    public synchronized void provisioned() {
        if (current.state() == CallState.PROVISIONING) {
            move(CallState.IDLE, false, "", "", "enrolled");
        }
    }

    /**
     * Mutes or unmutes the room's microphone, as a long press of the button does, but on request
     * (the control API): only in a call; refused in any other state, and then nothing changes.
     *
     * @param muted the wanted state, or empty to toggle the current one
     * @param cause who asked ("api", "fleet"), for logs and telemetry
     * @return accepted with "microphone muted" or "microphone unmuted", or refused with the reason
     */
    public synchronized CommandOutcome setMicrophoneMuted(Optional<Boolean> muted, String cause) {
        if (current.state() != CallState.IN_CALL) {
            return CommandOutcome.refused("the room is " + current.state().wireName()
                    + ", not in a call; the microphone can only be muted in a call");
        }
        boolean wanted = muted.orElse(!current.muted());
        session.setMicrophoneMuted(wanted);
        move(CallState.IN_CALL, wanted, current.meeting(), "", (wanted ? "muted by " : "unmuted by ") + cause);
        return CommandOutcome.accepted(wanted ? "microphone muted" : "microphone unmuted");
    }

    /**
     * Turns the room's camera off or on, in any state but provisioning (the camera reads the QR
     * code then). Off, nothing of the camera reaches a meeting (the track stays published, muted,
     * so the others see the camera is off) and the self-view is black with a notice. The choice
     * holds across calls until it is changed.
     *
     * @param off the wanted state, or empty to toggle the current one
     * @param cause who asked ("api", "fleet"), for logs and telemetry
     * @return accepted with "camera off" or "camera on", or refused with the reason
     */
    public synchronized CommandOutcome setCameraOff(Optional<Boolean> off, String cause) {
        if (current.state() == CallState.PROVISIONING) {
            return CommandOutcome.refused("the device is not enrolled yet; the camera reads the room's QR code until it is");
        }
        cameraOff = off.orElse(!cameraOff);
        if (session != null) {
            session.setCameraOff(cameraOff);
        }
        move(current.state(), current.muted(), current.meeting(), current.message(),
                (cameraOff ? "camera off by " : "camera on by ") + cause);
        return CommandOutcome.accepted(cameraOff ? "camera off" : "camera on");
    }

    private CommandOutcome startJoin(String meeting, String cause) {
        if (meeting == null || meeting.isBlank()) {
            String message = "No meeting is set for this room. Set call.meeting, or join with a meeting URL.";
            enterError(message, cause);
            return CommandOutcome.refused(message);
        }
        long thisAttempt = ++attempt;
        move(CallState.JOINING, false, meeting, "", cause);
        schedule(timing.get().joinTimeout(), () -> joinTimedOut(thisAttempt));
        RoomConnection.Session opened = connection.join(meeting, displayName.get(), new AttemptListener(thisAttempt));
        if (attempt == thisAttempt && (current.state() == CallState.JOINING || current.state() == CallState.IN_CALL)) {
            session = opened;
            if (cameraOff) {
                opened.setCameraOff(true);
            }
        }
        return CommandOutcome.accepted("joining " + meeting);
    }

    private CommandOutcome startLeave(String cause) {
        long thisAttempt = attempt;
        move(CallState.LEAVING, false, current.meeting(), "", cause);
        schedule(timing.get().leaveTimeout(), () -> leaveTimedOut(thisAttempt));
        if (session != null) {
            session.leave();
        }
        return CommandOutcome.accepted("leaving");
    }

    private synchronized void joined(long a) {
        if (a != attempt || current.state() != CallState.JOINING) {
            return;
        }
        cancelTimer();
        move(CallState.IN_CALL, false, current.meeting(), "", "joined");
    }

    /** Waiting in the lobby can take far longer than a join: the room API's own budget bounds it. */
    static final Duration LOBBY_TIMEOUT = Duration.ofMinutes(11);

    private synchronized void waiting(long a, String message) {
        if (a != attempt || current.state() != CallState.JOINING) {
            return;
        }
        boolean first = current.message().isEmpty();
        move(CallState.JOINING, false, current.meeting(), message, "lobby");
        if (first) {
            schedule(LOBBY_TIMEOUT, () -> joinTimedOut(a));
        }
    }

    private synchronized void reconnecting(long a, String message) {
        if (a == attempt && current.state() == CallState.IN_CALL) {
            move(CallState.IN_CALL, current.muted(), current.meeting(), message, "reconnecting");
        }
    }

    private synchronized void reconnected(long a) {
        if (a == attempt && current.state() == CallState.IN_CALL) {
            move(CallState.IN_CALL, current.muted(), current.meeting(), "", "reconnected");
        }
    }

    private synchronized void joinFailed(long a, String message) {
        if (a != attempt) {
            return;
        }
        session = null;
        if (current.state() == CallState.LEAVING) {
            cancelTimer();
            move(CallState.IDLE, false, "", "", "join cancelled");
        } else if (current.state() == CallState.JOINING) {
            enterError(message, "join failed");
        }
    }

    private synchronized void left(long a, String reason) {
        if (a != attempt) {
            return;
        }
        session = null;
        switch (current.state()) {
            case LEAVING -> {
                cancelTimer();
                move(CallState.IDLE, false, "", "", "left");
            }
            case JOINING, IN_CALL -> enterError(reason, "meeting ended");
            default -> log.debug("session ended while {}: {}", current.state(), reason);
        }
    }

    private synchronized void joinTimedOut(long a) {
        if (a != attempt || current.state() != CallState.JOINING) {
            return;
        }
        if (session != null) {
            session.leave();
            session = null;
        }
        attempt++;
        enterError("Joining took longer than " + format(timing.get().joinTimeout()) + "; check the network and the meeting address.",
                "join timed out");
    }

    private synchronized void leaveTimedOut(long a) {
        if (a != attempt || current.state() != CallState.LEAVING) {
            return;
        }
        session = null;
        attempt++;
        log.warn("leaving did not finish within {}; the device dropped the meeting connection", format(timing.get().leaveTimeout()));
        move(CallState.IDLE, false, "", "", "leave timed out");
    }

    private synchronized void errorHoldOver(long a) {
        if (a == attempt && current.state() == CallState.ERROR) {
            move(CallState.IDLE, false, "", "", "error shown");
        }
    }

    private void enterError(String message, String cause) {
        long thisAttempt = attempt;
        move(CallState.ERROR, false, current.meeting(), message, cause);
        schedule(timing.get().errorHold(), () -> errorHoldOver(thisAttempt));
    }

    private void move(CallState state, boolean muted, String meeting, String message, String cause) {
        CallSnapshot before = current;
        if (state != before.state()) {
            cancelTimer();
        }
        current = new CallSnapshot(state, muted, meeting, message,
                state == before.state() ? before.since() : clock.instant(), cause, cameraOff);
        if (state != before.state()) {
            log.info("call {} -> {} ({}){}", before.state(), state, cause, message.isEmpty() ? "" : ": " + message);
        }
        for (Consumer<CallSnapshot> l : listeners) {
            try {
                l.accept(current);
            } catch (RuntimeException e) {
                log.warn("a call-state listener failed on {}; the others were still told", state, e);
            }
        }
    }

    private void schedule(Duration delay, Runnable task) {
        cancelTimer();
        timer = scheduler.schedule(task, delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void cancelTimer() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }

    private static String format(Duration d) {
        return d.toMillisPart() == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }

    private final class AttemptListener implements RoomConnection.Listener {
        private final long attemptId;

        AttemptListener(long attemptId) {
            this.attemptId = attemptId;
        }

        @Override
        public void joined() {
            CallStateMachine.this.joined(attemptId);
        }

        @Override
        public void failed(String message) {
            joinFailed(attemptId, message);
        }

        @Override
        public void left(String reason) {
            CallStateMachine.this.left(attemptId, reason);
        }

        @Override
        public void waiting(String message) {
            CallStateMachine.this.waiting(attemptId, message);
        }

        @Override
        public void reconnecting(String message) {
            CallStateMachine.this.reconnecting(attemptId, message);
        }

        @Override
        public void reconnected() {
            CallStateMachine.this.reconnected(attemptId);
        }
    }
}

package dev.salle.device.meeting;

import dev.salle.rtc.peer.PeerConnection;
import java.time.Duration;
import java.time.Instant;

/**
 * The ICE restarts that end a resume, from the server's {@code ReconnectResponse} on: done once the
 * publisher's restart offer was answered and checked, and the subscriber connection restarted too
 * (the server offers that restart; a subscriber connection that never connected has nothing to
 * restart); given up after a bound. Not thread-safe: the meeting session's thread only.
 */
final class IceRestartProgress {

    /** Where a resume's ICE restarts are. */
    enum Outcome { WAITING, DONE, TIMED_OUT }

    /** What the check needs of one peer connection. */
    record PeerView(PeerConnection.State state, boolean restartPending, int restarts) {
        static PeerView of(PeerConnection pc) {
            return new PeerView(pc.state(), pc.iceRestartPending(), pc.iceRestarts());
        }
    }

    private final Instant deadline;
    private final int subscriberRestartsBefore;
    private boolean answered;

    /**
     * @param signalledAt when the ReconnectResponse came
     * @param within how long the restarts may take
     * @param subscriber the subscriber connection then, before the server's restart offer
     */
    IceRestartProgress(Instant signalledAt, Duration within, PeerView subscriber) {
        this.deadline = signalledAt.plus(within);
        this.subscriberRestartsBefore = subscriber.restarts();
    }

    /** The server answered the publisher's restart offer. */
    void answered() {
        answered = true;
    }

    Outcome check(Instant now, PeerView publisher, PeerView subscriber) {
        boolean publisherDone = answered && !publisher.restartPending()
                && publisher.state() == PeerConnection.State.CONNECTED;
        boolean subscriberDone = subscriber.state() != PeerConnection.State.CONNECTED
                || (subscriber.restarts() > subscriberRestartsBefore && !subscriber.restartPending());
        if (publisherDone && subscriberDone) {
            return Outcome.DONE;
        }
        return now.isBefore(deadline) ? Outcome.WAITING : Outcome.TIMED_OUT;
    }
}

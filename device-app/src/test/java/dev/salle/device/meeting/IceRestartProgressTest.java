package dev.salle.device.meeting;

import static org.assertj.core.api.Assertions.assertThat;

import dev.salle.device.meeting.IceRestartProgress.Outcome;
import dev.salle.device.meeting.IceRestartProgress.PeerView;
import dev.salle.rtc.peer.PeerConnection.State;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** When a resume's ICE restarts count as done, and when the session gives up on them. */
class IceRestartProgressTest {

    private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");
    private static final Duration WITHIN = Duration.ofSeconds(10);
    private static final PeerView SUBSCRIBER_BEFORE = new PeerView(State.CONNECTED, false, 0);
    private static final PeerView PUBLISHER_CHECKED = new PeerView(State.CONNECTED, false, 1);
    private static final PeerView SUBSCRIBER_CHECKED = new PeerView(State.CONNECTED, false, 1);

    @Test
    void doneOnlyOnceThePublisherWasAnsweredAndBothRestartsAreChecked() {
        IceRestartProgress p = new IceRestartProgress(T0, WITHIN, SUBSCRIBER_BEFORE);

        assertThat(p.check(T0.plusSeconds(1), PUBLISHER_CHECKED, SUBSCRIBER_CHECKED))
                .as("no answer to the publisher's restart offer yet").isEqualTo(Outcome.WAITING);
        p.answered();
        assertThat(p.check(T0.plusSeconds(1), new PeerView(State.CONNECTED, true, 1), SUBSCRIBER_CHECKED))
                .as("the publisher's new credentials not checked yet").isEqualTo(Outcome.WAITING);
        assertThat(p.check(T0.plusSeconds(1), PUBLISHER_CHECKED, SUBSCRIBER_BEFORE))
                .as("the server's subscriber restart not here yet").isEqualTo(Outcome.WAITING);
        assertThat(p.check(T0.plusSeconds(1), PUBLISHER_CHECKED, new PeerView(State.CONNECTED, true, 1)))
                .as("the subscriber's restart not checked yet").isEqualTo(Outcome.WAITING);
        assertThat(p.check(T0.plusSeconds(2), PUBLISHER_CHECKED, SUBSCRIBER_CHECKED)).isEqualTo(Outcome.DONE);
    }

    @Test
    void aSubscriberConnectionThatNeverConnectedHasNothingToRestart() {
        IceRestartProgress p = new IceRestartProgress(T0, WITHIN, new PeerView(State.NEW, false, 0));
        p.answered();

        assertThat(p.check(T0.plusSeconds(1), PUBLISHER_CHECKED, new PeerView(State.NEW, false, 0)))
                .isEqualTo(Outcome.DONE);
    }

    @Test
    void givesUpAtTheBoundAndNotBefore() {
        IceRestartProgress p = new IceRestartProgress(T0, WITHIN, SUBSCRIBER_BEFORE);
        p.answered();
        PeerView stuck = new PeerView(State.CONNECTED, true, 1);

        assertThat(p.check(T0.plus(WITHIN).minusMillis(1), stuck, SUBSCRIBER_BEFORE)).isEqualTo(Outcome.WAITING);
        assertThat(p.check(T0.plus(WITHIN), stuck, SUBSCRIBER_BEFORE)).isEqualTo(Outcome.TIMED_OUT);
        assertThat(p.check(T0.plus(WITHIN), new PeerView(State.FAILED, false, 1), SUBSCRIBER_CHECKED))
                .as("a failed publisher is not done").isEqualTo(Outcome.TIMED_OUT);
    }
}

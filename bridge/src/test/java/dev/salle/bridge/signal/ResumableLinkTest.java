package dev.salle.bridge.signal;

import static org.assertj.core.api.Assertions.assertThat;

import livekit.LivekitRtc.ReconnectResponse;
import livekit.LivekitRtc.SessionDescription;
import livekit.LivekitRtc.SignalResponse;
import livekit.LivekitRtc.SignalResponse.MessageCase;
import org.junit.jupiter.api.Test;

/** A participant's link across sockets: what waits while it is away, and what a resumed socket gets first. */
class ResumableLinkTest {

    private static final SignalResponse RECONNECT = SignalResponse.newBuilder()
            .setReconnect(ReconnectResponse.getDefaultInstance()).build();

    private static SignalResponse pong(long n) {
        return SignalResponse.newBuilder().setPong(n).build();
    }

    @Test
    void whileAwayMessagesWaitExceptOffersAndTheResumedSocketGetsTheReconnectResponseFirst() {
        FakeParticipantLink first = new FakeParticipantLink();
        ResumableLink link = new ResumableLink(first);
        link.send(pong(1));
        assertThat(link.detach(first)).isTrue();

        link.send(pong(2));
        link.send(SignalResponse.newBuilder().setOffer(SessionDescription.newBuilder().setSdp("v=0")).build());
        link.send(pong(3));
        FakeParticipantLink second = new FakeParticipantLink();
        int lost = link.attach(second, RECONNECT);
        link.send(pong(4));

        assertThat(lost).isZero();
        assertThat(first.sent).extracting(SignalResponse::getPong).containsExactly(1L);
        assertThat(second.kinds()).containsExactly(MessageCase.RECONNECT, MessageCase.PONG, MessageCase.PONG,
                MessageCase.PONG);
        assertThat(second.sent.subList(1, 4)).extracting(SignalResponse::getPong).containsExactly(2L, 3L, 4L);
        assertThat(link.current()).isSameAs(second);
    }

    @Test
    void anOldSocketDoesNotDetachTheResumedOneAndIsClosedWhenReplaced() {
        FakeParticipantLink first = new FakeParticipantLink();
        ResumableLink link = new ResumableLink(first);
        FakeParticipantLink second = new FakeParticipantLink();

        link.attach(second, RECONNECT);

        assertThat(first.closeCode).as("a socket still open is closed on resume").isEqualTo(1000);
        assertThat(link.detach(first)).as("its late close changes nothing").isFalse();
        assertThat(link.current()).isSameAs(second);
    }

    @Test
    void overTheLimitTheOldestWaitingMessagesAreDroppedAndCounted() {
        FakeParticipantLink first = new FakeParticipantLink();
        ResumableLink link = new ResumableLink(first);
        link.detach(first);
        for (int i = 0; i < ResumableLink.MAX_WAITING + 5; i++) {
            link.send(pong(i));
        }
        FakeParticipantLink second = new FakeParticipantLink();

        int lost = link.attach(second, RECONNECT);

        assertThat(lost).isEqualTo(5);
        assertThat(second.sent).hasSize(1 + ResumableLink.MAX_WAITING);
        assertThat(second.sent.get(1).getPong()).as("the oldest went first").isEqualTo(5L);
    }
}

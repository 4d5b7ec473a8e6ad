package dev.salle.rtc.sctp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;

/** Stream-id rules without usrsctp: the table never calls its owner. */
class ChannelTableTest {

    private static final DcepMessage.Open OPEN = new DcepMessage.Open(ChannelReliability.reliable(), 0, "l", "");

    @Test
    void dtlsClientAllocatesEvenIdsAndSkipsStreamsStillBeingReset() {
        ChannelTable table = new ChannelTable(true, 8);
        DataChannel first = table.addLocal(null, OPEN);
        table.remove(first);
        table.resetStarted(first.streamId());

        DataChannel second = table.addLocal(null, OPEN);
        table.resetEnded(first.streamId());
        DataChannel third = table.addLocal(null, OPEN);

        assertThat(first.streamId()).isZero();
        assertThat(second.streamId()).isEqualTo(2);
        assertThat(third.streamId()).isZero();
    }

    @Test
    void peerChannelsMustUseThePeersParityAndAFreeStream() throws Exception {
        ChannelTable table = new ChannelTable(false, 8);
        table.addRemote(null, 4, OPEN);

        assertReason(() -> table.addRemote(null, 5, OPEN), DcepException.Reason.WRONG_STREAM_PARITY);
        assertReason(() -> table.addRemote(null, 4, OPEN), DcepException.Reason.STREAM_IN_USE);
        assertThat(table.all()).hasSize(1);
    }

    @Test
    void theLimitCountsBothSides() throws Exception {
        ChannelTable table = new ChannelTable(true, 2);
        table.addLocal(null, OPEN);
        table.addRemote(null, 1, OPEN);

        assertReason(() -> table.addRemote(null, 3, OPEN), DcepException.Reason.TOO_MANY_CHANNELS);
        assertThatThrownBy(() -> table.addLocal(null, OPEN)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("2 data channels");
        assertThat(table.all()).hasSize(2);
    }

    private interface Add {
        void run() throws DcepException;
    }

    private static void assertReason(Add add, DcepException.Reason reason) {
        assertThatThrownBy(add::run).asInstanceOf(InstanceOfAssertFactories.type(DcepException.class))
                .extracting(DcepException::reason).isEqualTo(reason);
    }
}

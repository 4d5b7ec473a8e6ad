package dev.salle.rtc.rtp;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SequenceNumbersTest {

    @Test
    void comparisonTakesTheShortWayRoundTheWrap() {
        assertThat(SequenceNumbers.isNewer(1, 65535)).isTrue();
        assertThat(SequenceNumbers.isNewer(65535, 1)).isFalse();
        assertThat(SequenceNumbers.isNewer(100, 99)).isTrue();
        assertThat(SequenceNumbers.isNewer(7, 7)).isFalse();
        assertThat(SequenceNumbers.delta(2, 65534)).isEqualTo(4);
        assertThat(SequenceNumbers.delta(65534, 2)).isEqualTo(-4);
    }

    @Test
    void nextAndAddWrapAt65536() {
        assertThat(SequenceNumbers.next(65535)).isZero();
        assertThat(SequenceNumbers.add(3, -5)).isEqualTo(65534);
        assertThat(SequenceNumbers.add(65530, 10)).isEqualTo(4);
    }

    @Test
    void unwrapperCountsCyclesAcrossWraps() {
        SequenceNumberUnwrapper unwrapper = new SequenceNumberUnwrapper();

        assertThat(unwrapper.extend(65534)).isEqualTo(65534);
        assertThat(unwrapper.extend(65535)).isEqualTo(65535);
        assertThat(unwrapper.extend(0)).isEqualTo(65536);
        assertThat(unwrapper.extend(1)).isEqualTo(65537);

        assertThat(unwrapper.cycles()).isEqualTo(1);
        assertThat(unwrapper.highest()).isEqualTo(65537);
    }

    @Test
    void reorderedPacketFromBeforeTheWrapStaysInTheOldCycle() {
        SequenceNumberUnwrapper unwrapper = new SequenceNumberUnwrapper();
        unwrapper.extend(65535);
        unwrapper.extend(2);

        assertThat(unwrapper.extend(65534)).isEqualTo(65534);
        assertThat(unwrapper.highest()).isEqualTo(65538);
    }

    @Test
    void manyCyclesAccumulate() {
        SequenceNumberUnwrapper unwrapper = new SequenceNumberUnwrapper();
        long last = 0;
        for (int i = 0; i < 5 * 65536; i += 1000) {
            last = unwrapper.extend(i & 0xFFFF);
        }
        assertThat(last).isEqualTo(5 * 65536 - 1 - ((5 * 65536 - 1) % 1000));
        assertThat(unwrapper.cycles()).isEqualTo(4);
        assertThat(new SequenceNumberUnwrapper().highest()).isEqualTo(-1);
    }
}

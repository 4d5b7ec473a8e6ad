package dev.salle.rtc.dtls;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DatagramQueueTest {

    @Test
    void holdsAtMostItsCapacityAndHandsDatagramsOverInOrderCutToTheBuffer() throws Exception {
        DatagramQueue q = new DatagramQueue(2);
        assertThat(q.offer(new byte[] {1, 2, 3})).isTrue();
        assertThat(q.offer(new byte[] {4})).isTrue();
        assertThat(q.offer(new byte[] {5})).as("full: the caller counts the drop").isFalse();

        byte[] buffer = new byte[4];
        assertThat(q.poll(buffer, 1, 2, 0)).isEqualTo(2);
        assertThat(buffer).containsExactly(0, 1, 2, 0);
        assertThat(q.poll(buffer, 0, 4, 0)).isEqualTo(1);
        assertThat(buffer[0]).isEqualTo((byte) 4);
        assertThat(q.poll(buffer, 0, 4, 10)).as("nothing within the timeout").isEqualTo(-1);
        q.offer(new byte[] {9});
        q.clear();
        assertThat(q.poll(buffer, 0, 4, 0)).isEqualTo(-1);
    }
}

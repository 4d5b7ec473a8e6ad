package dev.salle.rtc.demux;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DropCountersTest {

    @Test
    void countsEachReasonSeparatelyAndSnapshotListsZeros() {
        DropCounters<DemuxDropReason> drops = new DropCounters<>(DemuxDropReason.class);

        drops.increment(DemuxDropReason.EMPTY);
        drops.increment(DemuxDropReason.UNKNOWN_FIRST_BYTE);
        drops.increment(DemuxDropReason.UNKNOWN_FIRST_BYTE);

        assertThat(drops.count(DemuxDropReason.EMPTY)).isEqualTo(1);
        assertThat(drops.count(DemuxDropReason.UNKNOWN_FIRST_BYTE)).isEqualTo(2);
        assertThat(drops.total()).isEqualTo(3);
        assertThat(drops.snapshot()).containsEntry(DemuxDropReason.UNHANDLED_KIND, 0L)
            .containsEntry(DemuxDropReason.UNKNOWN_FIRST_BYTE, 2L).hasSize(3);
    }

    @Test
    void concurrentIncrementsAreAllCounted() throws InterruptedException {
        DropCounters<DemuxDropReason> drops = new DropCounters<>(DemuxDropReason.class);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            threads.add(Thread.ofPlatform().start(() -> {
                for (int i = 0; i < 10_000; i++) {
                    drops.increment(DemuxDropReason.EMPTY);
                }
            }));
        }
        for (Thread thread : threads) {
            thread.join();
        }
        assertThat(drops.count(DemuxDropReason.EMPTY)).isEqualTo(40_000);
    }
}

package dev.salle.fleet.bundles;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Range headers, good and bad, against a 1,000-byte file. */
class RangeRequestTest {

    private static final long SIZE = 1000;

    @Test
    void oneRangeIsAPartClampedToTheFile() {
        assertThat(RangeRequest.of("bytes=0-99", SIZE)).isEqualTo(new RangeRequest.Part(0, 99));
        assertThat(RangeRequest.of("bytes=900-", SIZE)).isEqualTo(new RangeRequest.Part(900, 999));
        assertThat(RangeRequest.of("bytes=990-5000", SIZE)).isEqualTo(new RangeRequest.Part(990, 999));
        assertThat(RangeRequest.of("bytes=-10", SIZE)).isEqualTo(new RangeRequest.Part(990, 999));
        assertThat(RangeRequest.of("bytes=-5000", SIZE)).isEqualTo(new RangeRequest.Part(0, 999));
        assertThat(RangeRequest.of(" bytes=5-5 ", SIZE)).isEqualTo(new RangeRequest.Part(5, 5));
        assertThat(new RangeRequest.Part(5, 5).length()).isEqualTo(1);
    }

    @Test
    void noHeaderIsTheWholeFileAndAnUnusableOneIsTheWholeFileCounted() {
        assertThat(RangeRequest.of(null, SIZE)).isEqualTo(new RangeRequest.Whole(false));
        for (String bad : new String[] {"", "bytes=", "bytes=-", "bytes=a-b", "bytes=9-3", "bytes=0-1,5-6", "items=0-9",
                "bytes=0-9;", "bytes=99999999999999999999-", "bytes=-99999999999999999999", "bytes=+1-2", "bytes=0x10-"}) {
            assertThat(RangeRequest.of(bad, SIZE)).as(bad).isEqualTo(new RangeRequest.Whole(true));
        }
    }

    @Test
    void aRangePastTheEndOrAnEmptySuffixCannotBeSatisfied() {
        assertThat(RangeRequest.of("bytes=1000-", SIZE)).isInstanceOf(RangeRequest.Unsatisfiable.class);
        assertThat(RangeRequest.of("bytes=1000-1010", SIZE)).isInstanceOf(RangeRequest.Unsatisfiable.class);
        assertThat(RangeRequest.of("bytes=-0", SIZE)).isInstanceOf(RangeRequest.Unsatisfiable.class);
        assertThat(RangeRequest.of("bytes=0-", 0)).isInstanceOf(RangeRequest.Unsatisfiable.class);
        assertThat(RangeRequest.of("bytes=-1", 0)).isInstanceOf(RangeRequest.Unsatisfiable.class);
    }
}

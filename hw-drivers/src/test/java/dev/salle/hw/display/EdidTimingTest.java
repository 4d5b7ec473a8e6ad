package dev.salle.hw.display;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EdidTimingTest {

    @Test
    void readsSizeAndRefreshFromTheFirstDetailedTiming() {
        assertThat(EdidTiming.preferred(EdidFixture.fullHd60())).contains(new EdidTiming(1920, 1080, 60));
    }

    @Test
    void rejectsShortOrHeaderlessBytes() {
        byte[] noHeader = EdidFixture.fullHd60();
        noHeader[0] = 7;

        assertThat(EdidTiming.preferred(new byte[12])).isEmpty();
        assertThat(EdidTiming.preferred(noHeader)).isEmpty();
    }
}

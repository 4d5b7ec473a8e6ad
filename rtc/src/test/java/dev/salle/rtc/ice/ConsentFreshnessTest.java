package dev.salle.rtc.ice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ConsentFreshnessTest {

    private static final long SECOND = 1_000_000_000L;
    private final ConsentFreshness consent = new ConsentFreshness(Duration.ofSeconds(5));

    @Test
    void consentExpiresOnceWhenNothingComesBackForTheTimeout() {
        Optional<Instant> check = Optional.of(Instant.parse("2026-11-23T20:00:00Z"));
        assertThat(consent.expiredNow(0, check, 10)).isFalse();

        assertThat(consent.expiredNow(4 * SECOND, check, 10)).isFalse();
        assertThat(consent.expiredNow(5 * SECOND, check, 10)).isTrue();
        assertThat(consent.expiredNow(6 * SECOND, check, 10)).as("reported once").isFalse();
        assertThat(consent.expired()).isTrue();
        assertThat(consent.silentFor(6 * SECOND)).isEqualTo(Duration.ofSeconds(6));
    }

    @Test
    void answeredChecksKeepConsentFresh() {
        Instant t0 = Instant.parse("2026-11-23T20:00:00Z");
        consent.expiredNow(0, Optional.of(t0), 0);

        for (int i = 1; i <= 10; i++) {
            // an answer every 2.5 s, no media
            assertThat(consent.expiredNow(i * 2_500_000_000L, Optional.of(t0.plusMillis(i * 2500L)), 0)).isFalse();
        }
        assertThat(consent.expired()).isFalse();
    }

    @Test
    void authenticatedMediaAloneKeepsConsentFresh() {
        consent.expiredNow(0, Optional.empty(), 0);

        for (int i = 1; i <= 20; i++) {
            assertThat(consent.expiredNow(i * SECOND, Optional.empty(), i * 50L)).isFalse();
        }
    }

    @Test
    void answersComingBackAfterAnExpiryMakeItFreshAndALaterSilenceIsANewExpiry() {
        Instant t0 = Instant.parse("2026-11-23T20:00:00Z");
        consent.expiredNow(0, Optional.of(t0), 0);
        assertThat(consent.expiredNow(5 * SECOND, Optional.of(t0), 0)).isTrue();

        assertThat(consent.expiredNow(7 * SECOND, Optional.of(t0.plusSeconds(7)), 0)).as("answered again").isFalse();
        assertThat(consent.expired()).isFalse();
        assertThat(consent.expiredNow(11 * SECOND, Optional.of(t0.plusSeconds(7)), 0)).isFalse();

        assertThat(consent.expiredNow(12 * SECOND, Optional.of(t0.plusSeconds(7)), 0)).isTrue();
    }

    @Test
    void aTimeoutMustBePositive() {
        assertThatThrownBy(() -> new ConsentFreshness(Duration.ZERO)).hasMessageContaining("consent timeout PT0S");
    }
}

package dev.salle.rtc.signal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ParticipantIdsTest {

    @Test
    void idsHaveTheirPrefixAndTwelveBase62Characters() {
        ParticipantIds ids = new ParticipantIds(new SplittableRandom(1));

        assertThat(ids.newParticipantSid()).matches("PA_[0-9A-Za-z]{12}");
        assertThat(ids.newTrackSid()).matches("TR_[0-9A-Za-z]{12}");
        assertThat(ids.newRoomSid()).matches("RM_[0-9A-Za-z]{12}");
    }

    @Test
    void theSameSeedGivesTheSameIds() {
        ParticipantIds a = new ParticipantIds(new SplittableRandom(42));
        ParticipantIds b = new ParticipantIds(new SplittableRandom(42));

        assertThat(a.newParticipantSid()).isEqualTo(b.newParticipantSid());
        assertThat(a.newTrackSid()).isEqualTo(b.newTrackSid());
    }

    @Test
    void successiveIdsDifferAndUseTheWholeAlphabet() {
        ParticipantIds ids = new ParticipantIds(new SplittableRandom(7));
        Set<String> seen = new HashSet<>();
        Set<Character> chars = new HashSet<>();

        for (int i = 0; i < 2000; i++) {
            String sid = ids.newParticipantSid();
            seen.add(sid);
            sid.substring(3).chars().forEach(c -> chars.add((char) c));
        }

        assertThat(seen).hasSize(2000);
        assertThat(chars).hasSize(62);
    }

    @Test
    void recognisesParticipantSids() {
        assertThat(ParticipantIds.isParticipantSid("PA_abcDEF012345")).isTrue();
        assertThat(ParticipantIds.isParticipantSid("PA_abcDEF01234")).isFalse();
        assertThat(ParticipantIds.isParticipantSid("TR_abcDEF012345")).isFalse();
        assertThat(ParticipantIds.isParticipantSid("PA_abcDEF01234-")).isFalse();
        assertThat(ParticipantIds.isParticipantSid(null)).isFalse();
    }
}

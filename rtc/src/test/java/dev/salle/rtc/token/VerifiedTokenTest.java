package dev.salle.rtc.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.salle.rtc.token.TokenRejectedException.Reason;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class VerifiedTokenTest {

    private static VerifiedToken with(VideoGrant grant) {
        return new VerifiedToken("APIk", "alice", "", "", Map.of(), grant, Instant.EPOCH);
    }

    @Test
    void joinCheckPassesForTheGrantedRoom() {
        assertThatCode(() -> with(VideoGrant.joinRoom("r1")).joinCheck("r1")).doesNotThrowAnyException();
    }

    @Test
    void joinCheckRefusesWithoutRoomJoin() {
        VerifiedToken t = with(VideoGrant.none());

        assertThatThrownBy(() -> t.joinCheck("r1")).isInstanceOfSatisfying(TokenRejectedException.class,
                e -> assertThat(e.reason()).isEqualTo(Reason.NO_ROOM_JOIN)).hasMessageContaining("alice");
    }

    @Test
    void joinCheckRefusesAnotherRoomNamingBoth() {
        assertThatThrownBy(() -> with(VideoGrant.joinRoom("r1")).joinCheck("r2"))
                .isInstanceOfSatisfying(TokenRejectedException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.WRONG_ROOM))
                .hasMessageContaining("'r1'").hasMessageContaining("'r2'");
    }

    @Test
    void joinCheckRefusesAJoinGrantWithoutRoom() {
        VideoGrant noRoom = new VideoGrant(true, "", true, true, true, Set.of(), false, false, false, false);

        assertThatThrownBy(() -> with(noRoom).joinCheck("r1")).isInstanceOfSatisfying(TokenRejectedException.class,
                e -> assertThat(e.reason()).isEqualTo(Reason.WRONG_ROOM));
    }

    @Test
    void publishSourcesLimitWhatMayBePublishedAndEmptyMeansAll() {
        VideoGrant all = VideoGrant.joinRoom("r1");
        VideoGrant cameraOnly = all.withCanPublishSources(Set.of(PublishSource.CAMERA));

        assertThat(all.mayPublish(PublishSource.SCREEN_SHARE)).isTrue();
        assertThat(cameraOnly.mayPublish(PublishSource.CAMERA)).isTrue();
        assertThat(cameraOnly.mayPublish(PublishSource.MICROPHONE)).isFalse();
        assertThat(cameraOnly.withCanPublish(false).mayPublish(PublishSource.CAMERA)).isFalse();
    }
}

package dev.salle.rtc.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.salle.rtc.client.RoomJoinException.Failure;
import java.net.URI;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RoomApiAnswersTest {

    @Test
    void anOpenRoomCarriesItsLiveKitAccess() throws Exception {
        var room = RoomApiAnswers.room("{\"id\":\"r1\",\"name\":\"Board\",\"slug\":\"abc-defg-hij\",\"access_level\":"
                + "\"public\",\"livekit\":{\"url\":\"wss://lk.example\",\"room\":\"r1\",\"token\":\"jwt\"}}");
        assertThat(room.id()).isEqualTo("r1");
        assertThat(room.name()).isEqualTo("Board");
        assertThat(room.access()).contains(new LiveKitAccess(URI.create("wss://lk.example"), "r1", "jwt"));
        assertThat(room.access().orElseThrow().toString()).doesNotContain("jwt");
    }

    @Test
    void aRestrictedRoomHasNoAccess() throws Exception {
        assertThat(RoomApiAnswers.room("{\"id\":\"r1\",\"livekit\":null}").access()).isEmpty();
    }

    @Test
    void lobbyAnswersAreRead() throws Exception {
        assertThat(RoomApiAnswers.entry("{\"status\":\"waiting\",\"id\":\"p\"}").status()).isEqualTo("waiting");
        assertThat(RoomApiAnswers.entry("{\"status\":\"denied\"}").access()).isEmpty();
        assertThat(RoomApiAnswers.entry("{\"status\":\"accepted\",\"livekit\":{\"url\":\"ws://h:7880\","
                + "\"room\":\"r\",\"token\":\"t\"}}").access()).isPresent();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "not json", "[]", "42", "{\"name\":\"no id\"}", "{\"id\":7}",
            "{\"id\":\"r\",\"livekit\":\"x\"}", "{\"id\":\"r\",\"livekit\":{\"url\":\"ws://h\",\"room\":\"r\"}}",
            "{\"id\":\"r\",\"livekit\":{\"url\":\"file:///etc\",\"room\":\"r\",\"token\":\"t\"}}",
            "{\"id\":\"r\",\"livekit\":{\"url\":\"::\",\"room\":\"r\",\"token\":\"t\"}}"})
    void badRoomAnswersAreMalformedWithTheReason(String body) {
        assertThatThrownBy(() -> RoomApiAnswers.room(body)).isInstanceOfSatisfying(RoomJoinException.class,
                e -> assertThat(e.failure()).isEqualTo(Failure.MALFORMED_ANSWER)).message().isNotBlank();
    }

    @ParameterizedTest
    @ValueSource(strings = {"{}", "{\"status\":\"maybe\"}", "{\"status\":\"accepted\"}", "{\"status\":1}"})
    void badLobbyAnswersAreMalformed(String body) {
        assertThatThrownBy(() -> RoomApiAnswers.entry(body)).isInstanceOfSatisfying(RoomJoinException.class,
                e -> assertThat(e.failure()).isEqualTo(Failure.MALFORMED_ANSWER));
    }

    @Test
    void everyFailureHasAHumanMessage() {
        for (Failure f : Failure.values()) {
            assertThat(f.humanMessage()).as(f.name()).isNotBlank().endsWith(".");
        }
    }
}

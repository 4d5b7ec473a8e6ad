package dev.salle.rtc.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MeetingUrlTest {

    @Test
    void aVisioLinkGivesItsServerAndSlug() {
        MeetingUrl m = MeetingUrl.parse("https://visio.example/abc-defg-hij");
        assertThat(m.base()).isEqualTo(URI.create("https://visio.example"));
        assertThat(m.slug()).isEqualTo("abc-defg-hij");
        assertThat(m.roomApi()).isEqualTo(URI.create("https://visio.example/api/v1.0/rooms/abc-defg-hij/"));
    }

    @Test
    void aBridgeLinkKeepsItsPortAndATrailingSlashIsAccepted() {
        MeetingUrl m = MeetingUrl.parse("  http://10.0.0.5:7880/abcdefghij/ ");
        assertThat(m.base()).isEqualTo(URI.create("http://10.0.0.5:7880"));
        assertThat(m.slug()).isEqualTo("abcdefghij");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "visio.example/abc-defg-hij", "ftp://visio.example/abc-defg-hij",
            "https:///abc-defg-hij", "https://u:p@visio.example/abc-defg-hij", "https://visio.example/",
            "https://visio.example/ABC-DEFG-HIJ", "https://visio.example/abc-defg-hij/extra",
            "https://visio.example/abc-defg-hi", "https://visio example/abc", "javascript:alert(1)"})
    void anythingElseIsRefusedWithAMessage(String link) {
        assertThatThrownBy(() -> MeetingUrl.parse(link)).isInstanceOf(IllegalArgumentException.class)
                .message().isNotBlank();
    }

    @Test
    void theMessageSaysWhatIsWrongWithoutControlCharacters() {
        assertThatThrownBy(() -> MeetingUrl.parse("https://visio.example/nope\u0007"))
                .hasMessageContaining("not a URL").hasMessageNotContaining("\u0007");
        assertThatThrownBy(() -> MeetingUrl.parse("https://visio.example/not-a-slug"))
                .hasMessageContaining("does not end in a meeting slug");
    }
}

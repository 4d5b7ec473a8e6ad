package dev.salle.device.meeting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import org.junit.jupiter.api.Test;

class MeetingAddressTest {

    @Test
    void readsTheThreeForms() {
        assertThat(MeetingAddress.parse("local:")).isInstanceOf(MeetingAddress.Local.class);
        assertThat(MeetingAddress.parse(" https://visio.example/abc-defg-hij "))
                .isInstanceOfSatisfying(MeetingAddress.Visio.class,
                        v -> assertThat(v.url().slug()).isEqualTo("abc-defg-hij"));
        assertThat(MeetingAddress.parse("wss://lk.example:7880?access_token=a.b%2Ec"))
                .isInstanceOfSatisfying(MeetingAddress.Direct.class, d -> {
                    assertThat(d.server()).isEqualTo(URI.create("wss://lk.example:7880"));
                    assertThat(d.token()).isEqualTo("a.b.c");
                    assertThat(d.toString()).doesNotContain("a.b.c");
                });
    }

    @Test
    void badAddressesSayWhatIsWrong() {
        assertThatThrownBy(() -> MeetingAddress.parse("")).hasMessageContaining("No meeting is set");
        assertThatThrownBy(() -> MeetingAddress.parse("https://visio.example/"))
                .hasMessageContaining("meeting slug");
        assertThatThrownBy(() -> MeetingAddress.parse("ftp://visio.example/abc-defg-hij"))
                .hasMessageContaining("not an http or https link");
        assertThatThrownBy(() -> MeetingAddress.parse("wss://lk.example"))
                .hasMessageContaining("no access_token");
        assertThatThrownBy(() -> MeetingAddress.parse("wss://user:pw@lk.example?access_token=x"))
                .hasMessageContaining("no user info");
        assertThatThrownBy(() -> MeetingAddress.parse("wss://lk example?access_token=x"))
                .hasMessageContaining("not a URL");
    }
}

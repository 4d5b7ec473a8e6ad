package dev.salle.device.logs;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class LogRedactionTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "page pin=123456 accepted|page pin=<redacted> accepted",
            "config page.pin=123456|config page.pin=<redacted>",
            "PIN: 0000 from 10.0.0.7|PIN: <redacted> from 10.0.0.7",
            "login password=hunter2hunter2, retry|login password=<redacted>, retry",
            "user passwd: s3cret|user passwd: <redacted>",
            "GET /rtc?access_token=abc.def&auto=1|GET /rtc?access_token=<redacted>&auto=1",
            "client_secret=xyz;next|client_secret=<redacted>;next",
            "Authorization: Bearer QmFzZTY0LXRva2Vu-x_y|Authorization: Bearer <redacted>",
            "header basic dXNlcjpwYXNz|header basic <redacted>",
            "joining https://bob:pa55@visio.example/room|joining https://bob:<redacted>@visio.example/room",
            "livekit eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl expired|livekit <redacted> expired",
    })
    void removesTheSecretAndKeepsTheRest(String line, String expected) {
        assertThat(LogRedaction.redact(line)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"pin\":\"1234\",\"room\":\"Salle Rhône\"}",
            "{\"password\": \"two words\", \"room\":\"Salle Rhône\"}",
            "{\"token\":98765,\"room\":\"Salle Rhône\"}",
    })
    void removesSecretsFromJsonWhetherQuotedOrNot(String json) {
        String out = LogRedaction.redact(json);

        assertThat(out).contains("<redacted>").contains("\"room\":\"Salle Rhône\"")
                .doesNotContain("1234").doesNotContain("two words").doesNotContain("98765");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "Joined room 'Salle Rhône' in 1.2 s",
            "ping 12 ms, pipeline PLAYING",
            "the token expired: asking for a new one",
            "call.join-timeout=25s applied",
            "mapping: camera=/dev/video0",
    })
    void leavesOrdinaryLinesAlone(String line) {
        assertThat(LogRedaction.redact(line)).isEqualTo(line);
    }

    @ParameterizedTest
    @ValueSource(strings = {"token=<redacted>", "Bearer <redacted>", "password: \"<redacted>\""})
    void isIdempotent(String line) {
        assertThat(LogRedaction.redact(line)).isEqualTo(line);
        assertThat(LogRedaction.redact(LogRedaction.redact("x " + line))).isEqualTo("x " + line);
    }

    @org.junit.jupiter.api.Test
    void findsASecretAfterALongRunOfNameCharacters() {
        String blob = "QUJD".repeat(2_000);

        assertThat(LogRedaction.redact("blob " + blob + " then pin=9876")).isEqualTo("blob " + blob + " then pin=<redacted>");
        assertThat(LogRedaction.redact(blob + "_token=abc")).isEqualTo(blob + "_token=<redacted>");
    }
}

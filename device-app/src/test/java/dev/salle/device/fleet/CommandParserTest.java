package dev.salle.device.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CommandParserTest {

    private final CommandParser parser = new CommandParser();

    private CommandParser.Parsed parse(String json) {
        return parser.parse(json.getBytes(StandardCharsets.UTF_8));
    }

    private CommandParser.Parsed.Rejected rejected(String json) {
        return (CommandParser.Parsed.Rejected) assertThat(parse(json))
                .isInstanceOf(CommandParser.Parsed.Rejected.class).actual();
    }

    @Test
    void parsesEveryKnownCommand() {
        assertThat(parse("{\"command\":\"ping\"}")).isEqualTo(new CommandParser.Parsed.Accepted(new FleetCommand.Ping()));
        assertThat(parse("{\"command\":\"identify\",\"args\":{\"seconds\":5}}"))
                .isEqualTo(new CommandParser.Parsed.Accepted(new FleetCommand.Identify(Duration.ofSeconds(5))));
        assertThat(parse("{\"command\":\"identify\"}"))
                .isEqualTo(new CommandParser.Parsed.Accepted(new FleetCommand.Identify(Duration.ofSeconds(30))));
        assertThat(parse("{\"command\":\"join\",\"args\":{\"meetingUrl\":\"https://visio.example/abc-defg-hij\"}}"))
                .isEqualTo(new CommandParser.Parsed.Accepted(
                        new FleetCommand.Join(Optional.of("https://visio.example/abc-defg-hij"))));
        assertThat(parse("{\"command\":\"leave\",\"args\":{}}")).isEqualTo(new CommandParser.Parsed.Accepted(new FleetCommand.Leave()));
        assertThat(parse("{\"command\":\"set-config\",\"args\":{\"changes\":{\"volume\":7}}}"))
                .isEqualTo(new CommandParser.Parsed.Accepted(new FleetCommand.SetConfig(Map.of("volume", 7))));
    }

    @Test
    void updateTakesOnlyAnHttpsBundleAddress() {
        assertThat(parse("{\"command\":\"update\",\"args\":{\"url\":\"https://fleet.example/b/1.5.0.bundle\"}}"))
                .isEqualTo(new CommandParser.Parsed.Accepted(new FleetCommand.Update(java.net.URI.create("https://fleet.example/b/1.5.0.bundle"))));
        for (String url : new String[] {"http://fleet.example/b", "file:///etc/passwd", "https://user:pw@fleet.example/b",
                "https:///nohost", "not a uri at all", "ftp://x/y"}) {
            assertThat(rejected("{\"command\":\"update\",\"args\":{\"url\":\"" + url + "\"}}").code())
                    .as(url).isEqualTo(CommandError.INVALID_ARGUMENT);
        }
        assertThat(rejected("{\"command\":\"update\"}").code()).isEqualTo(CommandError.INVALID_ARGUMENT);
        assertThat(rejected("{\"command\":\"update\",\"args\":{\"url\":7}}").code()).isEqualTo(CommandError.INVALID_ARGUMENT);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "not json", "[1,2]", "\"ping\"", "{\"command\":\"ping\"} trailing",
            "{\"command\":\"ping\",\"command\":\"restart\"}", "{\"command\":7}", "{\"args\":{}}",
            "{\"command\":\"ping\",\"args\":[]}", "{\"command\":\"ping\",\"extra\":1}"})
    void rejectsMalformedRequests(String json) {
        CommandParser.Parsed.Rejected rejected = rejected(json);

        assertThat(rejected.code()).isEqualTo(CommandError.MALFORMED);
        assertThat(rejected.reason()).isEqualTo("malformed");
        assertThat(rejected.message()).isNotBlank();
    }

    @Test
    void rejectsInvalidUtf8AsMalformed() {
        byte[] bytes = {'{', '"', 'c', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'};

        assertThat(parser.parse(bytes)).isInstanceOfSatisfying(CommandParser.Parsed.Rejected.class,
                r -> assertThat(r.code()).isEqualTo(CommandError.MALFORMED));
    }

    @Test
    void rejectsAnUnknownCommandNamingIt() {
        CommandParser.Parsed.Rejected rejected = rejected("{\"command\":\"format-disk\"}");

        assertThat(rejected.code()).isEqualTo(CommandError.UNKNOWN_COMMAND);
        assertThat(rejected.message()).contains("format-disk");
    }

    @Test
    void rejectsAPayloadLargerThan64KiB() {
        String padding = "x".repeat(CommandParser.MAX_PAYLOAD_BYTES);
        CommandParser.Parsed.Rejected rejected = rejected("{\"command\":\"ping\",\"args\":{\"p\":\"" + padding + "\"}}");

        assertThat(rejected.code()).isEqualTo(CommandError.MALFORMED);
        assertThat(rejected.reason()).isEqualTo("oversized");
        assertThat(rejected.message()).contains("65536");
    }

    @Test
    void rejectsWrongArgumentTypesAndRangesNamingTheKey() {
        assertThat(rejected("{\"command\":\"identify\",\"args\":{\"seconds\":\"ten\"}}").message()).startsWith("'seconds'");
        assertThat(rejected("{\"command\":\"identify\",\"args\":{\"seconds\":0}}").message()).startsWith("'seconds'");
        assertThat(rejected("{\"command\":\"identify\",\"args\":{\"seconds\":2.5}}").code())
                .isEqualTo(CommandError.INVALID_ARGUMENT);
        assertThat(rejected("{\"command\":\"join\",\"args\":{\"meetingUrl\":42}}").message()).startsWith("'meetingUrl'");
        // the control API's rule for a meeting, word for word
        for (String[] bad : new String[][] {
                {"javascript:alert(1)", "the scheme 'javascript', which is not allowed"},
                {"https://alice:secret@visio.example/a", "carries a user name or password"},
                {"local:../x", "local: names may only hold"},
                {"/abc-defg-hij", "has no scheme"},
                {"https://visio.example/a b", "is not a valid URL"},
                {" ", "is empty"},
                {"https://" + "a".repeat(2048), "characters long; at most 2048"}}) {
            String json = "{\"command\":\"join\",\"args\":{\"meetingUrl\":\"" + bad[0] + "\"}}";
            assertThat(rejected(json).message()).as(bad[0]).startsWith("'meetingUrl'").contains(bad[1]);
            assertThat(rejected(json).code()).isEqualTo(CommandError.INVALID_ARGUMENT);
        }
        assertThat(rejected("{\"command\":\"set-config\",\"args\":{\"changes\":{}}}").message()).startsWith("'changes'");
        assertThat(rejected("{\"command\":\"set-config\"}").message()).startsWith("'changes'");
    }

    @Test
    void rejectsAnArgumentTheCommandDoesNotTake() {
        CommandParser.Parsed.Rejected rejected = rejected("{\"command\":\"restart\",\"args\":{\"force\":true}}");

        assertThat(rejected.code()).isEqualTo(CommandError.INVALID_ARGUMENT);
        assertThat(rejected.message()).startsWith("'force'").contains("no arguments");
    }

    @Test
    void snapshotTakesNoArgumentsAndCollectLogsAnOptionalLineCount() {
        assertThat(parse("{\"command\":\"snapshot\"}")).isEqualTo(new CommandParser.Parsed.Accepted(new FleetCommand.Snapshot()));
        assertThat(parse("{\"command\":\"snapshot\",\"args\":{}}"))
                .isEqualTo(new CommandParser.Parsed.Accepted(new FleetCommand.Snapshot()));
        assertThat(parse("{\"command\":\"collect-logs\"}"))
                .isEqualTo(new CommandParser.Parsed.Accepted(new FleetCommand.CollectLogs(200)));
        assertThat(parse("{\"command\":\"collect-logs\",\"args\":{\"lines\":1}}"))
                .isEqualTo(new CommandParser.Parsed.Accepted(new FleetCommand.CollectLogs(1)));
        assertThat(parse("{\"command\":\"collect-logs\",\"args\":{\"lines\":500}}"))
                .isEqualTo(new CommandParser.Parsed.Accepted(new FleetCommand.CollectLogs(500)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-3", "501", "4294967497", "2.5", "\"200\"", "true", "null", "[10]", "{}"})
    void collectLogsRefusesALineCountThatIsNotAnIntegerFrom1To500(String lines) {
        CommandParser.Parsed.Rejected rejected = rejected("{\"command\":\"collect-logs\",\"args\":{\"lines\":" + lines + "}}");

        assertThat(rejected.code()).isEqualTo(CommandError.INVALID_ARGUMENT);
        assertThat(rejected.reason()).isEqualTo("invalid-argument");
        assertThat(rejected.message()).startsWith("'lines'").contains("1 to 500");
    }

    @Test
    void snapshotAndCollectLogsRefuseUnknownArgumentsNamingThem() {
        CommandParser.Parsed.Rejected snapshot = rejected("{\"command\":\"snapshot\",\"args\":{\"quality\":90}}");
        CommandParser.Parsed.Rejected logs = rejected("{\"command\":\"collect-logs\",\"args\":{\"lines\":5,\"since\":\"1h\"}}");

        assertThat(snapshot.code()).isEqualTo(CommandError.INVALID_ARGUMENT);
        assertThat(snapshot.message()).startsWith("'quality'").contains("takes no arguments");
        assertThat(logs.code()).isEqualTo(CommandError.INVALID_ARGUMENT);
        assertThat(logs.message()).startsWith("'since'").contains("[lines]");
    }
}

package dev.salle.bridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.salle.bridge.config.ConfigException;
import dev.salle.rtc.token.AccessTokenVerifier;
import dev.salle.rtc.token.ApiKeys;
import dev.salle.rtc.token.VerifiedToken;
import dev.salle.testkit.FakeClock;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class TokenMainTest {

    private final FakeClock clock = new FakeClock();
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(Map<String, String> env, String... args) {
        return new CommandLine(new TokenMain(env, clock, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8))).execute(args);
    }

    @Test
    void printsATokenTheVerifierAcceptsForTheRoomAndAJoinUrl() throws Exception {
        int exit = run(Map.of(), "--dev", "--room", "salle", "--identity", "pi-42", "--name", "Board room",
                "--ttl", "2h");
        assertThat(exit).isZero();
        String[] lines = out.toString(StandardCharsets.UTF_8).split("\n");
        String token = lines[0];
        VerifiedToken t = new AccessTokenVerifier(ApiKeys.of(Map.of("devkey", "secret")), clock).verify(token);
        t.joinCheck("salle");
        assertThat(t.identity()).isEqualTo("pi-42");
        assertThat(t.name()).isEqualTo("Board room");
        assertThat(t.expiresAt()).isEqualTo(clock.instant().plus(Duration.ofHours(2)));
        assertThat(t.grant().roomAdmin()).isFalse();
        assertThat(lines[1]).isEqualTo("LiveKit URL: ws://127.0.0.1:7880");
        assertThat(lines[2]).contains("http://127.0.0.1:7880/salle?token=" + token);
    }

    @Test
    void grantsRoomAdminWhenAskedWithKeysFromTheEnvironment() throws Exception {
        String secret = BridgeFixture.SECRET;
        int exit = run(Map.of("LIVEKIT_KEYS", "site: " + secret), "--room", "r", "--identity", "host",
                "--room-admin", "--url", "wss://bridge.example.org");
        assertThat(exit).isZero();
        String output = out.toString(StandardCharsets.UTF_8);
        VerifiedToken t = new AccessTokenVerifier(ApiKeys.parse("site: " + secret), clock)
                .verify(output.split("\n")[0]);
        assertThat(t.grant().roomAdmin()).isTrue();
        assertThat(output).contains("https://bridge.example.org/r?token=").doesNotContain(secret);
    }

    @Test
    void refusesWithoutKeysLikeTheBridge() {
        int exit = run(Map.of(), "--room", "r", "--identity", "i");
        assertThat(exit).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("no API keys configured").contains("--dev");
        assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
    }

    @Test
    void refusesABadTtlOrUrl() {
        assertThat(run(Map.of(), "--dev", "--room", "r", "--identity", "i", "--ttl", "forever")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--ttl is 'forever'");
        assertThat(run(Map.of(), "--dev", "--room", "r", "--identity", "i", "--url", "http://x")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--url is 'http://x'");
    }

    @Test
    void readsTtlUnits() throws ConfigException {
        assertThat(TokenMain.parseTtl("90s")).isEqualTo(Duration.ofSeconds(90));
        assertThat(TokenMain.parseTtl("30m")).isEqualTo(Duration.ofMinutes(30));
        assertThat(TokenMain.parseTtl("2d")).isEqualTo(Duration.ofDays(2));
        assertThatThrownBy(() -> TokenMain.parseTtl("0h")).isInstanceOf(ConfigException.class);
    }
}

package dev.salle.rtc.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ApiKeysTest {

    private static final String LONG_SECRET_1 = "s3cr3t-one-0123456789abcdefghijklmnop";
    private static final String LONG_SECRET_2 = "s3cr3t-two-0123456789abcdefghijklmnop";

    @Test
    void parsesSeveralKeyLinesSkippingBlanksAndComments() {
        ApiKeys keys = ApiKeys.parse("# bridge keys\nAPIone: " + LONG_SECRET_1 + "\n\n  APItwo:" + LONG_SECRET_2 + "  \r\n");

        assertThat(keys.keyIds()).containsExactly("APIone", "APItwo");
        assertThat(keys.secretFor("APItwo")).hasValueSatisfying(s -> assertThat(new String(s)).isEqualTo(LONG_SECRET_2));
        assertThat(keys.secretFor("APIthree")).isEmpty();
    }

    @Test
    void refusesAShortSecretWithoutRevealingIt() {
        assertThatThrownBy(() -> ApiKeys.parse("APIone: tooShortSecret"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("APIone")
                .hasMessageContaining("14 characters")
                .hasMessageContaining("32")
                .hasMessageNotContaining("tooShortSecret");
    }

    @Test
    void acceptsTheDocumentedDevelopmentKeyDespiteItsShortSecret() {
        ApiKeys keys = ApiKeys.parse("devkey: secret");

        assertThat(keys.keyIds()).containsExactly("devkey");
    }

    @Test
    void theDevelopmentSecretIsRefusedUnderAnyOtherKey() {
        assertThatThrownBy(() -> ApiKeys.parse("mykey: secret"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("mykey");
    }

    @Test
    void refusesALineWithoutColonNamingTheLine() {
        assertThatThrownBy(() -> ApiKeys.parse("APIone: " + LONG_SECRET_1 + "\nAPItwo " + LONG_SECRET_2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("line 2")
                .hasMessageNotContaining(LONG_SECRET_2);
    }

    @Test
    void refusesARepeatedKey() {
        assertThatThrownBy(() -> ApiKeys.parse("APIone: " + LONG_SECRET_1 + "\nAPIone: " + LONG_SECRET_2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("repeats key 'APIone'");
    }

    @Test
    void refusesNoKeysAtAll() {
        assertThatThrownBy(() -> ApiKeys.parse("# nothing\n"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no API key");
    }

    @Test
    void refusesKeysWithSpacesAndEmptySecrets() {
        assertThatThrownBy(() -> ApiKeys.of(Map.of("API one", LONG_SECRET_1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'API one'");
        assertThatThrownBy(() -> ApiKeys.parse("APIone:"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("secret of API key 'APIone'");
    }

    @Test
    void toStringListsKeysButNoSecret() {
        ApiKeys keys = ApiKeys.of(Map.of("APIone", LONG_SECRET_1));

        assertThat(keys.toString()).contains("APIone").doesNotContain(LONG_SECRET_1);
    }

    @Test
    void secretForHandsOutACopy() {
        ApiKeys keys = ApiKeys.of(Map.of("APIone", LONG_SECRET_1));
        byte[] first = keys.secretFor("APIone").orElseThrow();
        first[0] = 'X';

        assertThat(new String(keys.secretFor("APIone").orElseThrow())).isEqualTo(LONG_SECRET_1);
    }

    @Test
    void readsKeysFromTheLiveKitEnvironmentVariable() {
        ApiKeys keys = ApiKeys.fromEnvironment(Map.of("LIVEKIT_KEYS", "APIone: " + LONG_SECRET_1 + "\nAPItwo: " + LONG_SECRET_2));

        assertThat(keys.keyIds()).containsExactly("APIone", "APItwo");
        assertThatThrownBy(() -> ApiKeys.fromEnvironment(Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("LIVEKIT_KEYS is not set");
    }
}

package dev.salle.fleet.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ConfigScopeTest {

    @ParameterizedTest
    @ValueSource(strings = {"org", "site=Lyon", "room=Lyon/Salle Marianne", "device=salle-0042", "site=Préfecture du Rhône"})
    void theCommandLineAndStoredFormsGoBothWays(String text) {
        ConfigScope scope = ConfigScope.parse(text);

        assertThat(scope.toString()).isEqualTo(text);
        assertThat(ConfigScope.fromStored(scope.stored())).isEqualTo(scope);
    }

    @ParameterizedTest(name = "[{index}] {1}")
    @CsvSource(delimiter = '|', textBlock = """
            ''                     | unknown scope
            organisation           | use org, site=NAME, room=SITE/ROOM or device=ID
            site                   | the site must be 1-80 characters
            site=                  | the site must be 1-80 characters
            'site=   '             | the site must be 1-80 characters
            room=Lyon              | a room is written room=SITE/ROOM
            room=Lyon/             | the room must be 1-80 characters
            room=/Salle            | the site must be 1-80 characters
            device=                | is not a device id
            device=../etc          | is not a device id
            device=a/b             | is not a device id
            building=B             | unknown scope
            """)
    void badScopesAreRefusedWithWhatIsAllowed(String text, String message) {
        assertThatThrownBy(() -> ConfigScope.parse(text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(message);
    }

    @org.junit.jupiter.api.Test
    void controlCharactersAndOverlongNamesAreRefused() {
        assertThatThrownBy(() -> ConfigScope.parse("site=Lyon\nOrg")).hasMessageContaining("control characters");
        assertThatThrownBy(() -> ConfigScope.parse("site=" + "x".repeat(81))).hasMessageContaining("1-80");
        assertThatThrownBy(() -> ConfigScope.fromStored("nonsense")).hasMessageContaining("not a stored scope");
    }
}

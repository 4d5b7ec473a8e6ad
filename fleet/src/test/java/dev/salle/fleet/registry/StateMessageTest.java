package dev.salle.fleet.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class StateMessageTest {

    @Test
    void aDevicesOnlineAndWillMessagesParse() {
        StateMessage online = parse("{\"online\":true,\"version\":\"0.1.0\",\"room\":\"Salle Marianne\",\"site\":\"Rhône\","
                + "\"call\":\"idle\",\"since\":\"2026-11-22T10:00:00Z\",\"ts\":\"2026-11-22T10:00:01Z\",\"later\":[1]}");
        StateMessage will = parse("{\"online\":false,\"reason\":\"lost\",\"version\":\"0.1.0\",\"room\":\"Salle Marianne\"}");

        assertThat(online.online()).isTrue();
        assertThat(online.call()).contains("idle");
        assertThat(online.site()).contains("Rhône");
        assertThat(will.online()).isFalse();
        assertThat(will.reason()).contains("lost");
        assertThat(will.site()).isEmpty();
    }

    @Test
    void malformedOrHostileStatesAreRefusedWithAReason() {
        String[] bad = {"", "null", "[]", "{}", "{\"online\":\"yes\"}", "{\"online\":true,\"room\":7}",
                "{\"online\":true,\"room\":\"" + "x".repeat(81) + "\"}", "{\"online\":true,\"call\":\"a\\u0000b\"}",
                "{\"online\":true,\"online\":false}", "{\"online\":true} {}", "{\"online\":tru"};
        for (String text : bad) {
            assertThatThrownBy(() -> parse(text)).as(text).isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> StateMessage.parse(new byte[StateMessage.MAX_BYTES + 1])).hasMessageContaining("over");
    }

    @Test
    void theRegistryKeepsTheLatestStatePerDevice() {
        try (DeviceRegistry registry = DeviceRegistry.inMemory("state-test")) {
            registry.recordState("d-1", parse("{\"online\":true,\"site\":\"A\",\"call\":\"in-call\"}"), Instant.parse("2026-11-22T10:00:00Z"));
            registry.recordState("d-2", parse("{\"online\":true,\"site\":\"B\"}"), Instant.parse("2026-11-22T10:00:00Z"));
            registry.recordState("d-1", parse("{\"online\":false,\"reason\":\"lost\",\"site\":\"A\",\"call\":\"in-call\"}"),
                    Instant.parse("2026-11-22T10:05:00Z"));

            assertThat(registry.onlineCount()).isEqualTo(1);
            DeviceRecord d1 = registry.device("d-1").orElseThrow();
            assertThat(d1.online()).isFalse();
            assertThat(d1.reason()).contains("lost");
            assertThat(d1.call()).as("no call state while offline").isEmpty();
            assertThat(registry.devices(Optional.of("B"))).extracting(DeviceRecord::id).containsExactly("d-2");
            assertThat(registry.seen("d-2", Instant.parse("2026-11-22T10:06:00Z"))).isTrue();
            assertThat(registry.seen("unknown", Instant.parse("2026-11-22T10:06:00Z"))).isFalse();
        }
    }

    private static StateMessage parse(String text) {
        return StateMessage.parse(text.getBytes(StandardCharsets.UTF_8));
    }
}

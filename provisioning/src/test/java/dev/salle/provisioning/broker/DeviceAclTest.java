package dev.salle.provisioning.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DeviceAclTest {

    @Test
    void devicesGetTheirOwnTopicsOnlyAndTheFleetGetsAll() {
        String acl = DeviceAcl.mosquitto("salle/v1", "salle-fleet");

        assertThat(acl.lines().filter(l -> l.startsWith("pattern"))).containsExactly(
                "pattern write salle/v1/devices/%u/state",
                "pattern write salle/v1/devices/%u/telemetry",
                "pattern write salle/v1/devices/%u/events",
                "pattern write salle/v1/devices/%u/replies/#",
                "pattern read salle/v1/devices/%u/cmd");
        assertThat(acl).contains("user salle-fleet\ntopic readwrite salle/v1/#");
        assertThat(acl).doesNotContain("readwrite salle/v1/devices/%u");
    }

    @Test
    void prefixesAndClientIdsThatCouldWidenTheRulesAreRefused() {
        for (String prefix : new String[] {"salle/#", "+", "a//b", "", "a b", "salle/v1\nuser x"}) {
            assertThatThrownBy(() -> DeviceAcl.mosquitto(prefix, "salle-fleet")).isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> DeviceAcl.mosquitto("salle/v1", "x\ntopic readwrite #"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}

package dev.salle.device.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class FleetConfigTest {

    @Test
    void defaultsAreThirtySecondsAndAHundredMessagesUnderSalleV1() {
        FleetConfig config = FleetConfig.of("tcp://broker.example:1883", "room-1");

        assertThat(config.telemetryInterval()).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.keepAlive()).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.outboxCapacity()).isEqualTo(100);
        assertThat(config.topics().state()).isEqualTo("salle/v1/devices/room-1/state");
    }

    @Test
    void aDeviceIdWithTopicWildcardsIsRejectedNamingTheKeyAndValue() {
        assertThatThrownBy(() -> FleetConfig.of("tcp://127.0.0.1:1883", "room/#"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("fleet.deviceId").hasMessageContaining("room/#");
    }

    @Test
    void aBrokerUriWithoutTcpSchemeOrPortIsRejected() {
        assertThatThrownBy(() -> FleetConfig.of("http://127.0.0.1:1883", "room-1"))
                .hasMessageContaining("fleet.brokerUri").hasMessageContaining("tcp://host:port");
        assertThatThrownBy(() -> FleetConfig.of("tcp://127.0.0.1", "room-1")).hasMessageContaining("fleet.brokerUri");
    }

    @Test
    void aBrokerUriWithCredentialsIsRejectedWithoutEchoingThem() {
        assertThatThrownBy(() -> FleetConfig.of("tcp://admin:s3cret@127.0.0.1:1883", "room-1"))
                .hasMessageContaining("fleet.brokerUri").hasMessageNotContaining("s3cret");
    }

    @Test
    void outOfRangeNumbersAreRejectedNamingTheKey() {
        FleetConfig config = FleetConfig.of("tcp://127.0.0.1:1883", "room-1");

        assertThatThrownBy(() -> config.withOutboxCapacity(-1)).hasMessageContaining("fleet.outboxCapacity");
        assertThatThrownBy(() -> config.withTelemetryInterval(Duration.ZERO)).hasMessageContaining("fleet.telemetryInterval");
        assertThatThrownBy(() -> config.withTopicPrefix("salle/+")).hasMessageContaining("fleet.topicPrefix");
    }

    @Test
    void onlyReplyTopicsUnderTheDevicesOwnTreeAreAnswerable() {
        FleetTopics topics = FleetConfig.of("tcp://127.0.0.1:1883", "room-1").topics();

        assertThat(topics.isReplyTopic("salle/v1/devices/room-1/replies/manager/7")).isTrue();
        assertThat(topics.isReplyTopic("salle/v1/devices/room-2/replies/manager/7")).isFalse();
        assertThat(topics.isReplyTopic("salle/v1/devices/room-1/replies/")).isFalse();
        assertThat(topics.isReplyTopic("salle/v1/devices/room-1/state")).isFalse();
    }
}

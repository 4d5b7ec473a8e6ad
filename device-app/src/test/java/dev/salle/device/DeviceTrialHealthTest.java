package dev.salle.device;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class DeviceTrialHealthTest {

    private final AtomicBoolean brokerReachable = new AtomicBoolean(true);
    private final FakeDeviceMedia media = new FakeDeviceMedia();
    private final DeviceTrialHealth health = new DeviceTrialHealth(brokerReachable::get, media);

    @Test
    void healthyWhenTheBrokerIsReachableAndTheMediaRuns() {
        assertThat(health.problem()).isEmpty();
    }

    @Test
    void notHealthyWhileTheMediaHasAProblemEvenWithTheBrokerReachable() {
        media.mediaProblem = Optional.of("the display pipeline is PAUSED, not PLAYING");

        assertThat(health.problem()).contains("the display pipeline is PAUSED, not PLAYING");

        media.mediaProblem = Optional.empty();
        assertThat(health.problem()).isEmpty();
    }

    @Test
    void aFailureNamesEveryPartThatFailed() {
        brokerReachable.set(false);
        assertThat(health.problem()).contains(DeviceTrialHealth.BROKER_NOT_REACHABLE);

        media.mediaProblem = Optional.of("the video-send pipeline failed (state ERROR)");
        assertThat(health.problem())
                .contains("the fleet broker is not reachable; the video-send pipeline failed (state ERROR)");
    }
}

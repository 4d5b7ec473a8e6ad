package dev.salle.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.salle.device.call.CallState;
import dev.salle.device.config.ConfigStore;
import dev.salle.device.config.DeviceConfig;
import dev.salle.hw.button.SimulatedButton;
import dev.salle.hw.led.LedState;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The composition root wires the button, the call, the LED, the screen and media failures together. */
class DeviceAppWiringTest {

    private final FakeDeviceMedia media = new FakeDeviceMedia();
    private DeviceApp app;

    private DeviceApp start(Map<String, String> extra) {
        Map<String, String> values = new HashMap<>(Map.of(
                "device.room", "Salle Marianne",
                "device.hardware", "simulated",
                "call.meeting", "local:",
                "page.enabled", "false",
                "fleet.enabled", "false"));
        values.putAll(extra);
        app = DeviceApp.start(new ConfigStore(DeviceConfig.of(values, "h"), Optional.empty(), "h"), c -> media, Map::of, () -> {});
        return app;
    }

    private SimulatedButton button() {
        return app.hardware().simulatedButton().orElseThrow();
    }

    @AfterEach
    void stop() {
        if (app != null) {
            app.close();
        }
    }

    @Test
    void startsTheMediaAndShowsTheRoomReadyToJoin() {
        start(Map.of());

        assertThat(media.started).isTrue();
        assertThat(media.overlay).isEqualTo("Salle Marianne\nPress the button to join the meeting");
        assertThat(app.hardware().led().current()).isEqualTo(LedState.IDLE);
    }

    @Test
    void buttonPressJoinsAndTheLedAndScreenFollow() {
        start(Map.of());

        button().press();

        await().atMost(Duration.ofSeconds(5)).until(() -> app.callState().state() == CallState.IN_CALL);
        assertThat(app.hardware().led().current()).isEqualTo(LedState.IN_CALL);
        assertThat(media.overlay).endsWith("In call");

        button().longPress();
        await().atMost(Duration.ofSeconds(5)).until(() -> app.hardware().led().current() == LedState.MUTED);
        await().atMost(Duration.ofSeconds(5)).until(() -> !button().isPressed());

        button().press();
        await().atMost(Duration.ofSeconds(5)).until(() -> app.callState().state() == CallState.IDLE);
    }

    @Test
    void pipelineFailureBecomesAnErrorOnScreenAndLed() {
        start(Map.of());

        media.failPipeline("The video-send pipeline stopped: Could not open the camera (at camera)");

        await().atMost(Duration.ofSeconds(5)).until(() -> app.callState().state() == CallState.ERROR);
        assertThat(app.hardware().led().current()).isEqualTo(LedState.ERROR);
        assertThat(media.overlay).contains("Error: The video-send pipeline stopped: Could not open the camera");
    }

    @Test
    void aMeetingServerThatCannotBeReachedSaysSoAndReturnsToIdle() {
        // nothing listens on loopback port 1: the room API request is refused at once
        start(Map.of("call.meeting", "http://127.0.0.1:1/abc-defg-hij", "call.error-hold", "1s"));

        button().press();

        await().atMost(Duration.ofSeconds(15)).until(() -> app.callState().state() == CallState.ERROR);
        assertThat(app.callState().message()).isEqualTo("The meeting server cannot be reached. Check the network.");
        await().atMost(Duration.ofSeconds(5)).until(() -> app.callState().state() == CallState.IDLE);
    }

    @Test
    void roomRenamedByTheFleetShowsOnScreenAtOnce() throws Exception {
        start(Map.of());

        app.config().applyFleetChanges(Map.of("device.room", "Salle Rhône"));

        assertThat(media.overlay).startsWith("Salle Rhône\n");
    }

    @Test
    void telemetryTellsWhetherTheScreenIsConnected() {
        start(Map.of());

        assertThat(app.hardware().telemetry()).containsEntry("display", true).containsEntry("displayMode", "1920x1080@60");
    }

    @Test
    void closeStopsTheMedia() {
        start(Map.of());

        app.close();

        assertThat(media.closed).isTrue();
    }
}

package dev.salle.device;

import static org.assertj.core.api.Assertions.assertThat;

import dev.salle.device.call.CallStateMachine;
import dev.salle.device.call.CallTiming;
import dev.salle.device.config.ConfigStore;
import dev.salle.device.config.DeviceConfig;
import dev.salle.device.fleet.CommandError;
import dev.salle.device.fleet.CommandResult;
import dev.salle.hw.led.SimulatedStatusLed;
import dev.salle.testkit.FakeClock;
import dev.salle.testkit.FakeScheduler;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class FleetBindingTest {

    private final FakeClock clock = new FakeClock();
    private final FakeScheduler scheduler = new FakeScheduler(clock);
    private final FakeDeviceMedia media = new FakeDeviceMedia();
    private final ConfigStore config = new ConfigStore(DeviceConfig.of(Map.of("device.room", "A", "device.site", "Lyon",
            "call.meeting", "local:"), "h"), Optional.empty(), "h");
    private final CallStateMachine call = new CallStateMachine(media.localTestConnection(),
            () -> new CallTiming(Duration.ofSeconds(20), Duration.ofSeconds(5), Duration.ofSeconds(10)),
            () -> config.current().call().meeting(), () -> config.current().identity().room(), clock, scheduler);
    private final SimulatedStatusLed led = new SimulatedStatusLed(scheduler);
    private final AtomicInteger restarts = new AtomicInteger();
    private final FleetBinding binding = new FleetBinding(config, call, led, media,
            () -> Map.of("cpuPercent", 12.5), restarts::incrementAndGet, () -> { },
            url -> dev.salle.device.fleet.CommandResult.ok(), "1.2.3",
            () -> Optional.of(Map.of("rating", "good", "rttMs", 12L)));

    @Test
    void stateCarriesRoomSiteVersionAndCall() {
        assertThat(binding.state().room()).isEqualTo("A");
        assertThat(binding.state().site()).isEqualTo("Lyon");
        assertThat(binding.state().version()).isEqualTo("1.2.3");
        assertThat(binding.state().call()).isEqualTo("idle");
    }

    @Test
    void telemetryJoinsSystemMediaAndCall() {
        assertThat(binding.telemetry())
                .containsEntry("cpuPercent", 12.5)
                .containsEntry("camera", false)
                .containsEntry("mediaElements", Map.of("videoEncoder", "fake"))
                .containsEntry("call", "idle")
                .doesNotContainKey("callQuality");
    }

    @Test
    void telemetryCarriesTheCallsQualityOnlyDuringACall() {
        binding.join(Optional.empty());

        assertThat(binding.telemetry()).containsEntry("call", "in_call")
                .containsEntry("callQuality", Map.of("rating", "good", "rttMs", 12L));
        binding.leave();
        assertThat(binding.telemetry()).doesNotContainKey("callQuality");
    }

    @Test
    void joinAndLeaveDriveTheCall() {
        assertThat(binding.join(Optional.empty())).isInstanceOf(CommandResult.Ok.class);
        assertThat(binding.state().call()).isEqualTo("in_call");

        assertThat(binding.join(Optional.empty())).isEqualTo(CommandResult.failed(CommandError.BUSY, "the room is in_call; leave first"));
        assertThat(binding.leave()).isInstanceOf(CommandResult.Ok.class);
        assertThat(binding.state().call()).isEqualTo("idle");
    }

    @Test
    void joinWithAnInvalidMeetingIsRefusedBeforeAnythingMoves() {
        CommandResult r = binding.join(Optional.of("ftp://nope"));

        assertThat(r).isInstanceOf(CommandResult.Failed.class);
        assertThat(((CommandResult.Failed) r).code()).isEqualTo(CommandError.INVALID_ARGUMENT);
        assertThat(binding.state().call()).isEqualTo("idle");
    }

    @Test
    void setConfigAppliesValidChangesAndSaysWhichNeedARestart() {
        CommandResult r = binding.setConfig(Map.of("device.room", "B", "media.video.fps", 25));

        assertThat(r).isInstanceOf(CommandResult.Ok.class);
        assertThat(((CommandResult.Ok) r).result()).containsEntry("restartRequired", java.util.List.of("media.video.fps"));
        assertThat(config.current().identity().room()).isEqualTo("B");
        assertThat(config.current().media().videoFps()).isEqualTo(25);
    }

    @Test
    void setConfigWithABadValueNamesTheKeyAndChangesNothing() {
        CommandResult r = binding.setConfig(Map.of("device.room", "B", "media.video.fps", 500));

        assertThat(r).isInstanceOf(CommandResult.Failed.class);
        assertThat(((CommandResult.Failed) r).message()).startsWith("'media.video.fps'");
        assertThat(config.current().identity().room()).isEqualTo("A");
    }

    @Test
    void setConfigRefusesNestedValues() {
        CommandResult r = binding.setConfig(Map.of("device.room", Map.of("x", 1)));

        assertThat(((CommandResult.Failed) r).code()).isEqualTo(CommandError.INVALID_ARGUMENT);
        assertThat(config.current().identity().room()).isEqualTo("A");
    }

    @Test
    void getConfigHidesNothingButSecretsAndTellsTheSource() {
        @SuppressWarnings("unchecked")
        Map<String, String> room = (Map<String, String>) binding.config().get("device.room");

        assertThat(room).containsEntry("value", "A").containsEntry("source", "file");
    }

    @Test
    void identifyBlinksTheLedAndRestartRunsTheRestartAction() {
        binding.identify(Duration.ofSeconds(5));
        assertThat(led.identifying()).isTrue();

        binding.restart();
        assertThat(restarts).hasValue(1);
    }
}

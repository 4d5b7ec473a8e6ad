package dev.salle.hw.display;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.salle.hw.fake.FakeCommandRunner;
import dev.salle.testkit.FakeScheduler;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CecDisplayTest {

    private static final String ADAPTER_STATUS = """
            Driver Info:
            \tDriver Name                : vc4_hdmi
            \tAdapter Name               : vc4-hdmi-0
            Physical Address           : 2.0.0.0
            Logical Address Mask       : 0x0010
            """;

    @TempDir
    Path drm;

    private final FakeCommandRunner runner = new FakeCommandRunner();
    private final FakeScheduler scheduler = new FakeScheduler();
    private CecDisplay display;

    @AfterEach
    void closeDisplay() {
        if (display != null) {
            display.close();
        }
    }

    private CecDisplay open() {
        display = new CecDisplay(new CecDisplayConfig("/dev/cec0", drm, Duration.ofSeconds(2), Duration.ofSeconds(5)),
                runner, scheduler);
        return display;
    }

    private void connector(String name, String status, String modes, byte[] edid) throws IOException {
        Path dir = Files.createDirectories(drm.resolve(name));
        Files.writeString(dir.resolve("status"), status + "\n");
        Files.writeString(dir.resolve("modes"), modes);
        Files.write(dir.resolve("edid"), edid);
    }

    @Test
    void powerOnSendsImageViewOnToTheTv() {
        open().powerOn();

        assertThat(runner.commandLines()).containsExactly("cec-ctl -d /dev/cec0 --playback --to 0 --image-view-on");
        assertThat(display.status().power()).isEqualTo(PowerState.ON);
    }

    @Test
    void standbySendsStandbyToTheTv() {
        open().standby();

        assertThat(runner.commandLines()).containsExactly("cec-ctl -d /dev/cec0 --playback --to 0 --standby");
        assertThat(display.status().power()).isEqualTo(PowerState.STANDBY);
    }

    @Test
    void switchToThisInputAnnouncesOurPhysicalAddress() {
        runner.answer("--playback", 0, ADAPTER_STATUS, "");

        open().switchToThisInput();

        assertThat(runner.commandLines()).containsExactly("cec-ctl -d /dev/cec0 --playback",
                "cec-ctl -d /dev/cec0 --playback --to 0 --active-source phys-addr=2.0.0.0");
    }

    @Test
    void switchWithoutPhysicalAddressSaysNoDisplayIsConnected() {
        runner.answer("--playback", 0, "Physical Address           : f.f.f.f\n", "");

        assertThatThrownBy(() -> open().switchToThisInput())
                .isInstanceOf(DisplayException.class)
                .hasMessageContaining("f.f.f.f").hasMessageContaining("no display is connected");
        assertThat(runner.commandLines()).hasSize(1);
    }

    @Test
    void garbledAdapterStatusIsAClearError() {
        runner.answer("--playback", 0, "cec-ctl: something new\n", "");

        assertThatThrownBy(() -> open().switchToThisInput())
                .isInstanceOf(DisplayException.class)
                .hasMessageContaining("printed no physical address ('cec-ctl: something new')");
    }

    @Test
    void queryPowerReadsTheTvsReport() {
        runner.answer("--give-device-power-status", 0, """
                Transmit from Playback Device 1 to TV (4 to 0):
                GIVE_DEVICE_POWER_STATUS (0x8f)
                    Received from TV (0):
                    REPORT_POWER_STATUS (0x90):
                        pwr-state: standby (0x01)
                """, "");

        assertThat(open().queryPower()).isEqualTo(PowerState.STANDBY);
        assertThat(display.status().power()).isEqualTo(PowerState.STANDBY);
    }

    @Test
    void queryPowerWithoutAReplyIsUnknownNotACrash() {
        runner.answer("--give-device-power-status", 0, "GIVE_DEVICE_POWER_STATUS (0x8f)\n", "");

        assertThat(open().queryPower()).isEqualTo(PowerState.UNKNOWN);
    }

    @Test
    void unacknowledgedMessageTellsWhatToCheck() {
        runner.answer("--image-view-on", 0, "\tTx, Not Acknowledged (4), Max Retries\n", "");

        assertThatThrownBy(() -> open().powerOn())
                .isInstanceOf(DisplayException.class)
                .hasMessageContaining("did not answer on CEC").hasMessageContaining("CEC is enabled");
        assertThat(display.status().power()).isEqualTo(PowerState.UNKNOWN);
    }

    @Test
    void failingCecCtlNamesTheExitStatusAndTheDevice() {
        runner.answer("--standby", 1, "", "Failed to open /dev/cec0: No such file or directory\n");

        assertThatThrownBy(() -> open().standby())
                .isInstanceOf(DisplayException.class)
                .hasMessageContaining("exited with 1")
                .hasMessageContaining("Failed to open /dev/cec0");
    }

    @Test
    void missingCecCtlSaysWhichPackageToInstall() {
        runner.failToStart("cec-ctl", "Cannot run program \"cec-ctl\": error=2, No such file or directory");

        assertThatThrownBy(() -> open().powerOn())
                .isInstanceOf(DisplayException.class)
                .hasMessageContaining("v4l-utils");
    }

    @Test
    void statusReadsConnectedConnectorModeAndRefresh() throws IOException {
        connector("card0-HDMI-A-1", "disconnected", "", new byte[0]);
        connector("card0-HDMI-A-2", "connected", "1920x1080\n1280x720\n", EdidFixture.fullHd60());

        DisplayStatus status = open().status();

        assertThat(status.connected()).isTrue();
        assertThat(status.connector()).isEqualTo("card0-HDMI-A-2");
        assertThat(status.mode()).contains(new DisplayMode(1920, 1080, 60));
    }

    @Test
    void missingOrGarbledSysfsReadsAsDisconnectedOrModeless() throws IOException {
        assertThat(open().status().connected()).isFalse();

        connector("card1-HDMI-A-1", "connected", "wide screen\n", new byte[3]);
        DisplayStatus status = display.status();

        assertThat(status.connected()).isTrue();
        assertThat(status.mode()).isEmpty();
    }

    @Test
    void hotPlugIsReportedOnceWhenTheConnectorChanges() throws IOException {
        connector("card1-HDMI-A-1", "disconnected", "", new byte[0]);
        List<DisplayStatus> heard = new ArrayList<>();
        open().addListener(heard::add);

        scheduler.advance(Duration.ofSeconds(4));
        assertThat(heard).isEmpty();

        connector("card1-HDMI-A-1", "connected", "3840x2160\n", new byte[0]);
        scheduler.advance(Duration.ofSeconds(6));

        assertThat(heard).hasSize(1);
        assertThat(heard.get(0).connected()).isTrue();
        assertThat(heard.get(0).mode()).isEqualTo(Optional.of(new DisplayMode(3840, 2160, 0)));
    }

    @Test
    void configRejectsANonCecDevice() {
        assertThatThrownBy(() -> new CecDisplayConfig("/dev/video0", drm, Duration.ofSeconds(2), Duration.ofSeconds(5)))
                .hasMessageContaining("'/dev/video0' is not a CEC device");
    }

    @Test
    void simulatedDisplayIsFullHdAndRecordsRequests() {
        SimulatedDisplay simulated = new SimulatedDisplay();
        List<DisplayStatus> heard = new ArrayList<>();
        simulated.addListener(heard::add);

        simulated.standby();
        simulated.switchToThisInput();
        simulated.plug(false);

        assertThat(simulated.requests()).containsExactly("standby", "switchToThisInput");
        assertThat(simulated.queryPower()).isEqualTo(PowerState.STANDBY);
        assertThat(heard).singleElement().satisfies(s -> assertThat(s.connected()).isFalse());
        simulated.plug(true);
        assertThat(simulated.status().mode()).contains(new DisplayMode(1920, 1080, 60));
    }
}

package dev.salle.device;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import dev.salle.device.call.CallState;
import dev.salle.device.config.ConfigStore;
import dev.salle.device.config.DeviceConfig;
import dev.salle.device.media.GstDeviceMedia;
import dev.salle.media.elements.GstElementRegistry;
import dev.salle.media.MediaRuntime;
import dev.salle.testkit.RealDependency;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A running simulated device (real GStreamer pipelines with test sources) and its device page in
 * headless Chromium: the live screen changes, the Join button presses the device's button, and the
 * page shows the state and the LED the device really has.
 */
class DevicePageBrowserTest {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");

    private DeviceApp device;
    private Playwright playwright;
    private Browser browser;

    @BeforeEach
    void start() {
        RealDependency.require(Files.isExecutable(CHROMIUM), "Chromium at /usr/bin/chromium (Debian package chromium)");
        MediaRuntime.ensureInitialised();
        RealDependency.require(new GstElementRegistry().has("x264enc") || new GstElementRegistry().has("openh264enc"),
                "a software H.264 encoder (Debian package gstreamer1.0-plugins-ugly)");
        DeviceConfig config = DeviceConfig.of(Map.ofEntries(
                Map.entry("device.id", "salle-browser-test"),
                Map.entry("device.room", "Salle Marianne"),
                Map.entry("device.hardware", "simulated"),
                Map.entry("call.meeting", "local:"),
                Map.entry("media.camera", "test"),
                Map.entry("media.microphone", "test"),
                Map.entry("media.video.width", "320"),
                Map.entry("media.video.height", "180"),
                Map.entry("media.video.fps", "15"),
                Map.entry("media.display.sink", "none"),
                Map.entry("media.display.width", "640"),
                Map.entry("media.display.height", "360"),
                Map.entry("page.port", "0"),
                Map.entry("fleet.enabled", "false")), "test");
        device = DeviceApp.start(new ConfigStore(config, Optional.empty(), "test"), GstDeviceMedia::new, Map::of, () -> {});
        playwright = Playwright.create(new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
        browser = playwright.chromium().launch(new BrowserType.LaunchOptions()
                .setExecutablePath(CHROMIUM)
                .setHeadless(true)
                .setArgs(List.of("--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                        "--disable-background-networking", "--disable-component-update", "--disable-sync")));
    }

    @AfterEach
    void stop() {
        if (browser != null) {
            browser.close();
        }
        if (playwright != null) {
            playwright.close();
        }
        if (device != null) {
            device.close();
        }
    }

    @Test
    void pageShowsTheLiveScreenAndItsJoinButtonPutsTheRoomInTheCall() {
        Page page = browser.newPage();
        page.setDefaultTimeout(30_000);
        page.navigate(device.pageUri().orElseThrow().toString());

        page.waitForFunction("() => document.querySelector('#state').dataset.state === 'idle'");
        assertThat(page.textContent("#room")).isEqualTo("Salle Marianne");
        assertThat(page.getAttribute("#led", "data-state")).isEqualTo("IDLE");

        page.waitForFunction("() => { const i = document.querySelector('#screen'); return !i.hidden && i.naturalWidth > 0; }");
        assertThat(page.evalOnSelector("#screen", "i => i.naturalWidth")).isEqualTo(640);
        byte[] first = page.locator("#screen").screenshot();
        byte[] later = first;
        for (int i = 0; i < 30 && Arrays.equals(first, later); i++) { // at most about 15 s
            page.waitForTimeout(500);
            later = page.locator("#screen").screenshot();
        }
        assertThat(Arrays.equals(first, later)).as("the screen picture changes (moving test camera in the self-view)").isFalse();

        page.click("#join");
        page.waitForFunction("() => document.querySelector('#state').dataset.state === 'in_call'");
        assertThat(device.callState().state()).isEqualTo(CallState.IN_CALL);
        assertThat(page.getAttribute("#led", "data-state")).isEqualTo("IN_CALL");
        assertThat(page.textContent("#join")).isEqualTo("Leave");
        assertThat(page.textContent("#events")).contains("joining (api)").contains("in_call (joined)");
        assertThat(device.media().overlayText()).contains("In call");

        page.click("#mute");
        page.waitForFunction("() => document.querySelector('#led').dataset.state === 'MUTED'");
        page.waitForFunction("() => document.querySelector('#button').dataset.pressed === 'false'");

        page.click("#join");
        page.waitForFunction("() => document.querySelector('#state').dataset.state === 'idle'");
        assertThat(device.callState().state()).isEqualTo(CallState.IDLE);
    }
}

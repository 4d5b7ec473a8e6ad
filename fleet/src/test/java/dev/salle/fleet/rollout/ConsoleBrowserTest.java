package dev.salle.fleet.rollout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.options.FilePayload;
import com.microsoft.playwright.options.SelectOption;
import dev.salle.fleet.FleetManager;
import dev.salle.fleet.bundles.BundleLibrary;
import dev.salle.fleet.bundles.BundleServer;
import dev.salle.fleet.console.ConsoleBundleSettings;
import dev.salle.fleet.console.ConsoleServer;
import dev.salle.fleet.console.ConsoleStore;
import dev.salle.fleet.console.Role;
import dev.salle.testkit.RealDependency;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The console in headless Chromium: log in, filter the devices, open one, start a rollout, and
 * watch it progress to done, with five devices running the device's real fleet and update agents;
 * upload a bundle and roll it out from the fleet's own bundle server.
 */
class ConsoleBrowserTest {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final int DEVICES = 5;

    @TempDir
    Path dir;

    private RolloutRig rig;
    private FleetManager manager;
    private ConsoleStore users;
    private ConsoleServer console;
    private BundleLibrary library;
    private Playwright playwright;
    private Browser browser;

    @BeforeEach
    void start() throws Exception {
        RealDependency.require(Files.isExecutable(CHROMIUM), "Chromium at /usr/bin/chromium (Debian package chromium)");
        rig = new RolloutRig(dir, DEVICES);
        String db = "jdbc:h2:file:" + dir.resolve("fleet") + ";AUTO_SERVER=TRUE";
        manager = FleetManager.start(rig.broker.uri(), rig.fleetTls(), "salle/v1", db, "sa", "", rig.clock,
                Duration.ofMillis(500), Duration.ofMillis(300));
        users = new ConsoleStore(db, "sa", "");
        users.putUser("omar", Role.OPERATOR, "operator-password-1".toCharArray());
        library = new BundleLibrary(dir.resolve("bundles"));
        console = new ConsoleServer("127.0.0.1", 0, rig.ca.issueServer("console", List.of("127.0.0.1")), users,
                manager.registry(), manager.rollouts(), manager.layers(), Optional.of(manager.live()),
                Optional.of(ConsoleBundleSettings.of(library, List.of(RolloutRig.RELEASE.getPublic()))), rig.clock);
        console.start();
        rig.devices.forEach(UpdatingDevice::start);
        await().atMost(Duration.ofSeconds(60)).until(() -> manager.registry().onlineCount() == DEVICES);
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
        if (console != null) {
            console.close();
        }
        if (users != null) {
            users.close();
        }
        if (manager != null) {
            manager.close();
        }
        if (rig != null) {
            rig.close();
        }
    }

    @Test
    void logInFilterOpenADeviceStartARolloutAndWatchItFinish() throws Exception {
        URI bundle = rig.serve("/1.5.0.bundle", rig.bundle("1.5.0"));
        // the test's CA is not the system's: this browser context accepts the console's certificate
        Page page = browser.newContext(new Browser.NewContextOptions().setIgnoreHTTPSErrors(true)).newPage();
        page.navigate(console.uri().toString());

        page.fill("#login-name", "omar");
        page.fill("#login-password", "wrong-password-9");
        page.click("#login-button");
        page.waitForSelector("#login-error:has-text('wrong name or password')");
        page.fill("#login-password", "operator-password-1");
        page.click("#login-button");
        page.waitForSelector("#app:not([hidden])");
        assertThat(page.textContent("#who")).isEqualTo("omar (operator)");

        page.waitForSelector("#devices tbody tr >> nth=" + (DEVICES - 1));
        page.fill("#site-filter", "Nowhere");
        page.waitForFunction("() => document.querySelectorAll('#devices tbody tr').length === 0");
        page.fill("#site-filter", "Lyon");
        page.waitForFunction("n => document.querySelectorAll('#devices tbody tr').length === n", DEVICES);

        page.click("#devices tbody tr[data-device='d-sim002']");
        assertThat(page.textContent("#device-detail")).contains("d-sim002").contains("version: 1.4.0").contains("online: true");
        page.waitForSelector("#device-events li:has-text('connected')");
        assertThat(page.textContent("#device-health")).startsWith("Health: ");
        page.click("#device-actions button[data-command='identify']");
        page.waitForSelector("#device-action-result:has-text('identify: done')");
        assertThat(page.textContent("#device-action-result")).contains("\"seconds\":30");
        assertThat(users.audit(50)).anySatisfy(e -> assertThat(e.action() + " " + e.target() + " " + e.outcome())
                .isEqualTo("device.command d-sim002 identify: ok"));

        // configuration in layers: a refused key, then a site's value that reaches the device
        page.fill("#config-scope", "org");
        page.fill("#config-key", "fleet.broker");
        page.fill("#config-value", "mqtts://elsewhere:8883");
        page.click("#config-set");
        page.waitForSelector("#config-error:has-text('can only be set in the device')");
        page.fill("#config-scope", "site=Lyon");
        page.fill("#config-key", "call.error-hold");
        page.fill("#config-value", "4s");
        page.click("#config-set");
        page.waitForSelector("#layers tbody tr:has-text('call.error-hold')");
        assertThat(page.textContent("#layers tbody tr")).contains("site=Lyon").contains("4s").contains("omar");
        assertThat(page.textContent("#config-error")).isEmpty();
        await().atMost(Duration.ofSeconds(30)).until(() ->
                rig.devices.get(2).config.current().call().errorHold().equals(Duration.ofSeconds(4)));
        await().atMost(Duration.ofSeconds(10)).until(() -> manager.layers().status("d-sim002").appliedAt().isPresent());
        page.click("#devices tbody tr[data-device='d-sim002']");
        page.waitForSelector("#device-config-state:has-text('The device has its layered configuration')");
        assertThat(page.textContent("#device-config tbody tr")).contains("call.error-hold").contains("4s").contains("site=Lyon")
                .contains("yes");

        page.fill("#rollout-version", "1.5.0");
        page.fill("#rollout-bundle", bundle.toString());
        page.fill("#rollout-target", "site=Lyon");
        page.fill("#rollout-waves", "40%,100%");
        page.fill("#rollout-failures", "1");
        page.click("#rollout-start");

        page.waitForSelector("#rollouts tbody tr");
        page.waitForSelector("#rollouts tbody tr .state:has-text('DONE')", new Page.WaitForSelectorOptions().setTimeout(90_000));
        assertThat(page.textContent("#rollouts tbody tr")).contains("1.5.0").contains(DEVICES + "/" + DEVICES).contains("2/2");
        assertThat(rig.devices).allSatisfy(d -> assertThat(d.running()).isEqualTo("1.5.0"));
        assertThat(users.audit(50)).anySatisfy(e -> assertThat(e.action()).isEqualTo("rollout.create"));
    }

    @Test
    void filterTheTableWatchADeviceGoAndComeBackLiveSeeItsScreenAndCollectItsLogs() {
        Page page = browser.newContext(new Browser.NewContextOptions().setIgnoreHTTPSErrors(true)).newPage();
        List<String> cspErrors = new java.util.concurrent.CopyOnWriteArrayList<>();
        page.onConsoleMessage(m -> {
            if (m.text().contains("Content Security Policy")) {
                cspErrors.add(m.text());
            }
        });
        List<String> pageErrors = new java.util.concurrent.CopyOnWriteArrayList<>();
        page.onPageError(pageErrors::add);
        logInAsOperator(page);
        page.waitForSelector("#devices tbody tr >> nth=" + (DEVICES - 1));
        assertThat(page.textContent("#devices-updated")).startsWith("updated ");
        assertThat(page.textContent("#devices-count")).isEqualTo(DEVICES + " matching (" + DEVICES + " devices)");
        assertThat(page.isDisabled("#devices-next")).as("one page of " + DEVICES).isTrue();
        assertThat(page.isDisabled("#devices-prev")).isTrue();

        // filters, answered by the server
        page.fill("#version-filter", "9.9.9");
        rows(page, 0);
        page.fill("#version-filter", "1.4.0");
        rows(page, DEVICES);
        page.selectOption("#health-filter", "problem");
        rows(page, 0);
        page.selectOption("#health-filter", "unknown"); // these devices send no camera, microphone or display state
        rows(page, DEVICES);
        page.selectOption("#health-filter", "");

        // live: a device going offline and coming back shows without a reload
        page.selectOption("#state-filter", "offline");
        rows(page, 0);
        rig.devices.get(4).goOffline();
        page.waitForSelector("#devices tbody tr[data-device='d-sim004'] td.offline:has-text('offline (shutdown)')");
        rows(page, 1);
        page.selectOption("#state-filter", "online");
        rows(page, DEVICES - 1);
        rig.devices.get(4).comeBack();
        rows(page, DEVICES);
        page.selectOption("#state-filter", "");

        // the device page: its screen, its logs, and its state kept live
        openDevice(page, "d-sim001", pageErrors);
        page.click("#device-screen-refresh");
        page.waitForFunction("() => { const i = document.getElementById('device-screen');"
                + " return !i.hidden && i.complete && i.naturalWidth > 0; }");
        assertThat(page.evalOnSelector("#device-screen", "i => i.naturalWidth")).isEqualTo(320);
        assertThat(page.evalOnSelector("#device-screen", "i => i.naturalHeight")).isEqualTo(180);
        assertThat(page.textContent("#device-screen-result")).contains("320×180 of 1280×720");

        page.fill("#device-log-lines", "50");
        page.click("#device-collect-logs");
        page.waitForSelector("#device-logs:has-text('d-sim001 started on 1.4.0')");
        assertThat(page.textContent("#device-logs")).contains("enrolled with token=<redacted>").doesNotContain("s3cret");
        assertThat(page.textContent("#device-logs-result")).startsWith("2 lines");
        assertThat(page.getAttribute("#device-logs-download", "href")).startsWith("blob:");
        assertThat(page.getAttribute("#device-logs-download", "download")).isEqualTo("d-sim001-logs.txt");

        rig.devices.get(1).goOffline();
        page.waitForSelector("#device-fields:has-text('online: false')");
        page.waitForSelector("#device-screen-refresh[disabled]");

        assertThat(users.audit(50)).extracting(e -> e.action() + " " + e.target() + " " + e.outcome())
                .contains("device.command d-sim001 snapshot: ok", "device.command d-sim001 collect-logs: ok");
        assertThat(cspErrors).isEmpty();
        assertThat(pageErrors).isEmpty();
    }

    @Test
    void uploadABundleInThePageChooseItAsTheHostedBundleAndRollItOutFromTheFleet() throws Exception {
        // what fleet serve does: the bundle server with a certificate of the device CA, its address recorded
        BundleServer bundles = new BundleServer("127.0.0.1", 0, rig.ca.issueServer("salle-fleet-bundles", List.of("127.0.0.1")),
                library);
        bundles.start();
        try {
            library.servedAt(bundles.base("127.0.0.1"));
            byte[] good = rig.bundle("1.5.0");
            byte[] damaged = good.clone();
            damaged[damaged.length - 3] ^= 0x01;
            Page page = browser.newContext(new Browser.NewContextOptions().setIgnoreHTTPSErrors(true)).newPage();
            List<String> pageErrors = new java.util.concurrent.CopyOnWriteArrayList<>();
            page.onPageError(pageErrors::add);
            logInAsOperator(page);
            page.waitForSelector("#bundles-served:has-text('Served to devices at " + bundles.base("127.0.0.1") + "')");

            page.setInputFiles("#bundle-file", new FilePayload("damaged.bundle", "application/octet-stream", damaged));
            page.click("#bundle-upload");
            page.waitForSelector("#bundle-upload-result.error:has-text('payload-mismatch')");
            assertThat(page.textContent("#bundle-upload-result")).startsWith("damaged.bundle: the bundle is refused");
            assertThat(library.list().bundles()).isEmpty();

            page.setInputFiles("#bundle-file", new FilePayload("salle-1.5.0.bundle", "application/octet-stream", good));
            page.click("#bundle-upload");
            page.waitForSelector("#bundle-upload-result:has-text('Hosted 1.5.0 for device-app')");
            assertThat(page.textContent("#bundle-upload-result")).contains("signature checked");
            page.waitForSelector("#bundles tbody tr:has-text('1.5.0')");
            String sha = page.getAttribute("#bundles tbody tr", "data-bundle");
            assertThat(library.file(sha)).isPresent();
            assertThat(page.textContent("#bundles tbody tr")).contains(sha.substring(0, 12)).contains("device-app");

            page.waitForSelector("#rollout-hosted option[value='" + sha + "']", new Page.WaitForSelectorOptions()
                    .setState(com.microsoft.playwright.options.WaitForSelectorState.ATTACHED));
            page.selectOption("#rollout-hosted", sha);
            assertThat(page.inputValue("#rollout-version")).isEqualTo("1.5.0");
            assertThat(page.getAttribute("#rollout-version", "readonly")).as("the manifest's version, locked").isNotNull();
            assertThat(page.isDisabled("#rollout-bundle")).isTrue();
            page.fill("#rollout-target", "site=Lyon");
            page.fill("#rollout-waves", "40%,100%");
            page.fill("#rollout-failures", "1");
            page.click("#rollout-start");

            page.waitForSelector("#rollouts tbody tr .state:has-text('DONE')", new Page.WaitForSelectorOptions().setTimeout(90_000));
            assertThat(rig.devices).allSatisfy(d -> assertThat(d.running()).isEqualTo("1.5.0"));
            assertThat(bundles.count(BundleServer.Outcome.WHOLE)).as("every device fetched it from the fleet").isEqualTo(DEVICES);
            String id = manager.rollouts().all().getFirst().id();
            assertThat(manager.rollouts().bundle(id)).contains(URI.create(bundles.base("127.0.0.1") + sha + ".bundle"));
            page.waitForSelector("#bundles tbody tr:has-text('" + id + " (DONE)')");

            page.selectOption("#rollout-hosted", new SelectOption().setIndex(0));
            assertThat(page.isDisabled("#rollout-bundle")).as("a bundle hosted elsewhere: its URL again").isFalse();
            assertThat(page.getAttribute("#rollout-version", "readonly")).isNull();
            assertThat(pageErrors).isEmpty();
            assertThat(users.audit(50)).extracting(e -> e.action() + " " + e.target())
                    .contains("bundle.upload " + sha, "rollout.create " + id);
        } finally {
            bundles.close();
        }
    }

    /** Clicks a device's row and waits for its page; if it never opens, says what the page's script threw. */
    private static void openDevice(Page page, String id, List<String> pageErrors) {
        page.click("#devices tbody tr[data-device='" + id + "']");
        try {
            page.waitForSelector("#device-detail:not([hidden]) #device-screen-refresh");
        } catch (com.microsoft.playwright.TimeoutError e) {
            throw new AssertionError("the page of " + id + " did not open; script errors: " + pageErrors + "; the table: "
                    + page.textContent("#devices"), e);
        }
    }

    private static void rows(Page page, int n) {
        page.waitForFunction("n => document.querySelectorAll('#devices tbody tr').length === n", n);
    }

    /** Opens the console and logs in as the operator the tests make. */
    private void logInAsOperator(Page page) {
        page.navigate(console.uri().toString());
        page.fill("#login-name", "omar");
        page.fill("#login-password", "operator-password-1");
        page.click("#login-button");
    }
}

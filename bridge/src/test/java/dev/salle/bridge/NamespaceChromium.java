package dev.salle.bridge;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import dev.salle.testkit.NetworkNamespace;
import dev.salle.testkit.RealDependency;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;

/**
 * Headless Chromium (Playwright for Java) running inside a test's {@link NetworkNamespace}, so its
 * WebRTC sees only the namespace's {@code lo} and veth pair. Playwright starts a generated wrapper
 * script as "the browser"; the script runs {@code ip netns exec NS /usr/bin/chromium "$@"} (as root),
 * so Playwright's pipe to the browser crosses into the namespace untouched.
 *
 * <p>The browser has a fake camera and microphone, grants media permissions without asking and
 * plays media without a gesture. {@link #close()} closes the browser, Playwright and the script.
 * One test thread uses it.
 */
public final class NamespaceChromium implements AutoCloseable {

    public static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    /** Launch flags: fake media devices, no prompts, autoplay, and nothing that talks to the outside. */
    public static final List<String> ARGS = List.of(
            "--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream",
            "--autoplay-policy=no-user-gesture-required",
            "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--disable-default-apps",
            // real host candidates (the namespace's addresses) instead of mDNS names an SFU cannot resolve
            "--disable-features=Translate,WebRtcHideLocalIpsWithMdns");

    private final Path wrapper;
    private final Playwright playwright;
    private final Browser browser;

    private NamespaceChromium(Path wrapper, Playwright playwright, Browser browser) {
        this.wrapper = wrapper;
        this.playwright = playwright;
        this.browser = browser;
    }

    /** Launches Chromium inside {@code namespace}; skips (fails under CI) without /usr/bin/chromium. */
    public static NamespaceChromium launch(NetworkNamespace namespace) {
        return launch(namespace, List.of());
    }

    /**
     * As {@link #launch(NetworkNamespace)}, with more Chromium flags, e.g.
     * {@code --unsafely-treat-insecure-origin-as-secure=http://10.77.0.2:PORT}: camera and
     * microphone exist only in secure contexts, and a bridge on plain HTTP at a site address is not one.
     */
    public static NamespaceChromium launch(NetworkNamespace namespace, List<String> extraArgs) {
        RealDependency.require(Files.isExecutable(CHROMIUM), "Chromium at /usr/bin/chromium (Debian package chromium)");
        Path wrapper = writeWrapper(namespace);
        Playwright playwright = null;
        try {
            playwright = Playwright.create(new Playwright.CreateOptions()
                    .setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
            Browser browser = playwright.chromium().launch(new BrowserType.LaunchOptions()
                    .setExecutablePath(wrapper).setHeadless(true)
                    .setArgs(java.util.stream.Stream.concat(ARGS.stream(), extraArgs.stream()).toList()).setTimeout(60_000));
            return new NamespaceChromium(wrapper, playwright, browser);
        } catch (RuntimeException e) {
            if (playwright != null) {
                playwright.close();
            }
            deleteQuietly(wrapper);
            throw e;
        }
    }

    private static Path writeWrapper(NetworkNamespace namespace) {
        try {
            Path script = Files.createTempFile("salle-chromium-" + namespace.name() + "-", ".sh",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            Files.writeString(script, "#!/bin/sh\n# Chromium inside network namespace " + namespace.name()
                    + " (written by a Salle test)\nexec ip netns exec " + namespace.name() + " " + CHROMIUM + " \"$@\"\n");
            return script;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the Chromium wrapper script: " + e.getMessage(), e);
        }
    }

    public Browser browser() {
        return browser;
    }

    /** A new page in its own context (own storage), with a 30 s default timeout. */
    public Page newPage() {
        Page page = browser.newContext().newPage();
        page.setDefaultTimeout(30_000);
        return page;
    }

    @Override
    public void close() {
        try {
            browser.close();
        } finally {
            playwright.close();
            deleteQuietly(wrapper);
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // a temporary script left behind is harmless
        }
    }
}

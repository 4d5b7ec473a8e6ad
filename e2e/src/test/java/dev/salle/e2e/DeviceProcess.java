package dev.salle.e2e;

import dev.salle.bridge.BridgeProcess;
import dev.salle.device.DeviceMain;
import dev.salle.media.MediaRuntime;
import dev.salle.media.elements.ElementPackages;
import dev.salle.media.elements.GstElementRegistry;
import dev.salle.media.elements.RequiredElements;
import dev.salle.testkit.NetworkNamespace;
import dev.salle.testkit.RealDependency;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The room device ({@link DeviceMain}, {@code salle-device --config FILE}) as its own JVM inside a
 * test's {@link NetworkNamespace}, next to a bridge and browsers there. It runs {@code java} of the
 * test's JVM with the test's class path and the flags the bridge runs with
 * ({@link BridgeProcess#javaCommand()}).
 *
 * <p>The builder writes the device's config file into a temporary directory: simulated button and
 * LED, the GStreamer test sources as camera ({@code videotestsrc}) and microphone
 * ({@code audiotestsrc}), no display but snapshots, no fleet, the device page on {@code 127.0.0.1}
 * port 0 (inside the namespace). {@link Builder#set} changes or adds any key of
 * {@code docs/configuration.md}. {@link #start} waits for the device's {@code device page at …}
 * log line and takes the page's address from it.
 *
 * <p>The test's JVM is outside the namespace: {@link #control()} reaches the page with curl inside
 * it ({@link NamespaceHttp}). {@link #close()} sends SIGTERM, waits {@link #STOP_TIMEOUT}, kills if
 * needed and then throws when the device did not stop cleanly: a leaked or crashed device fails the
 * test. One test thread uses it; {@link #output()} may be read from any thread.
 */
public final class DeviceProcess implements AutoCloseable {

    public static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    public static final Duration STOP_TIMEOUT = Duration.ofSeconds(15);
    /** How many of the device's last output lines {@link #output()} keeps. */
    public static final int OUTPUT_LINES = 200;
    /** What the device logs once it has stopped everything (its shutdown hook ran to the end). */
    public static final String STOPPED_LINE = "Salle device stopped";
    private static final Pattern PAGE_LINE = Pattern.compile("device page at (http://\\S+)");

    private final NetworkNamespace namespace;
    private final Process process;
    private final Path directory;
    private final Deque<String> lastLines = new ArrayDeque<>();
    private final List<Consumer<String>> outputListeners = new CopyOnWriteArrayList<>();
    private final CountDownLatch ready = new CountDownLatch(1);
    private final Thread reader;
    private volatile URI pageUri;
    private volatile boolean stoppedLine;

    private DeviceProcess(NetworkNamespace namespace, Process process, Path directory) {
        this.namespace = namespace;
        this.process = process;
        this.directory = directory;
        this.reader = Thread.ofPlatform().daemon().name("device-process-output").start(this::readOutput);
    }

    /** A builder for a device inside {@code namespace}, with the settings described above. */
    public static Builder in(NetworkNamespace namespace) {
        return new Builder(namespace);
    }

    /** The device's settings before it starts. Not thread-safe. */
    public static final class Builder {
        private final NetworkNamespace namespace;
        private final Map<String, String> settings = new LinkedHashMap<>();

        private Builder(NetworkNamespace namespace) {
            this.namespace = namespace;
            settings.put("device.id", "salle-e2e");
            settings.put("device.room", "Salle e2e");
            settings.put("device.hardware", "simulated");
            settings.put("media.camera", "test");
            settings.put("media.microphone", "test");
            settings.put("media.video.width", "640");
            settings.put("media.video.height", "360");
            settings.put("media.video.fps", "15");
            settings.put("media.display.sink", "none");
            settings.put("media.display.width", "640");
            settings.put("media.display.height", "360");
            settings.put("page.enabled", "true");
            settings.put("page.bind", "127.0.0.1");
            settings.put("page.port", "0");
            settings.put("fleet.enabled", "false");
        }

        /** {@code device.room}: the room's name, also the participant name in meetings. */
        public Builder room(String room) {
            return set("device.room", room);
        }

        /** {@code call.meeting}: what the button joins, e.g. {@code local:} (the media self-test) or a meeting URL. */
        public Builder meeting(String meeting) {
            return set("call.meeting", meeting);
        }

        /**
         * Sets one key of the config file (replacing the builder's value, if any). The device checks
         * keys and values at start-up: an unknown key or a bad value makes {@link #start()} fail
         * with the device's message.
         */
        public Builder set(String key, String value) {
            if (key.isBlank() || (key + value).contains("\n") || key.contains("=")) {
                throw new IllegalArgumentException("a config line needs a key without '=' and no line breaks: '"
                        + key + "' = '" + value + "'");
            }
            settings.put(key.strip(), value);
            return this;
        }

        /** The config file's text as {@link #start()} writes it. */
        public String configText() {
            StringBuilder b = new StringBuilder("# written by DeviceProcess (Salle e2e tests)\n");
            settings.forEach((k, v) -> b.append(k).append(" = ").append(v).append('\n'));
            return b.toString();
        }

        /**
         * Writes the config file, starts the device in the namespace and waits until its page
         * serves, at most {@link #START_TIMEOUT}.
         *
         * @throws IllegalStateException when it exits or does not serve its page in time, with its output
         */
        public DeviceProcess start() {
            requireMediaElements();
            Path directory;
            Path config;
            try {
                directory = Files.createTempDirectory("salle-e2e-device-");
                config = Files.writeString(directory.resolve("salle.conf"), configText());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write the device's config file: " + e.getMessage(), e);
            }
            List<String> command = new ArrayList<>(BridgeProcess.javaCommand());
            command.addAll(List.of(DeviceMain.class.getName(), "--config", config.toString()));
            ProcessBuilder builder = namespace.command(command.toArray(String[]::new))
                    .directory(directory.toFile()).redirectErrorStream(true);
            Process process;
            try {
                process = namespace.start(builder);
            } catch (IOException e) {
                deleteQuietly(directory);
                throw new UncheckedIOException("cannot start the device in namespace " + namespace.name() + ": "
                        + e.getMessage(), e);
            }
            DeviceProcess device = new DeviceProcess(namespace, process, directory);
            device.awaitReady();
            return device;
        }
    }

    /** The device's pipelines with test sources need GStreamer and these elements; checked in the test's JVM. */
    private static void requireMediaElements() {
        GstElementRegistry registry;
        try {
            MediaRuntime.ensureInitialised();
            registry = new GstElementRegistry();
        } catch (RuntimeException | LinkageError e) {
            RealDependency.require(false, "GStreamer 1.16 or newer (Debian package gstreamer1.0-plugins-base): "
                    + e.getMessage());
            return;
        }
        for (String element : Stream.concat(RequiredElements.ALL.stream(),
                Stream.of("videotestsrc", "audiotestsrc")).toList()) {
            RealDependency.require(registry.has(element), "GStreamer element " + ElementPackages.describe(element));
        }
        RealDependency.require(registry.has("x264enc") || registry.has("openh264enc"),
                "a software H.264 encoder: GStreamer element " + ElementPackages.describe("x264enc"));
    }

    private void awaitReady() {
        boolean signalled;
        try {
            signalled = ready.await(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            signalled = false;
        }
        if (!signalled || pageUri == null) {
            // the output ended (the device is exiting) or the time is up
            boolean exited = waitFor(signalled ? Duration.ofSeconds(5) : Duration.ZERO);
            String what = exited
                    ? "the device exited with code " + process.exitValue() + " before logging 'device page at …'"
                    : "the device did not log 'device page at …' within " + START_TIMEOUT.toSeconds() + " s";
            process.toHandle().destroyForcibly();
            waitFor(Duration.ofSeconds(5));
            joinReader();
            deleteQuietly(directory);
            throw new IllegalStateException(what + " (namespace " + namespace.name() + "); its output:\n" + output());
        }
    }

    private void readOutput() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                remember(line);
                for (Consumer<String> listener : outputListeners) {
                    listener.accept(line);
                }
                Matcher m = PAGE_LINE.matcher(line);
                if (pageUri == null && m.find()) {
                    pageUri = URI.create(m.group(1));
                    ready.countDown();
                }
                if (line.contains(STOPPED_LINE)) {
                    stoppedLine = true;
                }
            }
        } catch (IOException e) {
            remember("(reading the output failed: " + e.getMessage() + ")");
        } finally {
            ready.countDown();
        }
    }

    private void remember(String line) {
        synchronized (lastLines) {
            lastLines.addLast(line);
            if (lastLines.size() > OUTPUT_LINES) {
                lastLines.removeFirst();
            }
        }
    }

    /** The device's last {@value #OUTPUT_LINES} lines of stdout and stderr, for failure messages. */
    public String output() {
        synchronized (lastLines) {
            return String.join("\n", lastLines);
        }
    }

    /**
     * Hands every line the device prints from now on (stdout and stderr) to {@code listener}, on
     * the thread that reads the output: for more than the last {@value #OUTPUT_LINES} lines. The
     * listener must be quick and must not throw.
     */
    public void onOutput(Consumer<String> listener) {
        outputListeners.add(java.util.Objects.requireNonNull(listener, "listener"));
    }

    /** The device page's address inside the namespace, e.g. {@code http://127.0.0.1:41234/}. */
    public URI pageUri() {
        return pageUri;
    }

    /** A client of the device page's API; its failure messages carry {@link #output()}. */
    public DeviceControl control() {
        return new DeviceControl(new NamespaceHttp(namespace), pageUri, this::output);
    }

    /** The config file the device runs with (the fleet's changes would be saved here); {@link #close()} deletes it. */
    public Path configFile() {
        return directory.resolve("salle.conf");
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public long pid() {
        return process.pid();
    }

    /**
     * Stops the device: SIGTERM, then a kill after {@link #STOP_TIMEOUT}; deletes its directory.
     *
     * @throws IllegalStateException when it had exited before, needed the kill, or stopped without
     *     logging {@value #STOPPED_LINE}; the message carries its output
     */
    @Override
    public void close() {
        if (!process.isAlive()) {
            joinReader();
            deleteQuietly(directory);
            if (!stoppedLine) {
                throw new IllegalStateException("the device (pid " + process.pid() + ") had exited by itself with code "
                        + process.exitValue() + " before close; its output:\n" + output());
            }
            return;
        }
        process.toHandle().destroy(); // SIGTERM: DeviceMain's shutdown hook closes the app
        if (!waitFor(STOP_TIMEOUT)) {
            process.toHandle().destroyForcibly();
            boolean killed = waitFor(Duration.ofSeconds(5));
            joinReader();
            deleteQuietly(directory);
            throw new IllegalStateException("the device (pid " + process.pid() + ") did not stop within "
                    + STOP_TIMEOUT.toSeconds() + " s of SIGTERM; " + (killed ? "killed it" : "it survived a kill too")
                    + "; its output:\n" + output());
        }
        joinReader();
        deleteQuietly(directory);
        if (!stoppedLine) {
            throw new IllegalStateException("the device exited (code " + process.exitValue() + ") without logging '"
                    + STOPPED_LINE + "'; its output:\n" + output());
        }
    }

    private void joinReader() {
        try {
            reader.join(Duration.ofSeconds(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private boolean waitFor(Duration timeout) {
        try {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static void deleteQuietly(Path directory) {
        try (Stream<Path> files = Files.walk(directory)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // a temporary directory left behind is harmless
        }
    }
}

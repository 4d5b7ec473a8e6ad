package dev.salle.fleet;

import dev.salle.bundle.BundleRejectedException;
import dev.salle.bundle.ReleaseKeys;
import dev.salle.fleet.bundles.BundleLibrary;
import dev.salle.fleet.bundles.HostedBundle;
import dev.salle.fleet.registry.DeviceRegistry;
import dev.salle.fleet.rollout.DeviceProgress;
import dev.salle.fleet.rollout.Rollout;
import dev.salle.fleet.rollout.RolloutControl;
import dev.salle.fleet.rollout.RolloutRequest;
import dev.salle.fleet.rollout.RolloutStore;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code ./salle fleet rollout create|status}: rollouts are rows in the fleet's database; the
 * running {@code fleet serve} picks new ones up within seconds and drives them.
 */
@Command(name = "rollout", description = "Create rollouts and watch them.",
        subcommands = {FleetRolloutCommands.Create.class, FleetRolloutCommands.Status.class, FleetRolloutCommands.Pause.class,
                FleetRolloutCommands.Resume.class, FleetRolloutCommands.Abort.class, FleetRolloutCommands.Retry.class})
final class FleetRolloutCommands implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    private static final Pattern DURATION = Pattern.compile("([1-9][0-9]{0,5})([smhd])");

    static Duration duration(CommandLine line, String text) {
        Matcher m = DURATION.matcher(text);
        if (!m.matches()) {
            throw new CommandLine.ParameterException(line, "'" + text + "' is not a duration: use 90s, 30m, 24h or 7d");
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
        };
    }

    /** Reads {@code --release-key} files (PEM public keys); a file that is not one is a usage error naming it. */
    static List<PublicKey> releaseKeys(CommandLine line, List<Path> files) {
        List<PublicKey> keys = new ArrayList<>();
        for (Path key : files) {
            try {
                keys.add(ReleaseKeys.readPublic(Files.readString(key)));
            } catch (java.nio.file.NoSuchFileException e) {
                throw new CommandLine.ParameterException(line, "--release-key " + key + ": no such file");
            } catch (IOException | IllegalArgumentException e) {
                throw new CommandLine.ParameterException(line, "--release-key " + key + ": " + e.getMessage());
            }
        }
        return keys;
    }

    @Command(name = "create", description = "Roll a bundle out to a target, in waves.")
    static final class Create extends FleetMain.Sub implements Callable<Integer> {
        @Option(names = "--id", description = "The rollout's id (default: the version and the time).")
        String id;

        @Option(names = "--bundle", paramLabel = "FILE", description = "A bundle (./salle release sign) for the fleet to host:"
                + " checked, copied into its bundle folder and served to devices by fleet serve.")
        Path bundleFile;

        @Option(names = "--bundle-url", paramLabel = "URL", description = "Instead of --bundle: where devices fetch a bundle"
                + " you host yourself, https://… on a server they trust.")
        URI bundle;

        @Option(names = "--version", description = "The version the bundle installs: read from the bundle with --bundle"
                + " (and checked against it when given), needed with --bundle-url.")
        String version;

        @Option(names = "--release-key", paramLabel = "PEM", description = "With --bundle: a release public key (repeatable);"
                + " the bundle must be signed by one of them. Devices check the signature either way.")
        List<Path> releaseKeys = new ArrayList<>();

        @Option(names = "--bundles", paramLabel = "DIR",
                description = "With --bundle: the folder fleet serve hosts (default $SALLE_DATA/fleet/bundles).")
        Path bundlesDir;

        @Option(names = "--target", defaultValue = "all", description = "all, or site=NAME (default ${DEFAULT-VALUE}).")
        String target;

        @Option(names = "--waves", defaultValue = "1%,10%,50%,100%", description = "Cumulative waves (default ${DEFAULT-VALUE}).")
        String waves;

        @Option(names = "--max-failures", defaultValue = "5%", description = "Failures that halt it: a count, or a percentage of the target (default ${DEFAULT-VALUE}).")
        String maxFailures;

        @Option(names = "--success", defaultValue = "100", description = "Percent of a wave that must succeed before the next (default ${DEFAULT-VALUE}).")
        int success;

        @Option(names = "--device-timeout", defaultValue = "24h", description = "How long a device may take, offline time included (default ${DEFAULT-VALUE}).")
        String deviceTimeout;

        @Override
        public Integer call() {
            CommandLine line = spec.commandLine();
            Duration timeout = duration(line, deviceTimeout);
            if ((bundleFile == null) == (bundle == null)) {
                throw new CommandLine.ParameterException(line, "give --bundle FILE (the fleet hosts it) or --bundle-url"
                        + " https://… (you host it), one of the two");
            }
            if (bundle != null && !releaseKeys.isEmpty()) {
                throw new CommandLine.ParameterException(line, "--release-key checks a --bundle FILE; a --bundle-url is not read here");
            }
            URI address = bundle;
            String installs = version;
            if (bundleFile != null) {
                BundleLibrary library = FleetMain.bundleLibrary(bundlesDir);
                URI base = library.servedAt().orElseThrow(() -> new CommandLine.ParameterException(line, "no fleet manager"
                        + " serves " + library.dir() + " yet: start ./salle fleet serve (with the same --bundles), which hosts"
                        + " bundles and records its address there; or host the file on an HTTPS server the devices trust and"
                        + " give --bundle-url"));
                HostedBundle hosted = host(line, library);
                address = BundleLibrary.address(base, hosted);
                installs = hosted.manifest().version().toString();
            } else if (version == null) {
                throw new CommandLine.ParameterException(line, "--version is needed with --bundle-url: the version the bundle installs");
            }
            Instant now = Clock.systemUTC().instant();
            try (DeviceRegistry registry = registry(); RolloutStore store = new RolloutStore(jdbcUrl(), dbUser(), password())) {
                Rollout rollout;
                try {
                    rollout = new RolloutRequest(id, installs, address, target, waves, maxFailures, success, timeout)
                            .create(registry, store, now);
                } catch (IllegalArgumentException e) {
                    throw new CommandLine.ParameterException(line, e.getMessage());
                }
                out().printf("Rollout %s: %s to %d device(s) (%s) in %d waves; fleet serve runs it.%n", rollout.id(), installs,
                        rollout.devices().size(), target, rollout.waves());
            }
            return 0;
        }

        /** Checks the file and adds it to the hosted bundles; refuses before anything is stored. */
        private HostedBundle host(CommandLine line, BundleLibrary library) {
            List<PublicKey> keys = releaseKeys(line, releaseKeys);
            HostedBundle hosted;
            try {
                hosted = library.importFile(bundleFile, keys);
            } catch (BundleRejectedException e) {
                throw new IllegalStateException("the bundle " + bundleFile + " is refused (" + e.reason().code() + "): "
                        + e.getMessage() + "; no rollout was created");
            } catch (IOException e) {
                throw new UncheckedIOException("cannot host " + bundleFile + ": " + e.getMessage(), e);
            }
            String installs = hosted.manifest().version().toString();
            if (version != null && !version.equals(installs)) {
                throw new CommandLine.ParameterException(line, "--version " + version + ", but " + bundleFile + " installs "
                        + installs);
            }
            out().printf("Bundle %s for %s: %,d bytes, signed by release key %s (%s), hosted as %s.%n", installs,
                    hosted.manifest().target(), hosted.size(), hosted.keyId(),
                    hosted.signatureChecked() ? "signature checked" : "signature left to the devices: no --release-key",
                    hosted.fileName());
            return hosted;
        }
    }

    /**
     * {@code rollout pause|resume|abort|retry ID}: stores the request for the running fleet manager
     * and waits (at most {@code --wait}) for its outcome. Exit 0 when it changed the rollout, 1 when
     * it changed nothing or no manager answered in time.
     */
    abstract static class Control extends FleetMain.Sub {
        @Parameters(paramLabel = "ID", description = "The rollout.")
        String id;

        @Option(names = "--wait", defaultValue = "30s", description = "How long to wait for the fleet manager (default ${DEFAULT-VALUE}).")
        String waitFor;

        abstract RolloutControl.Action action();

        @Override
        public Integer call() throws InterruptedException {
            Duration wait = duration(spec.commandLine(), waitFor);
            registry().close(); // migrates the database
            try (RolloutStore store = new RolloutStore(jdbcUrl(), dbUser(), password())) {
                if (store.load(id).isEmpty()) {
                    throw new CommandLine.ParameterException(spec.commandLine(), "no rollout '" + id
                            + "'; ./salle fleet rollout status lists them");
                }
                long seq = store.requestControl(id, action(), "cli", Instant.now());
                Instant deadline = Instant.now().plus(wait);
                while (Instant.now().isBefore(deadline)) {
                    var outcome = store.control(seq).flatMap(RolloutControl::outcome);
                    if (outcome.isPresent()) {
                        out().printf("%s %s: %s%n", action().word(), id, outcome.get());
                        return outcome.get().startsWith("unchanged") || outcome.get().startsWith("refused") ? 1 : 0;
                    }
                    Thread.sleep(200);
                }
                out().printf("%s %s: requested, but no fleet manager carried it out within %s; is ./salle fleet serve running"
                        + " on this database? It will be carried out when one starts.%n", action().word(), id, waitFor);
                return 1;
            }
        }
    }

    @Command(name = "pause", description = "Stop starting waves; devices already started go on.")
    static final class Pause extends Control {
        @Override
        RolloutControl.Action action() {
            return RolloutControl.Action.PAUSE;
        }
    }

    @Command(name = "resume", description = "Go on after a pause.")
    static final class Resume extends Control {
        @Override
        RolloutControl.Action action() {
            return RolloutControl.Action.RESUME;
        }
    }

    @Command(name = "abort", description = "End the rollout: nothing more starts.")
    static final class Abort extends Control {
        @Override
        RolloutControl.Action action() {
            return RolloutControl.Action.ABORT;
        }
    }

    @Command(name = "retry", description = "Start the failed and timed-out devices again; a halted rollout runs again.")
    static final class Retry extends Control {
        @Override
        RolloutControl.Action action() {
            return RolloutControl.Action.RETRY;
        }
    }

    @Command(name = "status", description = "Show rollouts; with --watch, follow one until it ends.")
    static final class Status extends FleetMain.Sub implements Callable<Integer> {
        @Parameters(arity = "0..1", paramLabel = "ID", description = "A rollout id (default: all).")
        String id;

        @Option(names = "--watch", description = "Print the rollout's progress as it changes, until it is done, halted or aborted.")
        boolean watch;

        @Option(names = "--timeout", defaultValue = "2h", description = "With --watch, give up after this long (default ${DEFAULT-VALUE}).")
        String timeout;

        @Option(names = "--interval", defaultValue = "2s", description = "With --watch, how often to look (default ${DEFAULT-VALUE}).")
        String interval;

        @Override
        public Integer call() throws InterruptedException {
            try (RolloutStore store = new RolloutStore(jdbcUrl(), dbUser(), password())) {
                if (!watch) {
                    List<Rollout> all = id == null ? store.all() : store.load(id).map(List::of).orElse(List.of());
                    if (all.isEmpty()) {
                        throw new IllegalStateException(id == null ? "no rollouts yet" : "no rollout '" + id + "'");
                    }
                    all.forEach(r -> print(out(), r));
                    return 0;
                }
                if (id == null) {
                    throw new CommandLine.ParameterException(spec.commandLine(), "--watch needs a rollout id");
                }
                Instant deadline = Instant.now().plus(duration(spec.commandLine(), timeout));
                Duration pause = duration(spec.commandLine(), interval);
                String last = "";
                while (true) {
                    Rollout r = store.load(id).orElseThrow(() -> new IllegalStateException("no rollout '" + id + "'"));
                    String now = line(r);
                    if (!now.equals(last)) {
                        out().println(now);
                        out().flush();
                        last = now;
                    }
                    if (r.state() == Rollout.State.DONE || r.state() == Rollout.State.HALTED || r.state() == Rollout.State.ABORTED) {
                        print(out(), r);
                        return r.state() == Rollout.State.DONE ? 0 : 1;
                    }
                    if (Instant.now().isAfter(deadline)) {
                        out().println("still " + r.state() + " after " + timeout + "; stopped watching");
                        return 1;
                    }
                    Thread.sleep(pause.toMillis());
                }
            }
        }

        static String line(Rollout r) {
            var c = r.counts();
            long total = r.devices().size();
            long done = c.get(DeviceProgress.SUCCEEDED);
            int width = 30;
            int filled = (int) (done * width / Math.max(1, total));
            return "%s %s [%s%s] %d/%d updated, %d failed, wave %d/%d %s".formatted(r.id(), r.version(),
                    "#".repeat(filled), ".".repeat(width - filled), done, total,
                    c.get(DeviceProgress.FAILED) + c.get(DeviceProgress.TIMED_OUT), r.currentWave() + 1, r.waves(), r.state());
        }

        static void print(PrintWriter out, Rollout r) {
            out.println(line(r) + (r.reason().isEmpty() ? "" : " (" + r.reason() + ")"));
            for (int w = 0; w < r.waves(); w++) {
                int wave = w;
                List<Rollout.Device> devices = r.devices().stream().filter(d -> d.wave() == wave).toList();
                long ok = devices.stream().filter(d -> d.progress() == DeviceProgress.SUCCEEDED).count();
                long failed = devices.stream().filter(d -> d.progress() == DeviceProgress.FAILED
                        || d.progress() == DeviceProgress.TIMED_OUT).count();
                out.printf("  wave %d: %d device(s), %d updated, %d failed%n", w + 1, devices.size(), ok, failed);
            }
        }
    }
}

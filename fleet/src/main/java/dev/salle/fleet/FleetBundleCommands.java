package dev.salle.fleet;

import dev.salle.fleet.bundles.BundleLibrary;
import dev.salle.fleet.bundles.BundleUses;
import dev.salle.fleet.bundles.HostedBundle;
import dev.salle.fleet.console.ConsoleStore;
import dev.salle.fleet.rollout.Rollout;
import dev.salle.fleet.rollout.RolloutStore;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code ./salle fleet bundles list|remove}: the bundles the fleet hosts ({@code rollout create
 * --bundle} adds them), which rollouts use each, and removing one that no unfinished rollout needs.
 */
@Command(name = "bundles", description = "The bundles the fleet hosts: list them, or remove one no unfinished rollout uses.",
        subcommands = {FleetBundleCommands.ListBundles.class, FleetBundleCommands.Remove.class})
final class FleetBundleCommands implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    abstract static class WithLibrary extends FleetMain.Sub {
        @Option(names = "--bundles", paramLabel = "DIR", description = "The folder fleet serve hosts (default $SALLE_DATA/fleet/bundles).")
        Path bundlesDir;

        BundleLibrary library() {
            return FleetMain.bundleLibrary(bundlesDir);
        }

        /** Each hosted bundle's SHA-256 → the rollouts whose address names it. */
        Map<String, List<Rollout>> uses(List<HostedBundle> bundles) {
            registry().close(); // migrates the database
            try (RolloutStore store = new RolloutStore(jdbcUrl(), dbUser(), password())) {
                return BundleUses.of(bundles, store);
            }
        }

        static String describe(List<Rollout> rollouts) {
            return rollouts.stream().map(r -> r.id() + " (" + r.state() + ")").collect(java.util.stream.Collectors.joining(", "));
        }
    }

    @Command(name = "list", description = "List the hosted bundles, where they are served and which rollouts use them.")
    static final class ListBundles extends WithLibrary {
        @Override
        public Integer call() throws IOException {
            BundleLibrary library = library();
            BundleLibrary.Listing listing = library.list();
            Map<String, List<Rollout>> uses = uses(listing.bundles());
            out().printf("%-12s  %-14s  %-16s  %10s  %-20s  %-16s  %s%n", "bundle", "version", "target", "size", "signed",
                    "release key", "rollouts");
            for (HostedBundle b : listing.bundles()) {
                out().printf("%-12s  %-14s  %-16s  %10s  %-20s  %-16s  %s%n", b.sha256().substring(0, 12),
                        b.manifest().version() + (b.manifest().rollback() ? " (rollback)" : ""), b.manifest().target(),
                        "%.1f MiB".formatted(b.size() / 1048576.0), b.manifest().created().truncatedTo(ChronoUnit.SECONDS),
                        b.keyId(), uses.containsKey(b.sha256()) ? describe(uses.get(b.sha256())) : "-");
            }
            listing.unreadable().forEach(u -> out().println("not a bundle: " + u));
            out().printf("%d bundle(s) in %s; %s%n", listing.bundles().size(), library.dir(), library.servedAt()
                    .map(base -> "served at " + base)
                    .orElse("not served yet: ./salle fleet serve hosts them"));
            return 0;
        }
    }

    @Command(name = "remove", description = "Delete a hosted bundle that no running, paused or halted rollout uses.")
    static final class Remove extends WithLibrary {
        @Parameters(paramLabel = "SHA256", description = "The bundle's SHA-256, or its first 8 or more hex digits (from bundles list).")
        String sha;

        @Override
        public Integer call() throws IOException {
            BundleLibrary library = library();
            HostedBundle bundle;
            try {
                bundle = library.find(sha);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
            }
            List<Rollout> using = uses(List.of(bundle)).getOrDefault(bundle.sha256(), List.of()).stream()
                    .filter(r -> BundleUses.UNFINISHED.contains(r.state())).toList();
            if (!using.isEmpty()) {
                throw new IllegalStateException("bundle " + bundle.sha256().substring(0, 12) + " (" + bundle.manifest().version()
                        + ") is used by " + describe(using) + ": its devices may still fetch it; abort the rollout"
                        + " (./salle fleet rollout abort ID) or let it finish first. Nothing was removed");
            }
            library.remove(bundle);
            try (ConsoleStore audit = new ConsoleStore(jdbcUrl(), dbUser(), password())) {
                audit.audit(Instant.now(), "cli", "bundle.remove", bundle.sha256(), "ok, " + bundle.manifest().version());
            }
            out().printf("Removed bundle %s (%s for %s, %.1f MiB).%n", bundle.sha256().substring(0, 12), bundle.manifest().version(),
                    bundle.manifest().target(), bundle.size() / 1048576.0);
            return 0;
        }
    }
}

package dev.salle.bundle;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.PublicKey;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code ./salle release}: the release key and signed update bundles. Exit codes: 0 done, 1
 * failed (a refused bundle included), 2 bad usage.
 */
@Command(name = "release", mixinStandardHelpOptions = true,
        description = "Release keys and signed update bundles.",
        subcommands = {ReleaseMain.Keygen.class, ReleaseMain.Sign.class, ReleaseMain.Verify.class})
public final class ReleaseMain implements Runnable {

    @Spec
    CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    public static CommandLine commandLine() {
        CommandLine line = new CommandLine(new ReleaseMain());
        line.setExecutionExceptionHandler((e, cmd, parsed) -> {
            cmd.getErr().println("release: " + e.getMessage());
            return 1;
        });
        return line;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    static BundleVersion version(CommandLine line, String text, String option) {
        try {
            return BundleVersion.parse(text);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(line, option + ": " + e.getMessage());
        }
    }

    @Command(name = "keygen", description = "Make a release key pair: release.key (keep it offline, 0600) and release.pub (for device images).")
    static final class Keygen implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--out", required = true, paramLabel = "DIR", description = "Where to write release.key and release.pub.")
        Path dir;

        @Override
        public Integer call() throws IOException {
            Path key = dir.resolve("release.key");
            if (Files.exists(key)) {
                throw new IllegalStateException(key + " exists already: a new key would orphan every device that trusts the old one");
            }
            KeyPair pair = ReleaseKeys.generate();
            Files.createDirectories(dir);
            Files.writeString(Files.createFile(key, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))),
                    ReleaseKeys.privatePem(pair.getPrivate()));
            Files.writeString(dir.resolve("release.pub"), ReleaseKeys.publicPem(pair.getPublic()));
            spec.commandLine().getOut().printf("Release key %s: %s (private, 0600) and %s (give it to device images).%n",
                    ReleaseKeys.idHex(pair.getPublic()), key, dir.resolve("release.pub"));
            return 0;
        }
    }

    @Command(name = "sign", description = "Build a signed update bundle from a payload.")
    static final class Sign implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--key", required = true, description = "The release key (PEM, 0600).")
        Path key;

        @Option(names = "--payload", required = true, description = "What the bundle installs (the device application for now).")
        Path payload;

        @Option(names = "--version", required = true, description = "The version it installs, e.g. 1.5.0.")
        String version;

        @Option(names = "--min-version", required = true, description = "The oldest version it may update from.")
        String minVersion;

        @Option(names = "--target", defaultValue = "device-app", description = "What it updates (default ${DEFAULT-VALUE}).")
        String target;

        @Option(names = "--rollback", description = "Mark a deliberate release of an older version (anti-rollback waived).")
        boolean rollback;

        @Option(names = "--out", required = true, description = "The bundle file to write.")
        Path out;

        @Override
        public Integer call() throws IOException {
            BundleVersion v = version(spec.commandLine(), version, "--version");
            BundleVersion min = version(spec.commandLine(), minVersion, "--min-version");
            String perms = PosixFilePermissions.toString(Files.getPosixFilePermissions(key));
            if (!perms.endsWith("------")) {
                throw new IllegalStateException(key + " has permissions " + perms + ": run chmod 600 " + key);
            }
            java.security.PrivateKey privateKey = ReleaseKeys.readPrivate(Files.readString(key));
            PublicKey publicKey = ReleaseKeys.readPublic(Files.readString(key.resolveSibling("release.pub")));
            Path tmp = out.resolveSibling(out.getFileName() + ".tmp");
            BundleManifest manifest;
            try (OutputStream o = Files.newOutputStream(tmp)) {
                manifest = BundleWriter.write(payload, v, target, min, rollback, new KeyPair(publicKey, privateKey),
                        Instant.now(), o);
            }
            Files.move(tmp, out, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            PrintWriter w = spec.commandLine().getOut();
            w.printf("Bundle %s: %s %s (from %s on%s), payload %d bytes, SHA-256 %s, signed by %s.%n", out, target, v, min,
                    rollback ? ", rollback release" : "", manifest.payloadSize(),
                    HexFormat.of().formatHex(manifest.payloadSha256()), ReleaseKeys.idHex(publicKey));
            return 0;
        }
    }

    @Command(name = "verify", description = "Check a bundle as a device would, without installing it.")
    static final class Verify implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "BUNDLE", description = "The bundle file.")
        Path bundle;

        @Option(names = "--trust", required = true, description = "A release public key the device trusts (PEM).")
        List<Path> trust;

        @Option(names = "--running", required = true, description = "The version the device runs.")
        String running;

        @Option(names = "--target", defaultValue = "device-app", description = "What the device installs (default ${DEFAULT-VALUE}).")
        String target;

        @Override
        public Integer call() throws IOException {
            List<PublicKey> keys = new java.util.ArrayList<>();
            for (Path p : trust) {
                keys.add(ReleaseKeys.readPublic(Files.readString(p)));
            }
            BundleVerifier verifier = new BundleVerifier(keys, target, version(spec.commandLine(), running, "--running"));
            Path staging = Files.createTempFile("salle-bundle-", ".payload");
            try (var in = Files.newInputStream(bundle)) {
                VerifiedBundle ok = verifier.verify(in, staging);
                spec.commandLine().getOut().printf("OK: %s %s, payload %d bytes.%n", ok.manifest().target(),
                        ok.manifest().version(), ok.manifest().payloadSize());
                return 0;
            } catch (BundleRejectedException e) {
                spec.commandLine().getErr().printf("refused (%s): %s%n", e.reason().code(), e.getMessage());
                return 1;
            } finally {
                Files.deleteIfExists(staging);
            }
        }
    }
}

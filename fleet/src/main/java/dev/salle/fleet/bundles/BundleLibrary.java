package dev.salle.fleet.bundles;

import dev.salle.bundle.BundleInspector;
import dev.salle.bundle.BundleRejectedException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.PublicKey;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The folder of bundles the fleet hosts ({@code $SALLE_DATA/fleet/bundles} by default). A bundle is
 * imported, from a file or from an upload to the console, by checking it while copying it in
 * ({@link BundleInspector}, one read: what is checked is what is served) and renaming the copy to {@code <sha256>.bundle}, so a file never changes once it is there and
 * importing the same bundle twice keeps one copy. The running {@code fleet serve} writes the address
 * it serves the folder at into {@code served-at}, which is how {@code rollout create --bundle}, in
 * another process, knows the address to give devices.
 */
public final class BundleLibrary {

    private static final java.util.regex.Pattern HOSTED_PATH = java.util.regex.Pattern.compile(".*/bundles/([0-9a-f]{64})\\.bundle");
    static final String SERVED_AT = "served-at";
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    private final Path dir;

    public BundleLibrary(Path dir) {
        this.dir = dir;
    }

    public Path dir() {
        return dir;
    }

    /**
     * Checks {@code file} and adds it to the library.
     *
     * @param releaseKeys keys one of which must have signed it; empty to leave the signature to the devices
     * @throws BundleRejectedException when the file is not a sound bundle; nothing is added
     * @throws IOException when the file cannot be read or the library written
     */
    public HostedBundle importFile(Path file, List<PublicKey> releaseKeys) throws BundleRejectedException, IOException {
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(file.toString(), null, "no such bundle file");
        }
        try (InputStream in = Files.newInputStream(file)) {
            return importFrom(in, releaseKeys);
        }
    }

    /**
     * Reads a bundle to its end from {@code in} (a file, or an upload to the console), checking it
     * while copying it into the folder, and adds it to the library. The copy is renamed into place
     * only when the whole bundle checks out; {@code in} is not closed.
     *
     * @param releaseKeys keys one of which must have signed it; empty to leave the signature to the devices
     * @throws BundleRejectedException when the bytes are not a sound bundle; nothing is added
     * @throws IOException when {@code in} fails (its exception passes through) or the library cannot be written;
     *     nothing is added
     */
    public HostedBundle importFrom(InputStream in, List<PublicKey> releaseKeys) throws BundleRejectedException, IOException {
        Files.createDirectories(dir);
        Path copy = Files.createTempFile(dir, ".import-", ".tmp");
        try {
            BundleInspector.Inspected checked;
            try (OutputStream out = Files.newOutputStream(copy)) {
                checked = BundleInspector.inspect(in, releaseKeys, out); // one read: the copy is what was checked
            }
            HostedBundle hosted = new HostedBundle(checked.sha256(), checked.size(), checked.manifest(), checked.keyId(),
                    checked.signatureChecked());
            Files.setPosixFilePermissions(copy, PosixFilePermissions.fromString("rw-r--r--"));
            Path target = dir.resolve(hosted.fileName());
            try {
                Files.move(copy, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException | AtomicMoveNotSupportedException e) {
                if (!Files.exists(target)) {
                    throw e;
                }
                // the same bytes are already there (the name is their hash)
            }
            return hosted;
        } finally {
            Files.deleteIfExists(copy);
        }
    }

    /**
     * The library's content.
     *
     * @param bundles the bundles, oldest signed first ({@code signatureChecked} is false: listing re-checks nothing)
     * @param unreadable files named like bundles whose head does not read, with the reason
     */
    public record Listing(List<HostedBundle> bundles, List<String> unreadable) {
    }

    /** Every bundle in the folder, from each file's head (quick: payloads are not read again). */
    public Listing list() throws IOException {
        List<HostedBundle> bundles = new java.util.ArrayList<>();
        List<String> unreadable = new java.util.ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return new Listing(List.of(), List.of());
        }
        try (var files = Files.newDirectoryStream(dir, "*.bundle")) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                String sha = name.substring(0, name.length() - ".bundle".length());
                if (!SHA256.matcher(sha).matches()) {
                    continue;
                }
                try {
                    BundleInspector.Head head = BundleInspector.head(file);
                    bundles.add(new HostedBundle(sha, Files.size(file), head.manifest(), head.keyId(), false));
                } catch (BundleRejectedException e) {
                    unreadable.add(name + ": " + e.getMessage());
                }
            }
        }
        bundles.sort(java.util.Comparator.comparing((HostedBundle b) -> b.manifest().created()).thenComparing(HostedBundle::sha256));
        unreadable.sort(null);
        return new Listing(List.copyOf(bundles), List.copyOf(unreadable));
    }

    /**
     * The one bundle whose SHA-256 starts with {@code prefix} (at least 8 hex digits).
     *
     * @throws IllegalArgumentException when the prefix is too short, not hex, or names none or several
     */
    public HostedBundle find(String prefix) throws IOException {
        if (prefix == null || !prefix.matches("[0-9a-f]{8,64}")) {
            throw new IllegalArgumentException("'" + prefix + "' is not a bundle's SHA-256 or its first 8 or more hex digits");
        }
        List<HostedBundle> matches = list().bundles().stream().filter(b -> b.sha256().startsWith(prefix)).toList();
        if (matches.size() != 1) {
            throw new IllegalArgumentException(matches.isEmpty() ? "no bundle " + prefix + "… in " + dir
                    : prefix + " names " + matches.size() + " bundles; give more digits");
        }
        return matches.getFirst();
    }

    /** Deletes a bundle's file. Nothing checks what uses it: the caller does. */
    public void remove(HostedBundle bundle) throws IOException {
        Files.deleteIfExists(dir.resolve(bundle.fileName()));
    }

    /** The file of the bundle with this SHA-256, when the library holds it; anything that is not a hash is absent. */
    public Optional<Path> file(String sha256) {
        if (sha256 == null || !SHA256.matcher(sha256).matches()) {
            return Optional.empty();
        }
        Path file = dir.resolve(sha256 + ".bundle");
        return Files.isRegularFile(file) ? Optional.of(file) : Optional.empty();
    }

    /** Records where the running fleet serves this library: {@code https://host:port/bundles/}. */
    public void servedAt(URI base) throws IOException {
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, ".served-at-", ".tmp");
        try {
            Files.writeString(tmp, base + "\n", StandardCharsets.UTF_8);
            Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-r--r--"));
            Files.move(tmp, dir.resolve(SERVED_AT), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Forgets where the library was served: a fleet manager that starts without hosting it says so here. */
    public void notServed() throws IOException {
        Files.deleteIfExists(dir.resolve(SERVED_AT));
    }

    /**
     * The address to hand devices for a stored bundle address, now that this library is served at
     * {@code base}: an address of a bundle this library holds ({@code …/bundles/<sha256>.bundle})
     * moves to {@code base}, so rollouts made before {@code fleet serve} moved to another host or
     * port still lead somewhere; any other address is kept as it is.
     */
    public URI rehome(URI stored, URI base) {
        String path = stored.getRawPath();
        if (path == null) {
            return stored;
        }
        java.util.regex.Matcher m = HOSTED_PATH.matcher(path);
        if (!m.matches() || file(m.group(1)).isEmpty()) {
            return stored;
        }
        return base.resolve(m.group(1) + ".bundle");
    }

    /** Where a fleet manager last served this library; empty when none has, or the record is not an https address. */
    public Optional<URI> servedAt() {
        try {
            String text = Files.readString(dir.resolve(SERVED_AT), StandardCharsets.UTF_8).strip();
            URI base = new URI(text);
            return "https".equals(base.getScheme()) && base.getHost() != null && text.endsWith("/bundles/")
                    ? Optional.of(base) : Optional.empty();
        } catch (IOException | java.net.URISyntaxException e) {
            return Optional.empty();
        }
    }

    /** The address devices fetch {@code bundle} from, under {@code base} (from {@link #servedAt()}). */
    public static URI address(URI base, HostedBundle bundle) {
        return base.resolve(bundle.fileName());
    }
}

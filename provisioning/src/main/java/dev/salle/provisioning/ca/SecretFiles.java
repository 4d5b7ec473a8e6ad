package dev.salle.provisioning.ca;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Writes files atomically (a temporary file in the same folder, then a rename), secrets with owner
 * read/write only (0600) from the moment they exist, and checks that a secret was not left open
 * to others.
 */
public final class SecretFiles {

    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> OPEN_TO_OTHERS = Set.of(
            PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE);

    private SecretFiles() {
    }

    /** Writes a secret with mode 0600, replacing the file atomically. */
    public static void writeSecret(Path file, String text) {
        write(file, text.getBytes(StandardCharsets.UTF_8), true);
    }

    /** Writes secret bytes (a key store) with mode 0600 from the moment they exist, replacing the file atomically. */
    public static void writeSecret(Path file, byte[] bytes) {
        write(file, bytes, true);
    }

    /** Writes a public file (0644 under the usual umask), replacing it atomically. */
    public static void writePublic(Path file, String text) {
        write(file, text.getBytes(StandardCharsets.UTF_8), false);
    }

    /** Refuses a secret that group or others may read or write, saying how to fix it. */
    public static void requireOwnerOnly(Path file) {
        try {
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
            for (PosixFilePermission p : OPEN_TO_OTHERS) {
                if (permissions.contains(p)) {
                    throw new IllegalStateException(file + " has permissions "
                            + PosixFilePermissions.toString(permissions)
                            + ": a private key must be readable by its owner only; run chmod 600 " + file);
                }
            }
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: nothing to check
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the permissions of " + file + ": " + e.getMessage(), e);
        }
    }

    private static void write(Path file, byte[] bytes, boolean secret) {
        Path dir = file.toAbsolutePath().getParent();
        Path tmp = null;
        try {
            Files.createDirectories(dir);
            FileAttribute<?>[] attributes = secret && posix(dir)
                    ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_ONLY)}
                    : new FileAttribute<?>[0];
            tmp = Files.createTempFile(dir, "." + file.getFileName(), ".tmp", attributes);
            Files.write(tmp, bytes);
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
            tmp = null;
        } catch (FileAlreadyExistsException e) {
            throw new UncheckedIOException("could not write " + file + ": a temporary file clashed, try again", e);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + file + ": " + e.getMessage(), e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // best effort: the temporary file holds nothing the real one lacks
                }
            }
        }
    }

    private static boolean posix(Path dir) {
        return dir.getFileSystem().supportedFileAttributeViews().contains("posix");
    }
}

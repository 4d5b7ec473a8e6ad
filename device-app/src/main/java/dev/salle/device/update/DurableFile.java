package dev.salle.device.update;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Replaces the small files the slots keep their state in (GRUB's environment block, autoboot.txt,
 * the trial record) so that a power cut leaves the old content or the new one: a temporary file
 * beside it ({@code NAME.new}), forced to the disk, renamed over it, then the folder forced too.
 */
final class DurableFile {

    private DurableFile() {}

    /** Writes {@code content} to {@code file} as above; the folder must exist. */
    static void replace(Path file, byte[] content) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".new");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer buf = ByteBuffer.wrap(content);
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
            ch.force(true);
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        syncFolder(file.toAbsolutePath().getParent());
    }

    /**
     * Forces a folder's entries to the disk, so a rename in it survives a power cut. File systems
     * that cannot sync a folder (some refuse to open one) keep what the rename gave.
     */
    static void syncFolder(Path folder) {
        try (FileChannel ch = FileChannel.open(folder, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // nothing more can be done here: the data itself is already on the disk
        }
    }
}

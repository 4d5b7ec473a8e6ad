package dev.salle.device.update;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * Raw images written into the other slot's partitions: a partition's size, and a copy that is
 * forced to the disk, read back and compared by SHA-256. Tests stand plain files for partitions.
 */
final class PartitionImages {

    private static final int CHUNK = 1 << 20;

    private PartitionImages() {}

    /** A partition's size from sysfs, or a regular file's length (tests). */
    static long capacity(Path device) throws IOException {
        Path real = device.toRealPath();
        if (Files.isRegularFile(real)) {
            return Files.size(real);
        }
        Path sectors = Path.of("/sys/class/block", real.getFileName().toString(), "size");
        return Long.parseLong(Files.readString(sectors).strip()) * 512;
    }

    /**
     * Copies {@code length} bytes of {@code from}, starting at {@code offset}, to the start of
     * {@code to}, forces them to the disk, and reads them back.
     *
     * @return whether what reads back is what was written
     */
    static boolean writeAndReadBack(Path from, long offset, long length, Path to) throws IOException {
        byte[] written = copy(from, offset, length, to);
        return Arrays.equals(written, digest(to, length));
    }

    private static byte[] copy(Path from, long offset, long length, Path to) throws IOException {
        MessageDigest sha = sha256();
        try (FileChannel in = FileChannel.open(from, StandardOpenOption.READ);
             FileChannel out = FileChannel.open(to, StandardOpenOption.WRITE)) {
            ByteBuffer buf = ByteBuffer.allocateDirect(CHUNK);
            long done = 0;
            while (done < length) {
                buf.clear();
                buf.limit((int) Math.min(CHUNK, length - done));
                int n = in.read(buf, offset + done);
                if (n < 0) {
                    throw new IOException(from + " ends after " + (offset + done) + " bytes, before the "
                            + (offset + length) + " it should have");
                }
                buf.flip();
                sha.update(buf.duplicate());
                while (buf.hasRemaining()) {
                    done += out.write(buf, done);
                }
            }
            out.force(true);
        }
        return sha.digest();
    }

    private static byte[] digest(Path file, long length) throws IOException {
        MessageDigest sha = sha256();
        try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer buf = ByteBuffer.allocateDirect(CHUNK);
            long position = 0;
            while (position < length) {
                buf.clear();
                buf.limit((int) Math.min(CHUNK, length - position));
                int n = in.read(buf, position);
                if (n < 0) {
                    throw new IOException("the slot ends after " + position + " of " + length + " bytes");
                }
                position += n;
                buf.flip();
                sha.update(buf);
            }
        }
        return sha.digest();
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this Java runtime", e);
        }
    }
}

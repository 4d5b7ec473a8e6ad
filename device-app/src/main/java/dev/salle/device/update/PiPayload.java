package dev.salle.device.update;

import dev.salle.device.update.PayloadRefusedException.Reason;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * Where the two parts of a Raspberry Pi OS payload (bundle target {@code os-image-<board>}) lie:
 *
 * <pre>
 * "SALLEPI1"             8 bytes ASCII
 * boot length            u64 big-endian, at least 1: the boot partition's FAT image
 * root length            u64 big-endian, at least 1: the root squashfs
 * boot image             exactly boot length bytes
 * root image             exactly root length bytes; nothing may follow
 * </pre>
 *
 * The same boot image serves both slots. Only the header is read here; the bundle's signature
 * already covers every byte.
 */
record PiPayload(long bootLength, long rootLength) {

    static final byte[] MAGIC = "SALLEPI1".getBytes(StandardCharsets.US_ASCII);
    static final int HEADER = 24;

    /** The boot image's offset in the payload. */
    long bootOffset() {
        return HEADER;
    }

    /** The root image's offset in the payload. */
    long rootOffset() {
        return HEADER + bootLength;
    }

    /** Reads and checks the header against the payload's size; a payload that is not one is refused. */
    static PiPayload read(Path payload) throws IOException {
        try (FileChannel in = FileChannel.open(payload, StandardOpenOption.READ)) {
            long size = in.size();
            if (size < HEADER) {
                throw new PayloadRefusedException(Reason.TRUNCATED, "the payload has " + size + " bytes, fewer than the "
                        + HEADER + " of a Raspberry Pi OS payload's header: it is not one");
            }
            ByteBuffer header = ByteBuffer.allocate(HEADER);
            while (header.hasRemaining() && in.read(header, header.position()) > 0) {
                // positional reads until the header is full
            }
            if (header.hasRemaining()) {
                throw new IOException("the payload " + payload + " ended while its header was read");
            }
            byte[] magic = Arrays.copyOf(header.array(), MAGIC.length);
            if (!Arrays.equals(magic, MAGIC)) {
                throw new PayloadRefusedException(Reason.BAD_MAGIC, "the payload does not start with SALLEPI1 (it starts with "
                        + printable(magic) + "): it is not a Raspberry Pi OS payload; build it for this board");
            }
            long boot = header.getLong(8);
            long root = header.getLong(16);
            if (boot <= 0 || root <= 0) {
                throw new PayloadRefusedException(Reason.BAD_LENGTH, "the payload's header announces a boot image of "
                        + Long.toUnsignedString(boot) + " and a root image of " + Long.toUnsignedString(root)
                        + " bytes; each must be between 1 byte and what a payload can hold");
            }
            long total;
            try {
                total = Math.addExact(Math.addExact(HEADER, boot), root);
            } catch (ArithmeticException e) {
                throw new PayloadRefusedException(Reason.BAD_LENGTH, "the payload's boot (" + boot + ") and root (" + root
                        + ") lengths overflow together");
            }
            if (total != size) {
                throw new PayloadRefusedException(Reason.LENGTH_MISMATCH, "the payload's header announces " + HEADER + " + "
                        + boot + " + " + root + " = " + total + " bytes, but the payload has " + size);
            }
            return new PiPayload(boot, root);
        }
    }

    private static String printable(byte[] bytes) {
        StringBuilder s = new StringBuilder();
        for (byte b : bytes) {
            s.append(b >= 0x20 && b <= 0x7e ? String.valueOf((char) b) : String.format("\\x%02x", b & 0xff));
        }
        return "'" + s + "'";
    }
}

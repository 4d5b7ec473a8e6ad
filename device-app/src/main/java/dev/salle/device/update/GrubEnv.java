package dev.salle.device.update;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * GRUB's environment block, the file GRUB's {@code load_env} and {@code save_env} (and
 * {@code grub-editenv}) read and write: exactly 1024 bytes, the line {@code # GRUB Environment
 * Block}, then {@code name=value} lines (and {@code #} comment lines), padded with {@code #}. The OS image keeps its boot-slot
 * state there. Immutable: {@link #with} returns a changed copy. Only plain values are accepted
 * (printable ASCII without a backslash), which is all the slot state needs, so nothing here has to
 * follow GRUB's escaping.
 */
public final class GrubEnv {

    public static final int SIZE = 1024;
    static final String HEADER = "# GRUB Environment Block\n";
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_]{1,64}");

    private final Map<String, String> values;

    private GrubEnv(Map<String, String> values) {
        this.values = Collections.unmodifiableMap(values);
    }

    /** A block with these values, in this order. */
    public static GrubEnv of(Map<String, String> values) {
        GrubEnv env = new GrubEnv(new LinkedHashMap<>());
        for (Map.Entry<String, String> e : values.entrySet()) {
            env = env.with(e.getKey(), e.getValue());
        }
        return env;
    }

    /** Reads a block; a file that is not one gets a {@link GrubEnvException} saying why. */
    public static GrubEnv read(Path file) throws IOException {
        return parse(Files.readAllBytes(file));
    }

    public static GrubEnv parse(byte[] block) {
        if (block.length != SIZE) {
            throw new GrubEnvException(GrubEnvException.Reason.WRONG_SIZE,
                    "a GRUB environment block has " + SIZE + " bytes, this one " + block.length);
        }
        byte[] header = HEADER.getBytes(StandardCharsets.US_ASCII);
        if (!Arrays.equals(block, 0, header.length, header, 0, header.length)) {
            throw new GrubEnvException(GrubEnvException.Reason.NO_HEADER, "the block does not start with '# GRUB Environment Block'");
        }
        Map<String, String> values = new LinkedHashMap<>();
        int i = header.length;
        while (i < SIZE) {
            int end = i;
            while (end < SIZE && block[end] != '\n') {
                end++;
            }
            if (block[i] == '#' && end == SIZE) {
                break; // the padding
            }
            if (end == SIZE) {
                throw new GrubEnvException(GrubEnvException.Reason.BAD_LINE, "the line at byte " + i + " has no end");
            }
            for (int b = i; b < end; b++) {
                if (block[b] < 0x20 || block[b] > 0x7e) {
                    throw new GrubEnvException(GrubEnvException.Reason.BAD_BYTES,
                            "byte " + b + " (0x" + Integer.toHexString(block[b] & 0xff) + ") is not printable ASCII");
                }
            }
            String line = new String(block, i, end - i, StandardCharsets.US_ASCII);
            if (line.startsWith("#")) {
                i = end + 1; // a comment, such as the warning grub-editenv writes
                continue;
            }
            int eq = line.indexOf('=');
            if (eq < 0) {
                throw new GrubEnvException(GrubEnvException.Reason.BAD_LINE, "the line at byte " + i + " has no '='");
            }
            String name = line.substring(0, eq);
            if (!NAME.matcher(name).matches()) {
                throw new GrubEnvException(GrubEnvException.Reason.BAD_NAME, "'" + name + "' is not a variable name");
            }
            values.put(name, line.substring(eq + 1));
            i = end + 1;
        }
        for (int b = i; b < SIZE; b++) {
            if (block[b] != '#') {
                throw new GrubEnvException(GrubEnvException.Reason.BAD_BYTES, "byte " + b + " of the padding is not '#'");
            }
        }
        return new GrubEnv(values);
    }

    public Optional<String> get(String name) {
        return Optional.ofNullable(values.get(name));
    }

    public Map<String, String> values() {
        return values;
    }

    /** A copy with {@code name} set to {@code value}. */
    public GrubEnv with(String name, String value) {
        if (!NAME.matcher(name).matches()) {
            throw new GrubEnvException(GrubEnvException.Reason.BAD_NAME, "'" + name + "' is not a variable name");
        }
        if (!value.chars().allMatch(c -> c >= 0x20 && c <= 0x7e && c != '\\')) {
            throw new GrubEnvException(GrubEnvException.Reason.BAD_VALUE,
                    "the value of " + name + " must be printable ASCII without a backslash");
        }
        Map<String, String> next = new LinkedHashMap<>(values);
        next.put(name, value);
        GrubEnv env = new GrubEnv(next);
        env.toBytes(); // refuses a block that no longer fits
        return env;
    }

    public byte[] toBytes() {
        StringBuilder text = new StringBuilder(HEADER);
        values.forEach((k, v) -> text.append(k).append('=').append(v).append('\n'));
        byte[] content = text.toString().getBytes(StandardCharsets.US_ASCII);
        if (content.length > SIZE) {
            throw new GrubEnvException(GrubEnvException.Reason.TOO_LARGE,
                    "the variables take " + content.length + " bytes, more than the block's " + SIZE);
        }
        byte[] block = new byte[SIZE];
        Arrays.fill(block, (byte) '#');
        System.arraycopy(content, 0, block, 0, content.length);
        return block;
    }

    /**
     * Writes the block: to a temporary file beside it, forced to the disk, then renamed over it, so
     * a power cut leaves the old block or the new one.
     */
    public void write(Path file) throws IOException {
        DurableFile.replace(file, toBytes());
    }

    @Override
    public String toString() {
        return "GrubEnv" + values;
    }
}

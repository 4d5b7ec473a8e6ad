package dev.salle.device.update;

import dev.salle.device.update.AutobootException.Reason;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Raspberry Pi image's {@code autoboot.txt}, on the first FAT partition, which the firmware
 * reads before anything else (at most 512 bytes): the boot partition of the committed slot, and the
 * one started when the reboot asked for {@code tryboot}. The image owns the file and it has exactly
 * this shape, which is all this class reads and writes:
 *
 * <pre>
 * [all]
 * tryboot_a_b=1
 * boot_partition=2
 * [tryboot]
 * boot_partition=3
 * </pre>
 *
 * Lines end with {@code \n} (the last one may not); no blank lines, comments, spaces, other
 * sections or keys; the partitions are 2 or 3, and differ. Anything else is refused with an
 * {@link AutobootException} that says why, so the app never writes over a file it does not
 * understand with a guess, and never writes one it could not read back.
 *
 * @param committed the boot partition started by a plain boot ({@code [all]})
 * @param tryboot the boot partition started once by a {@code reboot "0 tryboot"} ({@code [tryboot]})
 */
public record Autoboot(int committed, int tryboot) {

    public static final int MAX_BYTES = 512;
    private static final String ALL = "all";
    private static final String TRYBOOT = "tryboot";
    private static final String A_B = "tryboot_a_b";
    private static final String PARTITION = "boot_partition";
    private static final Pattern SECTION = Pattern.compile("\\[([^\\]]*)\\]");
    private static final Pattern SETTING = Pattern.compile("([a-z0-9_]+)=(.*)");

    /** @throws AutobootException when a partition is not 2 or 3, or both are the same */
    public Autoboot {
        checkPartition(committed, ALL);
        checkPartition(tryboot, TRYBOOT);
        if (committed == tryboot) {
            throw new AutobootException(Reason.SAME_PARTITION, "[all] and [tryboot] both start partition " + committed
                    + ": autoboot.txt must name one slot's boot partition in each");
        }
    }

    /** Reads the file; one that is not the shape above gets an {@link AutobootException} saying why. */
    public static Autoboot read(Path file) throws IOException {
        return parse(Files.readAllBytes(file));
    }

    public static Autoboot parse(byte[] bytes) {
        if (bytes.length == 0) {
            throw new AutobootException(Reason.EMPTY, "autoboot.txt is empty");
        }
        if (bytes.length > MAX_BYTES) {
            throw new AutobootException(Reason.TOO_LONG, "autoboot.txt has " + bytes.length
                    + " bytes; the firmware reads at most " + MAX_BYTES);
        }
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] != '\n' && (bytes[i] < 0x20 || bytes[i] > 0x7e)) {
                throw new AutobootException(Reason.BAD_BYTES, "byte " + i + " (0x" + Integer.toHexString(bytes[i] & 0xff)
                        + ") of autoboot.txt is not printable ASCII or a \\n line end");
            }
        }
        String text = new String(bytes, StandardCharsets.US_ASCII);
        if (text.endsWith("\n")) {
            text = text.substring(0, text.length() - 1);
        }
        Map<String, Map<String, String>> sections = new LinkedHashMap<>();
        Map<String, String> current = null;
        String section = null;
        List<String> lines = List.of(text.split("\n", -1));
        for (int n = 1; n <= lines.size(); n++) {
            String line = lines.get(n - 1);
            if (line.isEmpty()) {
                throw new AutobootException(Reason.BAD_LINE, "line " + n + " of autoboot.txt is empty");
            }
            Matcher header = SECTION.matcher(line);
            if (header.matches()) {
                section = header.group(1);
                if (!section.equals(ALL) && !section.equals(TRYBOOT)) {
                    throw new AutobootException(Reason.UNKNOWN_SECTION, "line " + n + " of autoboot.txt opens section ["
                            + section + "]; only [all] and [tryboot] are expected");
                }
                if (sections.containsKey(section) || (section.equals(TRYBOOT) && !sections.containsKey(ALL))) {
                    throw new AutobootException(Reason.OUT_OF_PLACE, "line " + n + " of autoboot.txt opens [" + section
                            + "] " + (sections.containsKey(section) ? "a second time" : "before [all]"));
                }
                current = new LinkedHashMap<>();
                sections.put(section, current);
                continue;
            }
            Matcher setting = SETTING.matcher(line);
            if (!setting.matches()) {
                throw new AutobootException(Reason.BAD_LINE, "line " + n + " of autoboot.txt ('" + line
                        + "') is neither a [section] nor a key=value without spaces");
            }
            String key = setting.group(1);
            String value = setting.group(2);
            if (!key.equals(A_B) && !key.equals(PARTITION)) {
                throw new AutobootException(Reason.UNKNOWN_KEY, "line " + n + " of autoboot.txt sets '" + key
                        + "'; only tryboot_a_b and boot_partition are expected");
            }
            if (current == null) {
                throw new AutobootException(Reason.OUT_OF_PLACE, "line " + n + " of autoboot.txt sets " + key
                        + " before any section");
            }
            if (current.containsKey(key)) {
                throw new AutobootException(Reason.DUPLICATE_KEY, "line " + n + " of autoboot.txt sets " + key
                        + " a second time in [" + section + "]");
            }
            if (key.equals(A_B) && (section.equals(TRYBOOT) || !current.isEmpty())) {
                throw new AutobootException(Reason.OUT_OF_PLACE, "line " + n + " of autoboot.txt: tryboot_a_b belongs"
                        + " first in [all]");
            }
            if (key.equals(A_B) && !value.equals("1")) {
                throw new AutobootException(Reason.BAD_VALUE, "line " + n + " of autoboot.txt sets tryboot_a_b=" + value
                        + "; the slots need tryboot_a_b=1");
            }
            if (key.equals(PARTITION) && !value.equals("2") && !value.equals("3")) {
                throw new AutobootException(Reason.BAD_VALUE, "line " + n + " of autoboot.txt sets boot_partition=" + value
                        + "; a slot's boot partition is 2 or 3");
            }
            current.put(key, value);
        }
        for (String name : List.of(ALL, TRYBOOT)) {
            if (!sections.containsKey(name)) {
                throw new AutobootException(Reason.MISSING_SECTION, "autoboot.txt has no [" + name + "] section");
            }
        }
        List<String> missing = new ArrayList<>();
        if (!sections.get(ALL).containsKey(A_B)) {
            missing.add("tryboot_a_b in [all]");
        }
        if (!sections.get(ALL).containsKey(PARTITION)) {
            missing.add("boot_partition in [all]");
        }
        if (!sections.get(TRYBOOT).containsKey(PARTITION)) {
            missing.add("boot_partition in [tryboot]");
        }
        if (!missing.isEmpty()) {
            throw new AutobootException(Reason.MISSING_KEY, "autoboot.txt lacks " + String.join(", ", missing));
        }
        return new Autoboot(Integer.parseInt(sections.get(ALL).get(PARTITION)),
                Integer.parseInt(sections.get(TRYBOOT).get(PARTITION)));
    }

    /** The same two partitions the other way round: what a commit writes. */
    public Autoboot swapped() {
        return new Autoboot(tryboot, committed);
    }

    public byte[] toBytes() {
        return ("[all]\n" + A_B + "=1\n" + PARTITION + "=" + committed + "\n[tryboot]\n" + PARTITION + "=" + tryboot + "\n")
                .getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * Writes the file through {@link DurableFile}: a temporary file, forced, renamed over it, the
     * folder forced. The bytes are parsed back first: a file this class could not read is never written.
     */
    public void write(Path file) throws IOException {
        byte[] bytes = toBytes();
        if (!parse(bytes).equals(this)) {
            throw new IllegalStateException("autoboot.txt for " + this + " does not read back as itself; nothing written");
        }
        DurableFile.replace(file, bytes);
    }

    private static void checkPartition(int partition, String section) {
        if (partition != 2 && partition != 3) {
            throw new AutobootException(Reason.BAD_VALUE, "[" + section + "] boot_partition=" + partition
                    + ": a slot's boot partition is 2 or 3");
        }
    }
}

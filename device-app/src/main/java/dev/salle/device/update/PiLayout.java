package dev.salle.device.update;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Where the Raspberry Pi image keeps what {@link TrybootSlots} reads and writes (the contract with
 * the image, docs/updates.md): the firmware's device-tree values (this boot was a tryboot; the
 * partition it booted), the kernel's command line (a fallback naming the slot), autoboot.txt on the
 * first FAT partition, each slot's boot and root partitions, the version and board files inside
 * the running root, and the update's work folder on the data partition. Every path can be replaced
 * for tests.
 */
public record PiLayout(Path trybootFlag, Path bootedPartition, Path cmdline, Path autoboot, Path bootA, Path bootB,
                       Path rootA, Path rootB, Path versionFile, Path boardFile, Path workDir) {

    /** The image's fixed disk id: the partitions are {@code /dev/disk/by-partuuid/5a11e000-NN}. */
    public static final String DISK_ID = "5a11e000";
    /** Slot A's boot partition, as autoboot.txt and the device tree number it. */
    public static final int BOOT_A = 2;
    /** Slot B's boot partition. */
    public static final int BOOT_B = 3;
    private static final Pattern BOARD = Pattern.compile("[a-z0-9][a-z0-9-]{0,31}");

    /** The image's fixed paths, with the work folder on the data partition. */
    public static PiLayout standard(Path workDir) {
        Path bootloader = Path.of("/proc/device-tree/chosen/bootloader");
        return new PiLayout(bootloader.resolve("tryboot"), bootloader.resolve("partition"), Path.of("/proc/cmdline"),
                Path.of("/boot/autoboot/autoboot.txt"), partition(2), partition(3), partition(5), partition(6),
                Path.of("/usr/lib/salle/VERSION"), Path.of("/usr/lib/salle/BOARD"), workDir);
    }

    private static Path partition(int number) {
        return Path.of("/dev/disk/by-partuuid", DISK_ID + "-" + String.format("%02d", number));
    }

    /** The running slot's version, from its version file. */
    public Optional<String> runningVersion() {
        return ImageLayout.readVersion(versionFile);
    }

    /**
     * The board this image was built for ({@code pi4}, {@code pi5}): the OS bundles it takes have
     * the target {@code os-image-<board>}.
     *
     * @throws IllegalStateException when the board file is missing or does not hold a board name
     */
    public String board() {
        String board;
        try {
            board = Files.readString(boardFile).strip();
        } catch (NoSuchFileException e) {
            throw new IllegalStateException("update.mechanism is tryboot but " + boardFile + " is missing: this system is not"
                    + " a Salle Raspberry Pi image, or its image predates the board file", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the board file " + boardFile + ": " + e.getMessage(), e);
        }
        if (!BOARD.matcher(board).matches()) {
            throw new IllegalStateException("the board file " + boardFile + " holds '" + board
                    + "', not a board name (lower-case letters, digits and '-', at most 32)");
        }
        return board;
    }

    /** A slot's boot partition ({@code A} or {@code B}). */
    Path boot(String slot) {
        return slot.equals(TrialFile.A) ? bootA : bootB;
    }

    /** A slot's root partition. */
    Path root(String slot) {
        return slot.equals(TrialFile.A) ? rootA : rootB;
    }

    /** The slot whose boot partition this is, if it is one. */
    static Optional<String> slotOf(long bootPartition) {
        return bootPartition == BOOT_A ? Optional.of(TrialFile.A)
                : bootPartition == BOOT_B ? Optional.of(TrialFile.B) : Optional.empty();
    }

    /** A slot's boot partition number. */
    static int bootPartitionOf(String slot) {
        return slot.equals(TrialFile.A) ? BOOT_A : BOOT_B;
    }
}

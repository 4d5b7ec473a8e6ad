package dev.salle.device.update;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where the OS image keeps what {@link GrubSlots} reads and writes (docs/image.md): the kernel's
 * command line (which names the booted slot), GRUB's environment block on the EFI partition, the
 * two slot partitions, the version file inside the running slot, and the update's work folder on
 * the data partition (which survives the switch to the other slot).
 */
public record ImageLayout(Path cmdline, Path grubEnv, Path slotA, Path slotB, Path versionFile, Path workDir) {

    /** The image's fixed paths, with the work folder on the data partition. */
    public static ImageLayout standard(Path workDir) {
        return new ImageLayout(Path.of("/proc/cmdline"), Path.of("/boot/efi/salle/grubenv"),
                Path.of("/dev/disk/by-partlabel/salle-a"), Path.of("/dev/disk/by-partlabel/salle-b"),
                Path.of("/usr/lib/salle/VERSION"), workDir);
    }

    /** The running slot's version, from its version file. */
    public Optional<String> runningVersion() {
        return readVersion(versionFile);
    }

    /** A version file's content, when it exists and holds something. */
    static Optional<String> readVersion(Path versionFile) {
        try {
            return Files.exists(versionFile) ? Optional.of(Files.readString(versionFile).strip()).filter(s -> !s.isEmpty())
                    : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    Path partition(String slot) {
        return slot.equals(GrubSlots.A) ? slotA : slotB;
    }
}

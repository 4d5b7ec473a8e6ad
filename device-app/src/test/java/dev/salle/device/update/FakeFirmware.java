package dev.salle.device.update;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * A Raspberry Pi's firmware and disk, played on files in a folder: autoboot.txt on the first
 * partition, boot partitions 2 and 3, root partitions 5 and 6, the device tree's
 * {@code chosen/bootloader} values, the kernel's command line, and the running root's VERSION and
 * BOARD files. Slot A holds 1.0.0 at first, slot B nothing.
 *
 * <p>At {@link #boot(boolean)} it does what the firmware does: reads autoboot.txt (the way the
 * firmware does, not with the app's strict parser), takes {@code [tryboot]}'s partition when the
 * reboot carried the one-shot flag and {@code [all]}'s otherwise, and sets the device tree's
 * {@code tryboot} and {@code partition}. The running root's VERSION is what the booted slot's root
 * image says. {@link #rebootAsAsked()} reboots the way the app asked ({@link RebootRequest});
 * {@link #plainBoot()} is any other start: a power cut, a watchdog reset, a kernel panic.
 */
final class FakeFirmware {

    static final int BOOT_BYTES = 64 * 1024;
    static final int ROOT_BYTES = 256 * 1024;
    static final String SHIPPED_AUTOBOOT = "[all]\ntryboot_a_b=1\nboot_partition=2\n[tryboot]\nboot_partition=3\n";
    private static final String ROOT_MARK = "SALLE-ROOT ";

    private final PiLayout layout;
    private int booted;

    FakeFirmware(Path dir) throws IOException {
        Path bootloader = dir.resolve("device-tree/chosen/bootloader");
        Path root = dir.resolve("running-root");
        layout = new PiLayout(bootloader.resolve("tryboot"), bootloader.resolve("partition"), dir.resolve("cmdline"),
                dir.resolve("autoboot/autoboot.txt"), dir.resolve("p2"), dir.resolve("p3"), dir.resolve("p5"),
                dir.resolve("p6"), root.resolve("VERSION"), root.resolve("BOARD"), dir.resolve("data/salle/slots/work"));
        Files.createDirectories(bootloader);
        Files.createDirectories(root);
        Files.createDirectories(layout.autoboot().getParent());
        Files.writeString(layout.autoboot(), SHIPPED_AUTOBOOT);
        Files.write(layout.bootA(), image(bootImage("boot files"), BOOT_BYTES));
        Files.write(layout.bootB(), new byte[BOOT_BYTES]);
        Files.write(layout.rootA(), image(rootImage("1.0.0"), ROOT_BYTES));
        Files.write(layout.rootB(), new byte[ROOT_BYTES]);
        Files.writeString(layout.boardFile(), "pi4\n");
    }

    PiLayout layout() {
        return layout;
    }

    /** A start without the tryboot flag: power on, a power cut, a reset by the watchdog, a plain reboot. */
    String plainBoot() throws IOException {
        return boot(false);
    }

    /** The reboot the app asked for by its exit code: tryboot (77) or plain (76); one must have been asked. */
    String rebootAsAsked() throws IOException {
        RebootRequest.Kind kind = RebootRequest.kind()
                .orElseThrow(() -> new AssertionError("the app asked for no reboot: systemd would only restart it"));
        return boot(kind == RebootRequest.Kind.TRYBOOT);
    }

    /**
     * Boots: {@code [tryboot]}'s partition when {@code tryboot}, else {@code [all]}'s; the flag is
     * one-shot, so it never outlives this boot.
     *
     * @return the slot started, A or B
     */
    String boot(boolean tryboot) throws IOException {
        RebootRequest.clear(); // a new boot, a new process
        String text = Files.exists(layout.autoboot()) ? Files.readString(layout.autoboot(), StandardCharsets.ISO_8859_1) : "";
        Optional<Integer> partition = partitionIn(text, tryboot ? "[tryboot]" : "[all]");
        if (partition.isEmpty() && tryboot) {
            partition = partitionIn(text, "[all]");
        }
        booted = partition.orElseThrow(() -> new AssertionError("autoboot.txt names no boot partition (" + text
                + "): the firmware would look for the kernel on partition 1 and the Pi would not start"));
        if (booted != PiLayout.BOOT_A && booted != PiLayout.BOOT_B) {
            throw new AssertionError("autoboot.txt starts partition " + booted + ", which holds no boot files");
        }
        Files.write(layout.trybootFlag(), u32(tryboot ? 1 : 0));
        Files.write(layout.bootedPartition(), u32(booted));
        // one boot image serves both slots: the command line cannot name the slot
        Files.writeString(layout.cmdline(), "console=serial0,115200 console=tty1 rootfstype=squashfs ro rootwait panic=10\n");
        Path root = booted == PiLayout.BOOT_A ? layout.rootA() : layout.rootB();
        Optional<String> version = versionIn(Files.readAllBytes(root));
        if (version.isPresent()) {
            Files.writeString(layout.versionFile(), version.get() + "\n");
        } else {
            Files.deleteIfExists(layout.versionFile());
        }
        return booted == PiLayout.BOOT_A ? "A" : "B";
    }

    /** What a firmware without the {@code chosen/bootloader} values gives: the slot only on the command line. */
    void forgetDeviceTree(String cmdline) throws IOException {
        Files.deleteIfExists(layout.trybootFlag());
        Files.deleteIfExists(layout.bootedPartition());
        Files.writeString(layout.cmdline(), cmdline);
    }

    Autoboot autoboot() throws IOException {
        return Autoboot.read(layout.autoboot());
    }

    /** Every byte the image's partitions and autoboot.txt hold, to show that something did not change them. */
    List<byte[]> disk() throws IOException {
        return List.of(Files.readAllBytes(layout.autoboot()), Files.readAllBytes(layout.bootA()),
                Files.readAllBytes(layout.bootB()), Files.readAllBytes(layout.rootA()), Files.readAllBytes(layout.rootB()));
    }

    static byte[] bootImage(String label) {
        byte[] b = new byte[BOOT_BYTES / 2];
        byte[] t = ("FAT boot partition: " + label).getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(t, 0, b, 0, t.length);
        b[b.length - 1] = 0x42;
        return b;
    }

    static byte[] rootImage(String version) {
        byte[] b = new byte[ROOT_BYTES / 2];
        byte[] t = (ROOT_MARK + version + "\n").getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(t, 0, b, 0, t.length);
        b[b.length - 1] = 0x5a;
        return b;
    }

    /** A payload as the image build makes it: SALLEPI1, the two lengths, the boot image, the root image. */
    static byte[] payload(byte[] boot, byte[] root) {
        return ByteBuffer.allocate(24 + boot.length + root.length).put(PiPayload.MAGIC).putLong(boot.length)
                .putLong(root.length).put(boot).put(root).array();
    }

    private static byte[] image(byte[] content, int size) {
        return Arrays.copyOf(content, size);
    }

    private static Optional<String> versionIn(byte[] root) {
        String head = new String(root, 0, 64, StandardCharsets.US_ASCII);
        if (!head.startsWith(ROOT_MARK)) {
            return Optional.empty();
        }
        return Optional.of(head.substring(ROOT_MARK.length(), head.indexOf('\n')));
    }

    /** The firmware's reading: the last boot_partition= in the section, whatever else the file holds. */
    private static Optional<Integer> partitionIn(String text, String section) {
        Integer found = null;
        String current = "[all]";
        for (String line : text.split("\r?\n")) {
            String l = line.strip();
            if (l.startsWith("[")) {
                current = l;
            } else if (current.equals(section) && l.startsWith("boot_partition=")) {
                try {
                    found = Integer.parseInt(l.substring("boot_partition=".length()).strip());
                } catch (NumberFormatException e) {
                    // the firmware ignores what it cannot read
                }
            }
        }
        return Optional.ofNullable(found);
    }

    private static byte[] u32(int value) {
        return ByteBuffer.allocate(4).putInt(value).array();
    }
}

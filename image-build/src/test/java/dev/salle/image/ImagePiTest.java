package dev.salle.image;

import static dev.salle.image.Commands.MODULE;
import static dev.salle.image.Commands.buildSh;
import static dev.salle.image.Commands.isRoot;
import static dev.salle.image.Commands.output;
import static dev.salle.image.Commands.run;
import static dev.salle.image.Commands.text;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.salle.bundle.ReleaseKeys;
import dev.salle.testkit.RealDependency;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Raspberry Pi image, which nobody here can boot: its slot image and disk are checked byte by
 * byte against what the Pi firmware and the device app expect (docs/image.md, docs/updates.md).
 * First from a small stand-in root, then for real: the arm64 image built by the same recipe from
 * Debian's packages, under qemu-user-static through binfmt_misc.
 */
class ImagePiTest {

    private static final long MIB = 1024 * 1024;
    private static final String AUTOBOOT = "[all]\ntryboot_a_b=1\nboot_partition=2\n[tryboot]\nboot_partition=3\n";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void aSlotImageAndADiskFromAStandInRootHaveTheFirmwaresLayout() throws Exception {
        requireTools();
        Path root = dir.resolve("root");
        Files.createDirectories(root.resolve("usr/lib/salle"));
        Files.writeString(root.resolve("usr/lib/salle/VERSION"), "1.0.0\n");
        Path fw = Files.createDirectories(root.resolve("boot/firmware"));
        Files.writeString(fw.resolve("config.txt"), "arm_64bit=1\n");
        Files.writeString(fw.resolve("cmdline.txt"), "root=LABEL=RASPIROOT rw\n"); // Debian's, which the build replaces
        Random random = new Random(7);
        for (String f : List.of("vmlinuz-6.12.0-arm64", "initrd.img-6.12.0-arm64", "start4.elf", "bcm2711-rpi-4-b.dtb")) {
            byte[] b = new byte[300_000];
            random.nextBytes(b);
            Files.write(fw.resolve(f), b);
        }
        Path slot = dir.resolve("slot.img");
        run(Duration.ofMinutes(5), dir.resolve("slot.log"), buildSh(), "slot", "--board", "pi4", "--rootfs", root.toString(),
                "--out", slot.toString(), "--compression", "gzip");

        SlotImage parts = SlotImage.read(slot);
        String cmdline = fatFile(parts.boot, "cmdline.txt");
        assertThat(cmdline).startsWith("root=PARTUUID=5a11e000-05 rootfstype=squashfs ro rootwait ")
                .contains("console=ttyS1,115200").doesNotContain("RASPIROOT");
        assertThat(fatFile(parts.boot, "config.txt")).isEqualTo("arm_64bit=1\n");
        assertThat(text("mdir", "-b", "-i", parts.boot.toString(), "::/")).contains("start4.elf", "vmlinuz-6.12.0-arm64");
        assertThat(text("unsquashfs", "-l", parts.root.toString()))
                .contains("squashfs-root/usr/lib/salle/VERSION").doesNotContain("boot/firmware/");

        Path disk = dir.resolve("disk.img");
        run(Duration.ofMinutes(5), dir.resolve("disk.log"), buildSh(), "disk", "--board", "pi4", "--slot", slot.toString(),
                "--out", disk.toString());
        checkDisk(disk, parts);
    }

    @Test
    void theArm64ImageIsBuiltFromDebianByTheSameRecipeAndHoldsWhatAPiNeeds() throws Exception {
        requireTools();
        RealDependency.require(isRoot(), "root, to build the image (mmdebstrap's root mode and chroot)");
        RealDependency.require(RealDependency.onPath("mmdebstrap"), "mmdebstrap");
        Path binfmt = Path.of("/proc/sys/fs/binfmt_misc/qemu-aarch64");
        RealDependency.require(Files.exists(binfmt) && Files.readString(binfmt).startsWith("enabled"),
                "arm64 programs through binfmt_misc (Debian packages qemu-user-static and binfmt-support)");
        Path out = MODULE.resolve("target/pi-test");
        Path key = out.resolve("release.pub");
        Path image = out.resolve("salle-pi4.img");
        Path work = out.resolve("salle-pi4.img.work");
        // -Dsalle.pi.reuse=true (a developer's loop only) keeps the last run's root file system and key, and
        // makes the slot and disk images again from them: minutes instead of half an hour
        if (Boolean.getBoolean("salle.pi.reuse") && Files.isDirectory(work.resolve("rootfs/usr/lib/salle")) && Files.exists(key)) {
            run(Duration.ofMinutes(10), out.resolve("build-slot.log"), buildSh(), "slot", "--board", "pi4", "--rootfs",
                    work.resolve("rootfs").toString(), "--out", work.resolve("slot.img").toString(), "--compression", "gzip");
            Files.deleteIfExists(image);
            run(Duration.ofMinutes(5), out.resolve("build-disk.log"), buildSh(), "disk", "--board", "pi4", "--slot",
                    work.resolve("slot.img").toString(), "--out", image.toString());
            Files.writeString(out.resolve("salle-pi4.img.sha256"), text("sh", "-c", "cd \"$0\" && sha256sum salle-pi4.img", out.toString()));
            Files.copy(work.resolve("rootfs.spdx.json"), out.resolve("salle-pi4.img.spdx.json"), StandardCopyOption.REPLACE_EXISTING);
            Files.copy(work.resolve("slot.img"), out.resolve("salle-pi4.img.slot"), StandardCopyOption.REPLACE_EXISTING);
        } else {
            Commands.deleteTree(out);
            Files.createDirectories(out);
            Files.writeString(key, ReleaseKeys.publicPem(ReleaseKeys.generate().getPublic()));
            // at the lowest priority: in ./salle test --image it runs beside the twin (whose guest has time limits)
            run(Duration.ofMinutes(75), out.resolve("build.log"), "nice", "-n", "19", buildSh(), "all", "--board", "pi4",
                    "--app", MODULE.resolve("target/app").toString(), "--version", "1.0.0", "--release-key", key.toString(),
                    "--out", image.toString(), "--compression", "gzip");
        }

        // what comes out: the disk, its checksum, the bill of materials, the slot image for bundles
        assertThat(new ProcessBuilder("sha256sum", "-c", "--quiet", image.getFileName() + ".sha256").directory(out.toFile())
                .start().waitFor()).as("the checksum file matches the disk").isZero();
        JsonNode sbom = JSON.readTree(out.resolve("salle-pi4.img.spdx.json").toFile());
        List<String> purls = new ArrayList<>();
        sbom.path("packages").forEach(p -> p.path("externalRefs").forEach(r -> purls.add(r.path("referenceLocator").asText())));
        for (String pkg : List.of("linux-image-arm64", "raspi-firmware", "busybox", "openjdk-21-jre-headless",
                "gstreamer1.0-libcamera", "gstreamer1.0-plugins-good", "systemd")) {
            assertThat(purls).as("the bill of materials lists %s for arm64 (or for all, as raspi-firmware)", pkg)
                    .anyMatch(u -> u.startsWith("pkg:deb/debian/" + pkg + "@") && (u.endsWith("arch=arm64") || u.endsWith("arch=all")));
        }
        assertThat(purls).as("no package for another architecture").allMatch(u -> !u.startsWith("pkg:deb/")
                || u.endsWith("arch=arm64") || u.endsWith("arch=all"));
        assertThat(sbom.path("packages").findValuesAsText("name")).anyMatch(n -> n.startsWith("device-app-"));

        SlotImage parts = SlotImage.read(out.resolve("salle-pi4.img.slot"));
        checkDisk(image, parts);

        // the boot partition: the Pi 4's firmware, Debian's kernel and initramfs, and our command line
        String boot = text("mdir", "-b", "-i", parts.boot.toString(), "::/");
        assertThat(boot).contains("config.txt", "cmdline.txt", "start4.elf", "fixup4.dat", "bcm2711-rpi-4-b.dtb",
                "vmlinuz-", "initrd.img-");
        assertThat(fatFile(parts.boot, "cmdline.txt")).startsWith("root=PARTUUID=5a11e000-05 rootfstype=squashfs ro ");
        // the initramfs carries the hook that takes slot B's root when the firmware booted partition 3
        Path rootfs = out.resolve("salle-pi4.img.work/rootfs");
        String initrd;
        try (Stream<Path> s = Files.list(rootfs.resolve("boot/firmware"))) {
            initrd = s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("initrd.img-")).findFirst().orElseThrow();
        }
        assertThat(text("chroot", rootfs.toString(), "lsinitramfs", "/boot/firmware/" + initrd))
                .contains("scripts/init-top/salle-slot", "bin/busybox");

        // the read-only root: the device app as an enabled, unprivileged service with the Pi's boot-state mount
        assertThat(Arrays.copyOf(Files.readAllBytes(parts.root), 4)).as("a squashfs").isEqualTo("hsqs".getBytes(StandardCharsets.US_ASCII));
        String listing = text("unsquashfs", "-l", parts.root.toString());
        assertThat(listing).contains("squashfs-root/etc/systemd/system/multi-user.target.wants/salle-device.service",
                "squashfs-root/usr/lib/systemd/system/salle-device.service.d/boot-state.conf",
                "squashfs-root/etc/udev/rules.d/60-salle-slots.rules",
                "squashfs-root/usr/lib/salle/native/libsalle_libcamera.so",
                "squashfs-root/usr/lib/salle/app/lib/device-app-").doesNotContain("squashfs-root/boot/firmware/");
        String fstab = squashFile(parts.root, "etc/fstab");
        assertThat(fstab).contains("PARTUUID=5a11e000-01  /boot/autoboot  vfat", "LABEL=salle-data      /data")
                .doesNotContain("/boot/efi");
        assertThat(squashFile(parts.root, "usr/lib/salle/BOARD")).isEqualTo("pi4\n");
        assertThat(squashFile(parts.root, "usr/lib/salle/salle.conf.default")).contains("device.hardware = pi",
                "update.mechanism = tryboot", "update.trust-anchors = /usr/lib/salle/release.pub");
        assertThat(squashFile(parts.root, "usr/lib/salle/release.pub")).isEqualTo(Files.readString(key));
        byte[] shim = output("unsquashfs", "-cat", parts.root.toString(), "usr/lib/salle/native/libsalle_libcamera.so");
        assertThat(Arrays.copyOf(shim, 4)).as("the camera shim, an ELF library").isEqualTo(new byte[] {0x7f, 'E', 'L', 'F'});
        assertThat(ByteBuffer.wrap(shim, 18, 2).order(ByteOrder.LITTLE_ENDIAN).getShort()).as("cross-built for AArch64 (183)")
                .isEqualTo((short) 183);
        byte[] java = output("unsquashfs", "-cat", parts.root.toString(), "usr/lib/jvm/java-21-openjdk-arm64/bin/java");
        assertThat(Arrays.copyOf(java, 4)).as("an ELF program").isEqualTo(new byte[] {0x7f, 'E', 'L', 'F'});
        assertThat(ByteBuffer.wrap(java, 18, 2).order(ByteOrder.LITTLE_ENDIAN).getShort()).as("for AArch64 (183)")
                .isEqualTo((short) 183);
    }

    /** The Pi disk: MBR with the fixed id, the partitions the firmware and the app name, slot A written, B empty. */
    private void checkDisk(Path disk, SlotImage parts) throws Exception {
        JsonNode table = JSON.readTree(output("sfdisk", "--json", disk.toString())).path("partitiontable");
        assertThat(table.path("label").asText()).isEqualTo("dos");
        assertThat(table.path("id").asText()).isEqualTo("0x5a11e000");
        List<JsonNode> p = new ArrayList<>();
        table.path("partitions").forEach(p::add);
        assertThat(p).extracting(n -> n.path("node").asText().substring(disk.toString().length()))
                .containsExactly("1", "2", "3", "4", "5", "6", "7");
        assertThat(p).extracting(n -> n.path("type").asText()).containsExactly("c", "c", "c", "5", "83", "83", "83");
        assertThat(p).extracting(n -> n.path("size").asLong() * 512 / MIB).as("sizes in MiB")
                .containsExactly(64L, 256L, 256L, 1 + 1536L + 1 + 1536 + 1 + 2048, 1536L, 1536L, 2048L);

        Path autoboot = dir.resolve("p1.vfat");
        copyPartition(disk, p.get(0), autoboot);
        assertThat(fatFile(autoboot, "autoboot.txt")).isEqualTo(AUTOBOOT);
        assertThat(sha256(disk, p.get(1).path("start").asLong() * 512, Files.size(parts.boot))).as("slot A's boot partition")
                .isEqualTo(sha256(parts.boot, 0, Files.size(parts.boot)));
        assertThat(partitionBytes(disk, p.get(2), 65536)).as("slot B's boot partition is empty").containsOnly((byte) 0);
        assertThat(sha256(disk, p.get(4).path("start").asLong() * 512, Files.size(parts.root))).as("slot A's root")
                .isEqualTo(sha256(parts.root, 0, Files.size(parts.root)));
        assertThat(partitionBytes(disk, p.get(5), 65536)).as("slot B's root is empty").containsOnly((byte) 0);
        long dataAt = p.get(6).path("start").asLong() * 512;
        assertThat(text("blkid", "-p", "-O", Long.toString(dataAt), "-o", "value", "-s", "LABEL", disk.toString()).strip())
                .isEqualTo("salle-data");
    }

    private static void requireTools() throws Exception {
        for (String tool : List.of("mksquashfs", "unsquashfs", "mkfs.vfat", "mcopy", "mtype", "mdir", "sfdisk", "mkfs.ext4", "blkid")) {
            RealDependency.require(RealDependency.onPath(tool), tool + " (./salle test --image installs it)");
        }
    }

    /** A Pi slot image split into its boot FAT image and root squashfs, after checking its header. */
    private record SlotImage(Path boot, Path root) {
        static SlotImage read(Path slot) throws IOException {
            Path boot = slot.resolveSibling(slot.getFileName() + ".boot");
            Path root = slot.resolveSibling(slot.getFileName() + ".root");
            try (FileChannel in = FileChannel.open(slot, StandardOpenOption.READ)) {
                ByteBuffer header = ByteBuffer.allocate(24);
                while (header.hasRemaining() && in.read(header) >= 0) {
                    // reads the whole header
                }
                header.flip();
                byte[] magic = new byte[8];
                header.get(magic);
                assertThat(new String(magic, StandardCharsets.US_ASCII)).isEqualTo("SALLEPI1");
                long bootLen = header.getLong();
                long rootLen = header.getLong();
                assertThat(24 + bootLen + rootLen).as("the header's lengths add up to the size").isEqualTo(in.size());
                copy(in, 24, bootLen, boot);
                copy(in, 24 + bootLen, rootLen, root);
            }
            return new SlotImage(boot, root);
        }

        private static void copy(FileChannel in, long from, long length, Path to) throws IOException {
            try (FileChannel out = FileChannel.open(to, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                long done = 0;
                while (done < length) {
                    done += in.transferTo(from + done, length - done, out);
                }
            }
        }
    }

    private static String fatFile(Path image, String name) throws Exception {
        return text("mtype", "-i", image.toString(), "::/" + name).replace("\r\n", "\n");
    }

    private static String squashFile(Path squashfs, String name) throws Exception {
        return text("unsquashfs", "-cat", squashfs.toString(), name);
    }

    private static byte[] partitionBytes(Path disk, JsonNode partition, long length) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(disk.toFile(), "r")) {
            byte[] b = new byte[Math.toIntExact(length)];
            f.seek(partition.path("start").asLong() * 512);
            f.readFully(b);
            return b;
        }
    }

    private static String sha256(Path file, long from, long length) throws Exception {
        java.security.MessageDigest md = java.security.MessageDigest.getInstance("SHA-256");
        try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer buf = ByteBuffer.allocate(1 << 20);
            long done = 0;
            while (done < length) {
                buf.clear().limit((int) Math.min(buf.capacity(), length - done));
                int n = in.read(buf, from + done);
                assertThat(n).as("%s has %d bytes from %d", file, length, from).isPositive();
                md.update(buf.flip());
                done += n;
            }
        }
        return java.util.HexFormat.of().formatHex(md.digest());
    }

    private static void copyPartition(Path disk, JsonNode partition, Path to) throws IOException {
        Files.write(to, partitionBytes(disk, partition, partition.path("size").asLong() * 512));
    }
}

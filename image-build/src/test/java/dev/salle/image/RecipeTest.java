package dev.salle.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The image recipe without building it: every board's layers exist and name real package names,
 * the device's systemd unit keeps the app unprivileged and watched, the data and boot-state mounts
 * match the app's group, and {@code build.sh} refuses bad input with a message that names it
 * before it changes anything.
 */
class RecipeTest {

    private static final Path MODULE = Path.of("").toAbsolutePath();
    private static final Pattern DEBIAN_PACKAGE = Pattern.compile("[a-z0-9][a-z0-9+.\\-]+");

    @TempDir
    Path dir;

    @Test
    void everyBoardNamesLayersThatExistWithWellFormedPackageLists() throws IOException {
        List<Path> boards;
        try (Stream<Path> s = Files.list(MODULE.resolve("boards"))) {
            boards = s.filter(p -> p.toString().endsWith(".conf")).sorted().toList();
        }
        assertThat(boards).extracting(p -> p.getFileName().toString()).contains("amd64-qemu.conf", "pi4.conf", "pi5.conf");
        for (Path board : boards) {
            String conf = Files.readString(board);
            String layers = value(conf, "LAYERS");
            assertThat(layers).as(board.toString()).isNotBlank();
            for (String layer : layers.split(" ")) {
                Path packages = MODULE.resolve("layers").resolve(layer).resolve("packages");
                assertThat(packages).as("layer %s of %s", layer, board.getFileName()).exists();
                for (String line : Files.readAllLines(packages)) {
                    String name = line.replaceAll("#.*", "").strip();
                    if (!name.isEmpty()) {
                        assertThat(name).as("a package of layer %s", layer).matches(DEBIAN_PACKAGE);
                    }
                }
            }
            assertThat(value(conf, "ARCH")).as(board.toString()).isIn("amd64", "arm64");
            assertThat(Integer.parseInt(value(conf, "SLOT_SIZE_MIB"))).as("slot size of %s", board).isGreaterThanOrEqualTo(1024);
        }
    }

    @Test
    void theImageHasTheGStreamerPackagesThePipelinesNeedOnAPc() throws IOException {
        String launcher = Files.readString(MODULE.resolve("../salle"));
        String runtime = launcher.substring(launcher.indexOf("RUNTIME_PACKAGES=("), launcher.indexOf(")", launcher.indexOf("RUNTIME_PACKAGES=(")));
        String media = Files.readString(MODULE.resolve("layers/media/packages"));
        List<String> needed = java.util.Arrays.stream(runtime.replace("RUNTIME_PACKAGES=(", "").split("\\s+"))
                .filter(p -> p.startsWith("gstreamer1.0-") || p.equals("libusrsctp2") || p.equals("fonts-dejavu-core"))
                .filter(p -> !p.equals("gstreamer1.0-tools") && !p.equals("gstreamer1.0-nice")) // command-line tools; ICE is our own
                .toList();
        assertThat(needed).contains("gstreamer1.0-x", "gstreamer1.0-plugins-bad");
        for (String p : needed) {
            assertThat(media.lines().map(String::strip)).as("layer media has %s, which ./salle demo installs on a PC", p).contains(p);
        }
    }

    @Test
    void theDeviceServiceRunsUnprivilegedWatchedAndRebootsOnlyThroughItsPrivilegedStopHook() throws Exception {
        String unit = Files.readString(MODULE.resolve("layers/salle/overlay/usr/lib/systemd/system/salle-device.service"));
        assertThat(unit).contains("Type=notify", "User=salle", "Group=salle", "WatchdogSec=", "NoNewPrivileges=yes",
                "ProtectSystem=strict", "ReadWritePaths=/data/salle\n", "ExecStopPost=+/usr/lib/salle/after-exit",
                "RestartPreventExitStatus=2 76 77", "StartLimitAction=reboot", "SupplementaryGroups=video audio render gpio");
        assertThat(unit).doesNotContain("User=root");
        // each boot layer lets the app write its boot-slot state and nothing else of that partition
        String dropIn = "overlay/usr/lib/systemd/system/salle-device.service.d/boot-state.conf";
        assertThat(Files.readString(MODULE.resolve("layers/boot-grub").resolve(dropIn)))
                .contains("RequiresMountsFor=/boot/efi", "ReadWritePaths=/boot/efi/salle");
        assertThat(Files.readString(MODULE.resolve("layers/boot-raspi").resolve(dropIn)))
                .contains("RequiresMountsFor=/boot/autoboot", "ReadWritePaths=/boot/autoboot");
        assertThat(afterExit("76")).isEqualTo("reboot");
        assertThat(afterExit("77")).isEqualTo("reboot 0 tryboot");
        assertThat(afterExit("0")).isEmpty();
        assertThat(afterExit("1")).isEmpty();
        String grubUdev = Files.readString(MODULE.resolve("layers/boot-grub/overlay/etc/udev/rules.d/60-salle-slots.rules"));
        assertThat(grubUdev).contains("salle-a|salle-b", "GROUP=\"salle\"", "MODE=\"0660\"");
        String piUdev = Files.readString(MODULE.resolve("layers/boot-raspi/overlay/etc/udev/rules.d/60-salle-slots.rules"));
        assertThat(piUdev).contains("5a11e000-02|5a11e000-03|5a11e000-05|5a11e000-06", "GROUP=\"salle\"", "MODE=\"0660\"")
                .doesNotContain("5a11e000-01", "5a11e000-07");
    }

    /** What after-exit asks systemctl for with this exit status (a stand-in systemctl prints it). */
    private String afterExit(String status) throws Exception {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path systemctl = bin.resolve("systemctl");
        Files.writeString(systemctl, "#!/bin/sh\nshift\necho \"$*\" > \"$SALLE_TEST_OUT\"\n");
        systemctl.toFile().setExecutable(true);
        Path said = dir.resolve("systemctl-" + status);
        Files.deleteIfExists(said);
        ProcessBuilder pb = new ProcessBuilder("sh", MODULE.resolve("layers/salle/overlay/usr/lib/salle/after-exit").toString());
        pb.environment().put("PATH", bin + ":" + System.getenv("PATH"));
        pb.environment().put("EXIT_STATUS", status);
        pb.environment().put("SALLE_TEST_OUT", said.toString());
        Process p = pb.redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isZero();
        return Files.exists(said) ? Files.readString(said).strip() : "";
    }

    @Test
    void thePisInitramfsTakesTheRootOfTheSlotTheFirmwareBooted() throws Exception {
        Path hook = MODULE.resolve("layers/boot-raspi/overlay/etc/initramfs-tools/scripts/init-top/salle-slot");
        assertThat(rootFor(hook, new byte[] {0, 0, 0, 2})).isEqualTo("ROOT=PARTUUID=5a11e000-05");
        assertThat(rootFor(hook, new byte[] {0, 0, 0, 3})).isEqualTo("ROOT=PARTUUID=5a11e000-06");
        // anything else keeps root= from cmdline.txt (slot A)
        assertThat(rootFor(hook, new byte[] {0, 0, 0, 1})).isEmpty();
        assertThat(rootFor(hook, new byte[] {0, 0, 1, 3})).isEmpty();
        assertThat(rootFor(hook, new byte[] {3})).isEmpty();
        assertThat(rootFor(hook, null)).as("no device tree (not a Pi)").isEmpty();
    }

    private String rootFor(Path hook, byte[] partition) throws Exception {
        Path dt = Files.createDirectories(dir.resolve("dt-" + (partition == null ? "none" : java.util.HexFormat.of().formatHex(partition))));
        if (partition != null) {
            Files.write(dt.resolve("partition"), partition);
        }
        Path conf = dt.resolve("param.conf");
        ProcessBuilder pb = new ProcessBuilder("sh", hook.toString());
        pb.environment().put("SALLE_BOOTLOADER_DT", dt.toString());
        pb.environment().put("SALLE_PARAM_CONF", conf.toString());
        pb.environment().put("ROOT", "PARTUUID=5a11e000-05");
        Process p = pb.redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isZero();
        return Files.exists(conf) ? Files.readString(conf).strip() : "";
    }

    @Test
    void theBootStatePartitionBelongsToTheAppsFixedGroupAndTheJournalIsBounded() throws IOException {
        String fstab = Files.readString(MODULE.resolve("layers/base/overlay/etc/fstab"));
        String customize = Files.readString(MODULE.resolve("layers/base/customize"));
        assertThat(customize).contains("groupadd --system --gid 990 salle");
        assertThat(fstab).contains("LABEL=salle-data      /data");
        assertThat(fstab).doesNotContain(" / ");
        assertThat(Files.readString(MODULE.resolve("layers/boot-grub/customize")))
                .contains("PARTLABEL=salle-efi   /boot/efi  vfat", "gid=990,fmask=0117,dmask=0007");
        assertThat(Files.readString(MODULE.resolve("layers/boot-raspi/customize")))
                .contains("PARTUUID=5a11e000-01  /boot/autoboot  vfat", "gid=990,fmask=0117,dmask=0007");
        for (String board : List.of("amd64-qemu", "pi4", "pi5")) {
            String layers = value(Files.readString(MODULE.resolve("boards/" + board + ".conf")), "LAYERS");
            assertThat(layers).as("board %s has exactly one boot layer", board)
                    .containsOnlyOnce(board.startsWith("pi") ? "boot-raspi" : "boot-grub")
                    .doesNotContain(board.startsWith("pi") ? "boot-grub" : "boot-raspi");
        }
        String journald = Files.readString(MODULE.resolve("layers/base/overlay/etc/systemd/journald.conf.d/salle.conf"));
        assertThat(journald).contains("Storage=persistent", "SystemMaxUse=64M", "RuntimeMaxUse=16M");
    }

    @Test
    void buildShRefusesBadInputAndSaysWhy() throws Exception {
        Path app = Files.createDirectories(dir.resolve("app/lib"));
        Path key = dir.resolve("release.pub");
        Files.writeString(key, "-----BEGIN PUBLIC KEY-----\nMFkw\n-----END PUBLIC KEY-----\n");
        Path notAKey = dir.resolve("not-a-key.pub");
        Files.writeString(notAKey, "hello\n");
        Path out = dir.resolve("rootfs");

        assertRefused("unknown command 'flash'", "flash");
        assertRefused("unknown option '--colour'", "rootfs", "--colour", "blue");
        assertRefused("no board 'pi3'", "rootfs", "--board", "pi3", "--app", app.getParent().toString(), "--version", "1.0.0",
                "--release-key", key.toString(), "--out", out.toString());
        assertRefused("--version '1.0' is not MAJOR.MINOR.PATCH", "rootfs", "--board", "amd64-qemu", "--app",
                app.getParent().toString(), "--version", "1.0", "--release-key", key.toString(), "--out", out.toString());
        assertRefused("has no lib/ folder", "rootfs", "--board", "amd64-qemu", "--app", dir.resolve("nothing").toString(),
                "--version", "1.0.0", "--release-key", key.toString(), "--out", out.toString());
        assertRefused("holds no PUBLIC KEY", "rootfs", "--board", "amd64-qemu", "--app", app.getParent().toString(),
                "--version", "1.0.0", "--release-key", notAKey.toString(), "--out", out.toString());
        assertRefused("--release-key is required", "rootfs", "--board", "amd64-qemu", "--app", app.getParent().toString(),
                "--version", "1.0.0", "--out", out.toString());
        Files.createDirectories(out.resolve("etc"));
        assertRefused("exists and is not empty", "rootfs", "--board", "amd64-qemu", "--app", app.getParent().toString(),
                "--version", "1.0.0", "--release-key", key.toString(), "--out", out.toString());

        assertRefused("is not a Salle root", "slot", "--rootfs", out.toString(), "--out", dir.resolve("s.squashfs").toString());
        Files.createDirectories(out.resolve("usr/lib/salle"));
        Files.writeString(out.resolve("usr/lib/salle/VERSION"), "1.0.0\n");
        assertRefused("--compression must be xz or gzip", "slot", "--rootfs", out.toString(), "--out",
                dir.resolve("s.squashfs").toString(), "--compression", "zstd");

        Path huge = dir.resolve("huge.squashfs");
        try (RandomAccessFile f = new RandomAccessFile(huge.toFile(), "rw")) {
            f.setLength(2L * 1024 * 1024 * 1024); // sparse: takes no room
        }
        assertRefused("needs 2048 MiB but board amd64-qemu's slots have 1536 MiB", "disk", "--board", "amd64-qemu",
                "--slot", huge.toString(), "--out", dir.resolve("d.img").toString());
        assertRefused("is not a Raspberry Pi slot image", "disk", "--board", "pi4", "--slot", huge.toString(),
                "--out", dir.resolve("d.img").toString());
        Path lying = dir.resolve("lying.slot");
        Files.write(lying, java.nio.ByteBuffer.allocate(40).put("SALLEPI1".getBytes()).putLong(1L << 40).putLong(8).array());
        assertRefused("its header's lengths do not add up to its size", "disk", "--board", "pi4", "--slot", lying.toString(),
                "--out", dir.resolve("d.img").toString());
        assertThat(dir.resolve("d.img")).doesNotExist();
    }

    private void assertRefused(String message, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(MODULE.resolve("build.sh").toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("build.sh %s ends", String.join(" ", args)).isTrue();
        String said = new String(p.getInputStream().readAllBytes());
        assertThat(p.exitValue()).as("exit of build.sh %s: %s", String.join(" ", args), said).isNotZero();
        assertThat(said).as("build.sh %s", String.join(" ", args)).contains(message);
    }

    private static String value(String conf, String key) {
        return conf.lines().filter(l -> l.startsWith(key + "=")).findFirst()
                .map(l -> l.substring(key.length() + 1).replace("\"", "")).orElse("");
    }
}

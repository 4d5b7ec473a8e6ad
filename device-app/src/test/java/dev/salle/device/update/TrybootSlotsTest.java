package dev.salle.device.update;

import static dev.salle.device.update.FakeFirmware.bootImage;
import static dev.salle.device.update.FakeFirmware.payload;
import static dev.salle.device.update.FakeFirmware.rootImage;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.salle.bundle.BundleVerifier;
import dev.salle.bundle.BundleVersion;
import dev.salle.bundle.BundleWriter;
import dev.salle.bundle.ReleaseKeys;
import dev.salle.testkit.FakeClock;
import dev.salle.testkit.FakeScheduler;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The Raspberry Pi image's update path on files that stand for the partitions: the update agent
 * with {@link TrybootSlots}, and between its runs {@link FakeFirmware} booting the way the Pi
 * firmware does (autoboot.txt's {@code [all]} on a plain boot, {@code [tryboot]} once after a
 * tryboot reboot). A good update commits by swapping autoboot.txt; a failed health check, a trial
 * that never comes up, and power cuts all end on the old slot, which reports a failed trial once.
 */
class TrybootSlotsTest {

    private static final KeyPair RELEASE = ReleaseKeys.generate();

    @TempDir
    Path dir;

    private final FakeClock clock = new FakeClock(Instant.parse("2026-11-22T12:00:00Z"));
    private final FakeScheduler scheduler = new FakeScheduler(clock);
    private final List<Map<String, Object>> reports = new ArrayList<>();
    private final AtomicInteger restarts = new AtomicInteger();
    private FakeFirmware firmware;
    private PiLayout layout;

    @BeforeEach
    void image() throws Exception {
        RebootRequest.clear();
        firmware = new FakeFirmware(dir.resolve("pi"));
        layout = firmware.layout();
    }

    @Test
    void aGoodUpdateGoesIntoTheOtherSlotByATrybootRebootAndStaysAfterItProvedItself() throws Exception {
        assertThat(firmware.plainBoot()).isEqualTo("A");
        assertThat(agent().onStart(() -> true, Duration.ZERO)).isTrue();
        assertThat(steps()).isEmpty();
        List<byte[]> runningSlot = List.of(Files.readAllBytes(layout.bootA()), Files.readAllBytes(layout.rootA()));

        byte[] boot = bootImage("boot files 1.1.0");
        byte[] root = rootImage("1.1.0");
        UpdateAgent agent = agent();
        assertThat(agent.offer(bundle(payload(boot, root), "1.1.0"))).isTrue();
        scheduler.runDue();

        assertThat(steps()).containsExactly("verifying", "installing", "rebooting");
        assertThat(reports.get(1)).containsEntry("slot", "B").containsEntry("version", "1.1.0");
        assertThat(reports.get(2)).as("the slot it reboots into").containsEntry("slot", "B");
        assertThat(restarts.get()).isEqualTo(1);
        assertThat(RebootRequest.kind()).as("a tryboot reboot").contains(RebootRequest.Kind.TRYBOOT);
        assertThat(RebootRequest.Kind.TRYBOOT.exitCode()).as("the exit code the unit turns into reboot '0 tryboot'")
                .isEqualTo(77);
        assertThat(Arrays.copyOf(Files.readAllBytes(layout.bootB()), boot.length)).isEqualTo(boot);
        assertThat(Arrays.copyOf(Files.readAllBytes(layout.rootB()), root.length)).isEqualTo(root);
        assertThat(List.of(Files.readAllBytes(layout.bootA()), Files.readAllBytes(layout.rootA())))
                .as("the running slot's partitions are never written").containsExactlyElementsOf(runningSlot);
        assertThat(firmware.autoboot()).as("a plain boot still starts A").isEqualTo(new Autoboot(2, 3));
        assertThat(agent.offer(bundle(payload(boot, root), "1.1.0"))).as("no second update while one is on trial").isFalse();

        assertThat(firmware.rebootAsAsked()).isEqualTo("B");
        reports.clear();
        assertThat(agent().onStart(() -> true, Duration.ofSeconds(5))).isTrue();
        assertThat(steps()).containsExactly("healthy");
        assertThat(reports.get(0)).containsEntry("version", "1.1.0");
        assertThat(firmware.autoboot()).as("committed: the two partitions swapped").isEqualTo(new Autoboot(3, 2));
        assertThat(trialRecord()).doesNotExist();

        assertThat(firmware.plainBoot()).as("the committed slot is started by any later boot").isEqualTo("B");
        reports.clear();
        assertThat(agent().onStart(() -> true, Duration.ZERO)).isTrue();
        assertThat(steps()).isEmpty();
        assertThat(firmware.autoboot()).isEqualTo(new Autoboot(3, 2));
    }

    @Test
    void aTrialThatFailsItsHealthCheckGoesBackByAPlainRebootAndTheOldSlotReportsTheRollbackOnce() throws Exception {
        firmware.plainBoot();
        agent().onStart(() -> true, Duration.ZERO);
        agent().offer(bundle(payload(bootImage("1.1.0"), rootImage("1.1.0")), "1.1.0"));
        scheduler.runDue();
        assertThat(firmware.rebootAsAsked()).isEqualTo("B");
        reports.clear();

        assertThat(agent().onStart(() -> false, Duration.ZERO)).isFalse();
        assertThat(steps()).as("the new slot only says it goes back").containsExactly("rolling-back");
        assertThat(RebootRequest.kind()).as("a plain reboot, exit code 76").contains(RebootRequest.Kind.PLAIN);
        assertThat(RebootRequest.Kind.PLAIN.exitCode()).isEqualTo(76);
        assertThat(firmware.autoboot()).isEqualTo(new Autoboot(2, 3));

        assertThat(firmware.rebootAsAsked()).isEqualTo("A");
        reports.clear();
        assertThat(agent().onStart(() -> true, Duration.ZERO)).isFalse();
        assertThat(steps()).containsExactly("rolled-back");
        assertThat(reports.get(0)).containsEntry("code", "health-check-failed").containsEntry("version", "1.1.0")
                .containsEntry("runningAgain", "1.0.0");
        reports.clear();
        assertThat(agent().onStart(() -> true, Duration.ZERO)).as("reported once").isTrue();
        assertThat(steps()).isEmpty();
        assertThat(trialRecord()).doesNotExist();
        assertThat(firmware.plainBoot()).isEqualTo("A");
    }

    @Test
    void aTrialBootThatNeverComesUpIsResetByTheWatchdogAndTheOldSlotReportsBootFailed() throws Exception {
        firmware.plainBoot();
        agent().onStart(() -> true, Duration.ZERO);
        agent().offer(bundle(payload(bootImage("1.2.0"), rootImage("1.2.0")), "1.2.0"));
        scheduler.runDue();
        assertThat(firmware.rebootAsAsked()).isEqualTo("B");
        // the trial's kernel hangs: nothing runs on B; the watchdog resets the board, which clears the flag
        assertThat(firmware.plainBoot()).isEqualTo("A");
        reports.clear();
        assertThat(agent().onStart(() -> true, Duration.ZERO)).isFalse();
        assertThat(steps()).containsExactly("rolled-back");
        assertThat(reports.get(0)).containsEntry("code", "boot-failed").containsEntry("version", "1.2.0")
                .containsEntry("runningAgain", "1.0.0");
        assertThat(firmware.autoboot()).isEqualTo(new Autoboot(2, 3));
        assertThat(firmware.plainBoot()).isEqualTo("A");
    }

    @Test
    void aPowerCutDuringTheInstallLeavesTheRunningSlotBootingAndTheNextUpdateWorks() throws Exception {
        firmware.plainBoot();
        agent().onStart(() -> true, Duration.ZERO);
        // the record is written last; a blocked record write stops the install where a power cut would
        Files.createDirectories(trialRecord().resolveSibling("trial.json.new"));
        Path payload = Files.write(dir.resolve("cut.payload"), payload(bootImage("1.1.0"), rootImage("1.1.0")));
        assertThatThrownBy(() -> new TrybootSlots(layout).install(payload, BundleVersion.parse("1.1.0")))
                .hasMessageContaining("trial record");
        Files.delete(trialRecord().resolveSibling("trial.json.new"));
        // and the cut came in the middle of the root image
        byte[] half = Files.readAllBytes(layout.rootB());
        Arrays.fill(half, half.length / 4, half.length, (byte) 0);
        Files.write(layout.rootB(), half);

        assertThat(firmware.plainBoot()).isEqualTo("A");
        reports.clear();
        assertThat(agent().onStart(() -> true, Duration.ZERO)).isTrue();
        assertThat(steps()).isEmpty();
        assertThat(trialRecord()).doesNotExist();
        assertThat(firmware.autoboot()).isEqualTo(new Autoboot(2, 3));

        agent().offer(bundle(payload(bootImage("1.1.0"), rootImage("1.1.0")), "1.1.0"));
        scheduler.runDue();
        assertThat(steps()).containsExactly("verifying", "installing", "rebooting");
        assertThat(firmware.rebootAsAsked()).isEqualTo("B");
        assertThat(agent().onStart(() -> true, Duration.ZERO)).isTrue();
        assertThat(steps()).endsWith("healthy");
        assertThat(firmware.plainBoot()).isEqualTo("B");
    }

    @Test
    void anInstallCutBeforeItsTrialIsForgottenAtTheNextStartAndTheRunningSlotStays() throws Exception {
        firmware.plainBoot();
        TrybootSlots slots = new TrybootSlots(layout);
        slots.install(Files.write(dir.resolve("p.payload"), payload(bootImage("x"), rootImage("1.1.0"))),
                BundleVersion.parse("1.1.0"));
        assertThat(slots.trialPrevious()).as("installed, not yet on trial").isEmpty();
        // the device stops here (power cut)
        assertThat(firmware.plainBoot()).isEqualTo("A");
        assertThat(agent().onStart(() -> true, Duration.ZERO)).isTrue();
        assertThat(steps()).isEmpty();
        assertThat(trialRecord()).doesNotExist();
        assertThat(firmware.plainBoot()).isEqualTo("A");
    }

    @Test
    void aPowerCutBetweenTheTrialsStartAndItsRebootIsReportedAsBootFailedByTheRunningSlot() throws Exception {
        firmware.plainBoot();
        agent().onStart(() -> true, Duration.ZERO);
        agent().offer(bundle(payload(bootImage("1.1.0"), rootImage("1.1.0")), "1.1.0"));
        scheduler.runDue();
        assertThat(steps()).endsWith("rebooting");
        // the power goes before systemd reboots: the flag was never set, and A cannot tell this from a trial that hung
        assertThat(firmware.plainBoot()).isEqualTo("A");
        reports.clear();
        assertThat(agent().onStart(() -> true, Duration.ZERO)).isFalse();
        assertThat(steps()).containsExactly("rolled-back");
        assertThat(reports.get(0)).containsEntry("code", "boot-failed");
        assertThat(firmware.plainBoot()).isEqualTo("A");
    }

    @Test
    void aSecondUpdateAfterACommittedOneGoesIntoTheFirstSlotAgainAndNeverWritesTheRunningOne() throws Exception {
        firmware.plainBoot();
        agent().onStart(() -> true, Duration.ZERO);
        agent().offer(bundle(payload(bootImage("1.1.0"), rootImage("1.1.0")), "1.1.0"));
        scheduler.runDue();
        firmware.rebootAsAsked();
        agent().onStart(() -> true, Duration.ZERO);
        assertThat(firmware.plainBoot()).isEqualTo("B");
        agent().onStart(() -> true, Duration.ZERO);
        List<byte[]> runningSlot = List.of(Files.readAllBytes(layout.bootB()), Files.readAllBytes(layout.rootB()));
        reports.clear();

        byte[] boot = bootImage("boot files 1.2.0");
        byte[] root = rootImage("1.2.0");
        agent().offer(bundle(payload(boot, root), "1.2.0"));
        scheduler.runDue();
        assertThat(steps()).containsExactly("verifying", "installing", "rebooting");
        assertThat(reports.get(1)).containsEntry("slot", "A");
        assertThat(Arrays.copyOf(Files.readAllBytes(layout.bootA()), boot.length)).isEqualTo(boot);
        assertThat(Arrays.copyOf(Files.readAllBytes(layout.rootA()), root.length)).isEqualTo(root);
        assertThat(List.of(Files.readAllBytes(layout.bootB()), Files.readAllBytes(layout.rootB())))
                .as("the running slot's partitions are never written").containsExactlyElementsOf(runningSlot);
        assertThat(firmware.autoboot()).isEqualTo(new Autoboot(3, 2));

        assertThat(firmware.rebootAsAsked()).isEqualTo("A");
        reports.clear();
        assertThat(agent().onStart(() -> true, Duration.ZERO)).isTrue();
        assertThat(steps()).containsExactly("healthy");
        assertThat(reports.get(0)).containsEntry("version", "1.2.0");
        assertThat(firmware.autoboot()).isEqualTo(new Autoboot(2, 3));
        assertThat(firmware.plainBoot()).isEqualTo("A");
    }

    static Stream<Arguments> refusedPayloads() {
        byte[] boot = bootImage("boot");
        byte[] root = rootImage("1.1.0");
        byte[] good = payload(boot, root);
        byte[] badMagic = good.clone();
        badMagic[7] = '2';
        return Stream.of(
                Arguments.of("another magic", badMagic, "payload-bad-magic"),
                Arguments.of("a GRUB slot image", rootImage("1.1.0"), "payload-bad-magic"),
                Arguments.of("shorter than the header", Arrays.copyOf(good, 20), "payload-truncated"),
                Arguments.of("lengths short of the size", withLengths(good, boot.length, root.length - 1),
                        "payload-length-mismatch"),
                Arguments.of("lengths beyond the size", withLengths(good, boot.length + 1, root.length),
                        "payload-length-mismatch"),
                Arguments.of("a cut payload", Arrays.copyOf(good, good.length - 1), "payload-length-mismatch"),
                Arguments.of("a negative length", withLengths(good, -1, root.length + boot.length + 1), "payload-bad-length"),
                Arguments.of("an empty root image", withLengths(good, boot.length + root.length, 0), "payload-bad-length"),
                Arguments.of("lengths that overflow", withLengths(good, Long.MAX_VALUE - 8, 64), "payload-bad-length"),
                Arguments.of("a boot image larger than its partition",
                        payload(new byte[FakeFirmware.BOOT_BYTES + 1], root), "payload-too-large"),
                Arguments.of("a root image larger than its partition",
                        payload(boot, new byte[FakeFirmware.ROOT_BYTES + 1]), "payload-too-large"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusedPayloads")
    void aPayloadThatIsNotOneIsRefusedWithItsCodeAndNothingIsWritten(String what, byte[] payload, String code)
            throws Exception {
        firmware.plainBoot();
        agent().onStart(() -> true, Duration.ZERO);
        List<byte[]> before = firmware.disk();
        reports.clear();
        UpdateAgent agent = agent();

        agent.offer(bundle(payload, "1.1.0"));
        scheduler.runDue();

        assertThat(steps()).as(what).containsExactly("verifying", "installing", "failed");
        assertThat(reports.get(2)).containsEntry("code", code);
        assertThat(String.valueOf(reports.get(2).get("message"))).isNotBlank();
        assertThat(firmware.disk()).as("autoboot.txt and every partition, byte for byte").containsExactlyElementsOf(before);
        assertThat(trialRecord()).doesNotExist();
        assertThat(layout.workDir().resolve("staged.payload")).as("the refused payload is not kept").doesNotExist();
        assertThat(restarts.get()).isZero();
        assertThat(RebootRequest.requested()).isFalse();

        agent.offer(bundle(payload(bootImage("1.1.0"), rootImage("1.1.0")), "1.1.0"));
        scheduler.runDue();
        assertThat(steps()).as("the agent is free again").endsWith("rebooting");
    }

    @Test
    void aBundleForAnotherTargetIsRefusedOnThePi() throws Exception {
        firmware.plainBoot();
        Path bundle = dir.resolve("grub.bundle");
        Path payload = Files.write(dir.resolve("slot.squashfs"), rootImage("1.1.0"));
        try (OutputStream out = Files.newOutputStream(bundle)) {
            BundleWriter.write(payload, BundleVersion.parse("1.1.0"), "os-image", BundleVersion.parse("1.0.0"), false, RELEASE,
                    clock.instant(), out);
        }
        agent().offer(bundle);
        scheduler.runDue();
        assertThat(steps()).containsExactly("verifying", "refused");
        assertThat(reports.get(1)).containsEntry("code", "wrong-target");
    }

    @Test
    void theBundleTargetNamesTheBoardOfTheRunningImage() throws Exception {
        assertThat(layout.board()).isEqualTo("pi4");
        Files.writeString(layout.boardFile(), "Pi 4\n");
        assertThatThrownBy(layout::board).isInstanceOf(IllegalStateException.class).hasMessageContaining("'Pi 4'");
        Files.delete(layout.boardFile());
        assertThatThrownBy(layout::board).isInstanceOf(IllegalStateException.class).hasMessageContaining("is missing");
    }

    @Test
    void aTrybootStartWithoutATrialRecordIsANormalStartThatCommitsNothing() throws Exception {
        firmware.plainBoot();
        agent().onStart(() -> true, Duration.ZERO);
        // someone ran reboot '0 tryboot' by hand, or the data partition lost the record
        assertThat(firmware.boot(true)).isEqualTo("B");
        TrybootSlots slots = new TrybootSlots(layout);
        assertThat(slots.failedTrial()).isEmpty();
        assertThat(slots.trialPrevious()).isEmpty();
        assertThat(newAgent(slots, "1.0.0").onStart(() -> true, Duration.ZERO)).isTrue();
        assertThat(steps()).isEmpty();
        assertThat(firmware.autoboot()).as("left as it is").isEqualTo(new Autoboot(2, 3));
        assertThat(firmware.plainBoot()).isEqualTo("A");
    }

    @Test
    void aTrybootStartOnTheSlotARecordGoesBackToIsANormalStartThatForgetsTheTrial() throws Exception {
        firmware.plainBoot();
        agent().onStart(() -> true, Duration.ZERO);
        agent().offer(bundle(payload(bootImage("1.1.0"), rootImage("1.1.0")), "1.1.0"));
        scheduler.runDue();
        RebootRequest.clear();
        new Autoboot(3, 2).write(layout.autoboot()); // changed by hand before the reboot
        assertThat(firmware.boot(true)).isEqualTo("A");
        reports.clear();

        assertThat(agent().onStart(() -> true, Duration.ZERO)).isTrue();
        assertThat(steps()).as("no trial ran, none failed").isEmpty();
        assertThat(trialRecord()).doesNotExist();
        assertThat(firmware.autoboot()).as("left as it is").isEqualTo(new Autoboot(3, 2));
    }

    @Test
    void aCommitCutAfterItsAutobootWriteIsCheckedAgainAndFinishedAtTheNextStart() throws Exception {
        firmware.plainBoot();
        agent().onStart(() -> true, Duration.ZERO);
        agent().offer(bundle(payload(bootImage("1.1.0"), rootImage("1.1.0")), "1.1.0"));
        scheduler.runDue();
        assertThat(firmware.rebootAsAsked()).isEqualTo("B");
        new Autoboot(3, 2).write(layout.autoboot()); // the commit's first write, then the power goes
        assertThat(firmware.plainBoot()).isEqualTo("B");
        reports.clear();

        assertThat(agent().onStart(() -> true, Duration.ZERO)).isTrue();
        assertThat(steps()).containsExactly("healthy");
        assertThat(trialRecord()).doesNotExist();
        assertThat(firmware.autoboot()).isEqualTo(new Autoboot(3, 2));
    }

    @Test
    void aCommitCutShortWhoseCheckThenFailsStillGoesBackToTheOldSlot() throws Exception {
        firmware.plainBoot();
        agent().onStart(() -> true, Duration.ZERO);
        agent().offer(bundle(payload(bootImage("1.1.0"), rootImage("1.1.0")), "1.1.0"));
        scheduler.runDue();
        firmware.rebootAsAsked();
        new Autoboot(3, 2).write(layout.autoboot());
        assertThat(firmware.plainBoot()).isEqualTo("B");
        reports.clear();

        assertThat(agent().onStart(() -> false, Duration.ZERO)).isFalse();
        assertThat(steps()).containsExactly("rolling-back");
        assertThat(firmware.autoboot()).as("the old slot is [all] again before the plain reboot").isEqualTo(new Autoboot(2, 3));
        assertThat(firmware.rebootAsAsked()).isEqualTo("A");
        reports.clear();
        assertThat(agent().onStart(() -> true, Duration.ZERO)).isFalse();
        assertThat(reports.get(0)).containsEntry("step", "rolled-back").containsEntry("code", "health-check-failed");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("unreadableAutoboots")
    void anAutobootTheAppCannotReadIsReplacedAtAPlainStartByOneThatKeepsTheRunningSlot(String what, String text)
            throws Exception {
        firmware.plainBoot();
        Files.writeString(layout.autoboot(), text);
        long before = TrybootSlots.badStateCount();

        assertThat(agent().onStart(() -> true, Duration.ZERO)).as(what).isTrue();

        assertThat(TrybootSlots.badStateCount()).isEqualTo(before + 1);
        assertThat(Files.readString(layout.autoboot())).isEqualTo(FakeFirmware.SHIPPED_AUTOBOOT);
        assertThat(firmware.plainBoot()).isEqualTo("A");
    }

    static Stream<Arguments> unreadableAutoboots() {
        String shipped = FakeFirmware.SHIPPED_AUTOBOOT;
        return Stream.of(
                Arguments.of("Windows line ends", shipped.replace("\n", "\r\n")),
                Arguments.of("a comment", "# A/B\n" + shipped),
                Arguments.of("another key", shipped + "boot_delay=1\n"),
                Arguments.of("the same partition twice", shipped.replace("boot_partition=3", "boot_partition=2")),
                Arguments.of("no [tryboot]", "[all]\ntryboot_a_b=1\nboot_partition=2\n"),
                Arguments.of("empty", ""));
    }

    @Test
    void anUnreadableTrialRecordIsForgottenAndCounted() throws Exception {
        firmware.plainBoot();
        Files.createDirectories(layout.workDir());
        Files.writeString(trialRecord(), "{\"slot\":\"B\",\"previous\":\"B\"}");
        long before = TrybootSlots.badStateCount();
        assertThat(agent().onStart(() -> true, Duration.ZERO)).isTrue();
        assertThat(TrybootSlots.badStateCount()).isGreaterThan(before);
        assertThat(trialRecord()).doesNotExist();
        assertThat(steps()).isEmpty();
    }

    @Test
    void theRunningSlotComesFromTheKernelCommandLineWhenTheDeviceTreeDoesNotSayIt() throws Exception {
        firmware.plainBoot();
        firmware.forgetDeviceTree("console=tty1 salle.slot=B rootwait\n");
        assertThat(new TrybootSlots(layout).active()).isEqualTo("B");

        Files.write(layout.bootedPartition(), ByteBuffer.allocate(4).putInt(7).array());
        assertThat(new TrybootSlots(layout).active()).as("partition 7 is no slot's").isEqualTo("B");

        Files.write(layout.bootedPartition(), ByteBuffer.allocate(4).putInt(2).array());
        assertThat(new TrybootSlots(layout).active()).as("the device tree comes first").isEqualTo("A");

        firmware.forgetDeviceTree("console=tty1 rootwait\n");
        assertThatThrownBy(() -> new TrybootSlots(layout)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("update.mechanism is tryboot").hasMessageContaining("names slot A");
    }

    private UpdateAgent agent() {
        return newAgent(new TrybootSlots(layout), layout.runningVersion().orElse("1.0.0"));
    }

    private UpdateAgent newAgent(TrybootSlots slots, String running) {
        return new UpdateAgent(slots, new BundleVerifier(List.of(RELEASE.getPublic()), "os-image-" + layout.board(),
                BundleVersion.parse(running)), () -> true, restarts::incrementAndGet, (step, details) -> reports.add(details),
                layout.workDir(), scheduler, clock, Duration.ofSeconds(30));
    }

    private List<String> steps() {
        return reports.stream().map(r -> String.valueOf(r.get("step"))).toList();
    }

    private Path trialRecord() {
        return layout.workDir().resolve("trial.json");
    }

    private static byte[] withLengths(byte[] payload, long boot, long root) {
        byte[] b = payload.clone();
        ByteBuffer.wrap(b).putLong(8, boot).putLong(16, root);
        return b;
    }

    private Path bundle(byte[] payload, String version) throws Exception {
        Path file = Files.write(dir.resolve("payload-" + version + "-" + System.nanoTime()), payload);
        Path bundle = dir.resolve("os-" + version + "-" + System.nanoTime() + ".bundle");
        try (OutputStream out = Files.newOutputStream(bundle)) {
            BundleWriter.write(file, BundleVersion.parse(version), "os-image-pi4", BundleVersion.parse("1.0.0"), false,
                    RELEASE, clock.instant(), out);
        }
        return bundle;
    }
}

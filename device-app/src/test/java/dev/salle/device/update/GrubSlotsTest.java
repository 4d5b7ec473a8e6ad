package dev.salle.device.update;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.salle.bundle.BundleVerifier;
import dev.salle.bundle.BundleVersion;
import dev.salle.bundle.BundleWriter;
import dev.salle.bundle.ReleaseKeys;
import dev.salle.testkit.FakeClock;
import dev.salle.testkit.FakeScheduler;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The OS image's update path on files that stand for the partitions: the update agent with
 * {@link GrubSlots}, and between its runs a model of what the image's GRUB script does at each boot
 * (first good, untried slot in ORDER; its _TRY set to 1; all tried: start over from the first good
 * one). A good update commits in the other slot; a failed health check and a slot that never
 * starts both come back to the old slot, which reports the rollback once.
 */
class GrubSlotsTest {

    private static final KeyPair RELEASE = ReleaseKeys.generate();
    private static final int SLOT_BYTES = 256 * 1024;

    @TempDir
    Path dir;

    private final FakeClock clock = new FakeClock(Instant.parse("2026-11-22T12:00:00Z"));
    private final FakeScheduler scheduler = new FakeScheduler(clock);
    private final List<Map<String, Object>> reports = new ArrayList<>();
    private final AtomicInteger restarts = new AtomicInteger();
    private ImageLayout layout;

    @BeforeEach
    void image() throws Exception {
        RebootRequest.clear();
        layout = new ImageLayout(dir.resolve("cmdline"), dir.resolve("grubenv"), dir.resolve("salle-a"), dir.resolve("salle-b"),
                dir.resolve("VERSION"), dir.resolve("data/work"));
        Files.write(layout.slotA(), new byte[SLOT_BYTES]);
        Files.write(layout.slotB(), new byte[SLOT_BYTES]);
        Map<String, String> env = new LinkedHashMap<>();
        env.put("ORDER", "A B");
        env.put("A_OK", "1");
        env.put("A_TRY", "0");
        env.put("B_OK", "0");
        env.put("B_TRY", "0");
        GrubEnv.of(env).write(layout.grubEnv());
    }

    @Test
    void aGoodSlotImageGoesIntoTheOtherSlotAndStaysAfterItProvedItself() throws Exception {
        boot("1.0.0");
        assertThat(agent("1.0.0").onStart(() -> true, Duration.ZERO)).isTrue();
        assertThat(env("A_TRY")).as("the running slot is marked good at every start").isEqualTo("0");

        byte[] image = slotImage("root file system 1.1.0");
        UpdateAgent agent = agent("1.0.0");
        assertThat(agent.offer(bundle(image, "1.1.0"))).isTrue();
        scheduler.runDue();
        assertThat(steps()).containsExactly("verifying", "installing", "rebooting");
        assertThat(reports.get(1)).containsEntry("slot", "B");
        assertThat(reports.get(2)).as("the slot it reboots into").containsEntry("slot", "B");
        assertThat(restarts.get()).isEqualTo(1);
        assertThat(RebootRequest.requested()).isTrue();
        assertThat(Arrays.copyOf(Files.readAllBytes(layout.slotB()), image.length)).isEqualTo(image);
        assertThat(Files.readAllBytes(layout.slotA())).as("the running slot is never written").isEqualTo(new byte[SLOT_BYTES]);
        assertThat(env("ORDER")).isEqualTo("B A");
        assertThat(env("B_OK")).isEqualTo("1");
        assertThat(env("B_TRY")).isEqualTo("0");
        assertThat(agent.offer(bundle(image, "1.1.0"))).as("no second update while one is on trial").isFalse();

        assertThat(boot("1.1.0")).isEqualTo("B");
        reports.clear();
        assertThat(agent("1.1.0").onStart(() -> true, Duration.ofSeconds(5))).isTrue();
        assertThat(steps()).containsExactly("healthy");
        assertThat(reports.get(0)).containsEntry("version", "1.1.0");
        assertThat(env("B_TRY")).isEqualTo("0");
        assertThat(dir.resolve("data/work/trial.json")).doesNotExist();
        assertThat(boot("1.1.0")).as("the committed slot is started again").isEqualTo("B");
    }

    @Test
    void aSlotThatFailsItsHealthCheckRebootsIntoTheOldSlotWhichReportsTheRollbackOnce() throws Exception {
        boot("1.0.0");
        agent("1.0.0").onStart(() -> true, Duration.ZERO);
        UpdateAgent agent = agent("1.0.0");
        agent.offer(bundle(slotImage("root file system 1.1.0"), "1.1.0"));
        scheduler.runDue();
        assertThat(boot("1.1.0")).isEqualTo("B");
        reports.clear();
        RebootRequest.clear();

        assertThat(agent("1.1.0").onStart(() -> false, Duration.ZERO)).isFalse();
        assertThat(steps()).as("the new slot only says it goes back").containsExactly("rolling-back");
        assertThat(RebootRequest.requested()).isTrue();
        assertThat(env("ORDER")).isEqualTo("A B");
        assertThat(env("B_OK")).isEqualTo("0");

        assertThat(boot("1.0.0")).isEqualTo("A");
        reports.clear();
        assertThat(agent("1.0.0").onStart(() -> true, Duration.ZERO)).isFalse();
        assertThat(steps()).containsExactly("rolled-back");
        assertThat(reports.get(0)).containsEntry("code", "health-check-failed").containsEntry("version", "1.1.0")
                .containsEntry("runningAgain", "1.0.0");
        reports.clear();
        assertThat(agent("1.0.0").onStart(() -> true, Duration.ZERO)).as("reported once").isTrue();
        assertThat(steps()).isEmpty();
        assertThat(boot("1.0.0")).isEqualTo("A");
    }

    @Test
    void aSlotThatNeverStartsIsSkippedByTheBootLoaderAndTheOldSlotReportsBootFailed() throws Exception {
        boot("1.0.0");
        agent("1.0.0").onStart(() -> true, Duration.ZERO);
        agent("1.0.0").offer(bundle(slotImage("a broken root file system"), "1.2.0"));
        scheduler.runDue();
        assertThat(boot("1.2.0")).isEqualTo("B");
        // the new slot's app never starts, so nobody marks it good; the machine reboots
        assertThat(boot("1.0.0")).isEqualTo("A");
        reports.clear();
        assertThat(agent("1.0.0").onStart(() -> true, Duration.ZERO)).isFalse();
        assertThat(steps()).containsExactly("rolled-back");
        assertThat(reports.get(0)).containsEntry("code", "boot-failed").containsEntry("version", "1.2.0");
        assertThat(env("B_OK")).isEqualTo("0");
        assertThat(boot("1.0.0")).isEqualTo("A");
    }

    @Test
    void anInstallCutBeforeItsTrialIsForgottenAtTheNextStartAndTheRunningSlotStays() throws Exception {
        boot("1.0.0");
        GrubSlots slots = new GrubSlots(layout);
        Path payload = Files.write(dir.resolve("slot.squashfs"), slotImage("cut short"));
        slots.install(payload, BundleVersion.parse("1.1.0"));
        assertThat(slots.trialPrevious()).as("installed, not yet on trial").isEmpty();
        // the device stops here (power cut); nothing switched
        assertThat(boot("1.0.0")).isEqualTo("A");
        assertThat(agent("1.0.0").onStart(() -> true, Duration.ZERO)).isTrue();
        assertThat(steps()).isEmpty();
        assertThat(layout.workDir().resolve("trial.json")).doesNotExist();
        assertThat(env("ORDER")).isEqualTo("A B");
        assertThat(boot("1.0.0")).isEqualTo("A");
    }

    @Test
    void theOldSlotWaitsForTheFleetLinkBeforeReportingTheRollback() throws Exception {
        boot("1.0.0");
        agent("1.0.0").onStart(() -> true, Duration.ZERO);
        agent("1.0.0").offer(bundle(slotImage("never starts"), "1.2.0"));
        scheduler.runDue();
        boot("1.2.0");
        boot("1.0.0");
        reports.clear();
        AtomicInteger asked = new AtomicInteger();
        // the link comes up at the third look; the fake clock does not move, so only the link ends the wait
        assertThat(agent("1.0.0").onStart(() -> asked.incrementAndGet() >= 3, Duration.ofMinutes(2))).isFalse();
        assertThat(asked.get()).isGreaterThanOrEqualTo(3);
        assertThat(steps()).containsExactly("rolled-back");
    }

    @Test
    void aHalfWrittenSlotIsNeverGoodAndTheRunningSlotStaysTheFallback() throws Exception {
        boot("1.0.0");
        agent("1.0.0").onStart(() -> true, Duration.ZERO);
        GrubEnv.read(layout.grubEnv()).with("B_OK", "1").write(layout.grubEnv()); // B held an older good version
        Path payload = Files.write(dir.resolve("slot.squashfs"), slotImage("new"));
        GrubSlots slots = new GrubSlots(layout);
        slots.install(payload, BundleVersion.parse("1.1.0"));
        assertThat(env("B_OK")).as("not good between its write and its trial").isEqualTo("0");
        GrubEnv.read(layout.grubEnv()).with("A_TRY", "1").write(layout.grubEnv()); // this start never confirmed A
        slots.startTrial();
        assertThat(env("B_OK")).isEqualTo("1");
        assertThat(env("A_OK")).isEqualTo("1");
        assertThat(env("A_TRY")).as("the fallback is not marked tried").isEqualTo("0");
    }

    @Test
    void aSlotImageLargerThanThePartitionIsRefusedAndNothingChanges() throws Exception {
        boot("1.0.0");
        byte[] before = Files.readAllBytes(layout.grubEnv());
        agent("1.0.0").offer(bundle(new byte[SLOT_BYTES + 1], "1.1.0"));
        scheduler.runDue();
        assertThat(steps()).containsExactly("verifying", "installing", "failed");
        assertThat(reports.get(2)).containsEntry("code", "install-failed");
        assertThat(String.valueOf(reports.get(2).get("message"))).contains("holds " + SLOT_BYTES);
        assertThat(Files.readAllBytes(layout.grubEnv())).isEqualTo(before);
        assertThat(restarts.get()).isZero();
    }

    @Test
    void aBundleForTheDeviceAppIsRefusedOnTheImage() throws Exception {
        boot("1.0.0");
        Path bundle = dir.resolve("app.bundle");
        Path payload = Files.write(dir.resolve("app.tar"), new byte[100]);
        try (OutputStream out = Files.newOutputStream(bundle)) {
            BundleWriter.write(payload, BundleVersion.parse("1.1.0"), "device-app", BundleVersion.parse("1.0.0"), false, RELEASE,
                    clock.instant(), out);
        }
        agent("1.0.0").offer(bundle);
        scheduler.runDue();
        assertThat(steps()).containsExactly("verifying", "refused");
        assertThat(reports.get(1)).containsEntry("code", "wrong-target");
        assertThat(bundle).as("the download is deleted").doesNotExist();
    }

    @Test
    void aSystemNotStartedByTheImagesBootLoaderIsNotTakenForOne() throws Exception {
        Files.writeString(layout.cmdline(), "BOOT_IMAGE=/vmlinuz root=/dev/sda1 ro quiet\n");
        assertThatThrownBy(() -> new GrubSlots(layout)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no salle.slot=A|B");
        Files.writeString(layout.cmdline(), "root=x salle.slot=C\n");
        assertThatThrownBy(() -> new GrubSlots(layout)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void unreadableBootStateIsReplacedByOneThatKeepsTheRunningSlotAndCounted() throws Exception {
        boot("1.0.0");
        Files.writeString(layout.grubEnv(), "not an environment block");
        Files.createDirectories(layout.workDir());
        Files.writeString(layout.workDir().resolve("trial.json"), "{\"slot\":\"Q\"");
        long before = GrubSlots.badStateCount();
        assertThat(agent("1.0.0").onStart(() -> true, Duration.ZERO)).isTrue();
        assertThat(GrubSlots.badStateCount()).isGreaterThanOrEqualTo(before + 2);
        assertThat(env("ORDER")).isEqualTo("A B");
        assertThat(env("A_OK")).isEqualTo("1");
        assertThat(env("B_OK")).isEqualTo("0");
        assertThat(layout.workDir().resolve("trial.json")).doesNotExist();
        assertThat(boot("1.0.0")).isEqualTo("A");
    }

    /** What the image's grub.cfg does at a boot; writes the kernel's command line and the slot's version file. */
    private String boot(String versionInThatSlot) throws Exception {
        GrubEnv env = GrubEnv.read(layout.grubEnv());
        String order = env.get("ORDER").orElse("A B");
        String chosen = null;
        for (String s : order.split(" ")) {
            if (chosen == null && env.get(s + "_OK").orElse("").equals("1") && !env.get(s + "_TRY").orElse("").equals("1")) {
                chosen = s;
            }
        }
        if (chosen == null) {
            env = env.with("A_TRY", "0").with("B_TRY", "0");
            for (String s : order.split(" ")) {
                if (chosen == null && env.get(s + "_OK").orElse("").equals("1")) {
                    chosen = s;
                }
            }
        }
        if (chosen == null) {
            chosen = "A";
        }
        env.with(chosen + "_TRY", "1").write(layout.grubEnv());
        Files.writeString(layout.cmdline(), "BOOT_IMAGE=(hd0,gpt2)/boot/vmlinuz root=PARTUUID=x rootfstype=squashfs ro salle.slot="
                + chosen + " panic=10 console=ttyS0\n");
        Files.writeString(layout.versionFile(), versionInThatSlot + "\n");
        return chosen;
    }

    private UpdateAgent agent(String running) {
        return new UpdateAgent(new GrubSlots(layout), new BundleVerifier(List.of(RELEASE.getPublic()), "os-image",
                BundleVersion.parse(running)), () -> true, restarts::incrementAndGet, (step, details) -> reports.add(details),
                layout.workDir(), scheduler, clock, Duration.ofSeconds(30));
    }

    private List<String> steps() {
        return reports.stream().map(r -> String.valueOf(r.get("step"))).toList();
    }

    private String env(String name) throws Exception {
        return GrubEnv.read(layout.grubEnv()).get(name).orElse("");
    }

    private static byte[] slotImage(String text) {
        byte[] b = new byte[SLOT_BYTES / 2];
        byte[] t = text.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        System.arraycopy(t, 0, b, 0, t.length);
        b[b.length - 1] = 0x5a;
        return b;
    }

    private Path bundle(byte[] image, String version) throws Exception {
        Path payload = Files.write(dir.resolve("slot-" + version + ".squashfs"), image);
        Path bundle = dir.resolve("os-" + version + "-" + System.nanoTime() + ".bundle");
        try (OutputStream out = Files.newOutputStream(bundle)) {
            BundleWriter.write(payload, BundleVersion.parse(version), "os-image", BundleVersion.parse("1.0.0"), false, RELEASE,
                    clock.instant(), out);
        }
        return bundle;
    }
}

package dev.salle.device.update;

import dev.salle.bundle.BundleVersion;
import dev.salle.device.update.TrialFile.State;
import dev.salle.device.update.TrialFile.Trial;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Raspberry Pi image's slots: slot A is boot partition 2 with root partition 5, slot B boot
 * partition 3 with root partition 6 ({@link PiLayout}), chosen at every boot by the firmware from
 * {@link Autoboot autoboot.txt}: {@code [all]}'s partition (the committed slot) on a plain boot,
 * {@code [tryboot]}'s once after {@code reboot "0 tryboot"}. The firmware clears that flag before it
 * boots, so any later reset or reboot starts the committed slot again: a trial that hangs, panics
 * or is reset by the watchdog goes back by itself. This class commits a slot that proved itself by
 * swapping the two partitions in autoboot.txt; a failed one goes back by a plain reboot.
 *
 * <p>The booted slot is the device tree's {@code chosen/bootloader/partition} (else the kernel's
 * {@code salle.slot=}), and whether this boot was a tryboot its {@code chosen/bootloader/tryboot};
 * both are read once, here. A trial is recorded in {@code trial.json} on the data partition
 * ({@link TrialFile}), so the previous slot still knows about it after the firmware went back:
 * that is how a failed trial is reported ({@link #failedTrial()}). Not thread-safe: the update agent
 * is its only user.
 */
public final class TrybootSlots implements Slots {

    public static final String A = TrialFile.A;
    public static final String B = TrialFile.B;
    private static final Logger log = LoggerFactory.getLogger(TrybootSlots.class);
    private static final AtomicLong BAD_STATE = new AtomicLong();

    private final PiLayout layout;
    private final String booted;
    private final boolean tryboot;
    private final TrialFile trials;
    private boolean trialStartedHere;

    /**
     * @throws IllegalStateException when neither the device tree nor the kernel's command line
     *     names a slot (not booted from the Pi image's boot partitions)
     */
    public TrybootSlots(PiLayout layout) {
        this.layout = layout;
        this.booted = bootedSlot(layout);
        this.tryboot = readU32(layout.trybootFlag()).orElse(0) == 1;
        this.trials = new TrialFile(layout.workDir(), BAD_STATE);
        log.info("started slot {} (boot partition {}) {}", booted, PiLayout.bootPartitionOf(booted),
                tryboot ? "with the firmware's tryboot flag" : "by a plain boot");
    }

    /** How many unreadable boot-state files (autoboot.txt, trial record) this process met and replaced. */
    public static long badStateCount() {
        return BAD_STATE.get();
    }

    @Override
    public String active() {
        return booted;
    }

    @Override
    public String inactive() {
        return TrialFile.other(booted);
    }

    @Override
    public Optional<BundleVersion> version(String slot) {
        if (slot.equals(booted)) {
            return layout.runningVersion().flatMap(GrubSlots::parseVersion);
        }
        return trials.read().filter(r -> r.slot().equals(slot)).flatMap(r -> GrubSlots.parseVersion(r.version()));
    }

    @Override
    public void install(Path verifiedPayload, BundleVersion version) {
        String slot = inactive();
        Path boot = layout.boot(slot);
        Path root = layout.root(slot);
        try {
            PiPayload payload = PiPayload.read(verifiedPayload);
            refuseWhenLarger(payload.bootLength(), boot, "boot", slot);
            refuseWhenLarger(payload.rootLength(), root, "root", slot);
            trials.delete();
            // whatever happens from here, a plain boot starts the running slot and only a tryboot the other
            keepAutoboot(autoboot(booted, slot));
            write(verifiedPayload, payload.bootOffset(), payload.bootLength(), boot, "boot", slot);
            write(verifiedPayload, payload.rootOffset(), payload.rootLength(), root, "root", slot);
            trials.write(new Trial(slot, booted, version.toString(), State.INSTALLED, Optional.empty()));
            log.info("installed {} into slot {} (boot {} bytes into {}, root {} bytes into {}), read back and checked", version,
                    slot, payload.bootLength(), boot, payload.rootLength(), root);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot install into slot " + slot + " (" + boot + ", " + root + "): "
                    + e.getMessage(), e);
        }
    }

    @Override
    public void startTrial() {
        Trial r = trials.read().orElseThrow(() -> new IllegalStateException("nothing was installed to try"));
        if (!r.previous().equals(booted)) {
            throw new IllegalStateException("the installed slot " + r.slot() + " was installed from slot " + r.previous()
                    + ", not from the running slot " + booted + "; install it again");
        }
        trials.write(r.with(State.TRIAL));
        keepAutoboot(autoboot(booted, r.slot()));
        trialStartedHere = true;
        log.info("slot {} goes on trial at the next reboot, which must carry the tryboot flag; a plain boot still starts"
                + " slot {}", r.slot(), booted);
    }

    @Override
    public Optional<String> trialPrevious() {
        return trials.read().filter(r -> r.state() == State.TRIAL).filter(r -> !staleAtStart(r)).map(Trial::previous);
    }

    @Override
    public void commit() {
        keepAutoboot(autoboot(booted, inactive()));
        trials.delete();
        log.info("slot {} committed: autoboot.txt starts boot partition {} at every plain boot", booted,
                PiLayout.bootPartitionOf(booted));
    }

    @Override
    public void rollBack() {
        trials.read().filter(r -> r.slot().equals(booted)).ifPresent(r -> trials.write(r.failed("health-check-failed")));
        // a plain boot starts [all]: the previous slot, whatever a cut commit may have left
        keepAutoboot(autoboot(inactive(), booted));
    }

    @Override
    public boolean rollBackReportedAfterRestart() {
        return true;
    }

    @Override
    public boolean trialNeedsTryboot() {
        return true;
    }

    @Override
    public Optional<FailedTrial> failedTrial() {
        return trials.read().filter(r -> r.state() == State.TRIAL && r.previous().equals(booted) && !tryboot
                        && !trialStartedHere)
                .map(r -> new FailedTrial(r.version(), r.failure().orElse("boot-failed")));
    }

    @Override
    public void clearFailedTrial() {
        if (!tryboot) {
            keepAutoboot(autoboot(booted, inactive()));
        }
        trials.delete();
    }

    @Override
    public void markRunningGood() {
        trials.read().ifPresent(r -> {
            if (r.state() == State.INSTALLED) {
                log.info("the install of {} into slot {} never reached its trial; forgetting it", r.version(), r.slot());
                trials.delete();
            } else if (staleAtStart(r)) {
                log.warn("started slot {} with the tryboot flag while slot {} was the one to try: a normal start; the trial"
                        + " of {} is forgotten", booted, r.slot(), r.version());
                trials.delete();
            }
        });
        if (tryboot) {
            log.warn("started slot {} with the tryboot flag and no trial of it recorded: a normal start; autoboot.txt is left"
                    + " as it is, so the next plain boot starts its committed slot", booted);
        } else {
            keepAutoboot(autoboot(booted, inactive()));
        }
    }

    /** A trial record from before this start that names the running slot as the one to go back to, on a tryboot start. */
    private boolean staleAtStart(Trial r) {
        return r.previous().equals(booted) && tryboot && !trialStartedHere;
    }

    private static Autoboot autoboot(String committed, String tried) {
        return new Autoboot(PiLayout.bootPartitionOf(committed), PiLayout.bootPartitionOf(tried));
    }

    /** Writes autoboot.txt when it does not hold {@code wanted} (or cannot be read: then counted). */
    private void keepAutoboot(Autoboot wanted) {
        Path file = layout.autoboot();
        try {
            if (Autoboot.read(file).equals(wanted)) {
                return;
            }
        } catch (NoSuchFileException e) {
            BAD_STATE.incrementAndGet();
            log.warn("{} is missing; writing it", file);
        } catch (IOException | AutobootException e) {
            BAD_STATE.incrementAndGet();
            log.warn("{} cannot be read ({}: {}); writing it again", file,
                    e instanceof AutobootException a ? a.reason().code() : "unreadable", e.getMessage());
        }
        try {
            wanted.write(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage()
                    + "; the partition must be mounted read-write for group salle", e);
        }
        log.info("autoboot.txt now starts boot partition {} on a plain boot and {} on a tryboot", wanted.committed(),
                wanted.tryboot());
    }

    private static void refuseWhenLarger(long length, Path partition, String part, String slot) throws IOException {
        long capacity = PartitionImages.capacity(partition);
        if (length > capacity) {
            throw new PayloadRefusedException(PayloadRefusedException.Reason.TOO_LARGE, "the " + part + " image has " + length
                    + " bytes but slot " + slot + "'s " + part + " partition (" + partition + ") holds " + capacity);
        }
    }

    private static void write(Path payload, long offset, long length, Path partition, String part, String slot)
            throws IOException {
        if (!PartitionImages.writeAndReadBack(payload, offset, length, partition)) {
            throw new IllegalStateException("slot " + slot + "'s " + part + " partition (" + partition
                    + ") does not read back what was written");
        }
    }

    private static String bootedSlot(PiLayout layout) {
        OptionalLong partition = readU32(layout.bootedPartition());
        if (partition.isPresent()) {
            Optional<String> slot = PiLayout.slotOf(partition.getAsLong());
            if (slot.isPresent()) {
                return slot.get();
            }
            log.warn("the firmware booted partition {} ({}), not a slot's boot partition ({} or {}); looking at the kernel's"
                    + " command line", partition.getAsLong(), layout.bootedPartition(), PiLayout.BOOT_A, PiLayout.BOOT_B);
        }
        String cmdline;
        try {
            cmdline = Files.readString(layout.cmdline());
        } catch (IOException e) {
            cmdline = "";
        }
        Matcher m = GrubSlots.SLOT_ARG.matcher(cmdline.strip());
        if (m.find()) {
            return m.group(1);
        }
        throw new IllegalStateException("update.mechanism is tryboot but neither the firmware's device tree ("
                + layout.bootedPartition() + ") nor the kernel's command line (" + layout.cmdline()
                + ") names slot A (boot partition 2) or B (3): this system was not started from the Pi image's boot partitions");
    }

    /** A device-tree cell: 4 bytes, big-endian, unsigned; empty when the file is missing or not 4 bytes. */
    static OptionalLong readU32(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            return OptionalLong.empty();
        }
        if (bytes.length != 4) {
            log.warn("{} has {} bytes, not the 4 of a device-tree number; ignoring it", file, bytes.length);
            return OptionalLong.empty();
        }
        return OptionalLong.of(Integer.toUnsignedLong(ByteBuffer.wrap(bytes).getInt()));
    }
}

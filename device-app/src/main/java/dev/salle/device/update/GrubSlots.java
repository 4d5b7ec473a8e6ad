package dev.salle.device.update;

import dev.salle.bundle.BundleVersion;
import dev.salle.device.update.TrialFile.State;
import dev.salle.device.update.TrialFile.Trial;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The OS image's slots: root partitions {@code salle-a} and {@code salle-b}, chosen at every boot
 * by GRUB from its environment block with RAUC's variables ({@code ORDER}, {@code A_OK},
 * {@code A_TRY}, {@code B_OK}, {@code B_TRY}; docs/image.md). GRUB sets the chosen slot's
 * {@code _TRY=1} before starting it; this class sets it back to 0 once the slot proved itself, so
 * a slot that never does is skipped at the next boot. The booted slot is the kernel's
 * {@code salle.slot=} argument.
 *
 * <p>A trial is recorded in {@code trial.json} in the update's work folder, on the data partition,
 * so the previous slot still knows about it after the boot loader went back: that is how a failed
 * boot is reported ({@link #failedTrial()}). Not thread-safe: the update agent is its only user.
 */
public final class GrubSlots implements Slots {

    public static final String A = TrialFile.A;
    public static final String B = TrialFile.B;
    private static final Logger log = LoggerFactory.getLogger(GrubSlots.class);
    static final Pattern SLOT_ARG = Pattern.compile("(?:^|\\s)salle\\.slot=([AB])(?:\\s|$)");
    private static final AtomicLong BAD_STATE = new AtomicLong();

    private final ImageLayout layout;
    private final String booted;
    private final TrialFile trials;

    /**
     * @throws IllegalStateException when the kernel's command line names no slot (not booted from the image)
     */
    public GrubSlots(ImageLayout layout) {
        this.layout = layout;
        String cmdline;
        try {
            cmdline = Files.readString(layout.cmdline());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + layout.cmdline() + ": " + e.getMessage(), e);
        }
        Matcher m = SLOT_ARG.matcher(cmdline.strip());
        if (!m.find()) {
            throw new IllegalStateException("update.mechanism is grub but the kernel's command line (" + layout.cmdline()
                    + ") has no salle.slot=A|B: this system was not started by the image's boot loader");
        }
        this.booted = m.group(1);
        this.trials = new TrialFile(layout.workDir(), BAD_STATE);
    }

    /** How many unreadable boot-state files (GRUB environment, trial record) this process met and replaced. */
    public static long badStateCount() {
        return BAD_STATE.get();
    }

    @Override
    public String active() {
        return booted;
    }

    @Override
    public String inactive() {
        return other(booted);
    }

    @Override
    public Optional<BundleVersion> version(String slot) {
        if (slot.equals(booted)) {
            return layout.runningVersion().flatMap(GrubSlots::parseVersion);
        }
        return trials.read().filter(r -> r.slot().equals(slot)).flatMap(r -> parseVersion(r.version()));
    }

    @Override
    public void install(Path verifiedPayload, BundleVersion version) {
        String slot = inactive();
        Path target = layout.partition(slot);
        try {
            long size = Files.size(verifiedPayload);
            long capacity = PartitionImages.capacity(target);
            if (size > capacity) {
                throw new IllegalStateException("the slot image has " + size + " bytes but slot " + slot + " (" + target
                        + ") holds " + capacity);
            }
            trials.delete();
            // a half-written slot must never be started: it is not good until its trial begins
            writeEnv(loadEnv().with(slot + "_OK", "0").with(slot + "_TRY", "0"));
            if (!PartitionImages.writeAndReadBack(verifiedPayload, 0, size, target)) {
                throw new IllegalStateException("slot " + slot + " (" + target + ") does not read back what was written");
            }
            trials.write(new Trial(slot, booted, version.toString(), State.INSTALLED, Optional.empty()));
            log.info("installed {} ({} bytes) into slot {} ({}), read back and checked", version, size, slot, target);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot install into slot " + slot + " (" + target + "): " + e.getMessage(), e);
        }
    }

    @Override
    public void startTrial() {
        Trial r = trials.read().orElseThrow(() -> new IllegalStateException("nothing was installed to try"));
        String next = r.slot();
        trials.write(r.with(State.TRIAL));
        // the running slot is the fallback: good and not tried, whatever this start got to confirm
        writeEnv(loadEnv().with("ORDER", next + " " + booted).with(next + "_OK", "1").with(next + "_TRY", "0")
                .with(booted + "_OK", "1").with(booted + "_TRY", "0"));
    }

    @Override
    public Optional<String> trialPrevious() {
        // an install that never reached its trial (a crash in between) is no trial: the next start forgets it
        return trials.read().filter(r -> r.state() == State.TRIAL).map(Trial::previous);
    }

    @Override
    public void commit() {
        writeEnv(loadEnv().with(booted + "_OK", "1").with(booted + "_TRY", "0"));
        trials.delete();
    }

    @Override
    public void rollBack() {
        trials.read().ifPresent(r -> trials.write(r.failed("health-check-failed")));
        String previous = trialPrevious().orElse(other(booted));
        writeEnv(loadEnv().with("ORDER", previous + " " + booted).with(booted + "_OK", "0"));
    }

    @Override
    public boolean rollBackReportedAfterRestart() {
        return true;
    }

    @Override
    public Optional<FailedTrial> failedTrial() {
        return trials.read().filter(r -> r.previous().equals(booted) && r.state() == State.TRIAL)
                .map(r -> new FailedTrial(r.version(), r.failure().orElse("boot-failed")));
    }

    @Override
    public void clearFailedTrial() {
        String failed = other(booted);
        writeEnv(loadEnv().with("ORDER", booted + " " + failed).with(failed + "_OK", "0")
                .with(booted + "_OK", "1").with(booted + "_TRY", "0"));
        trials.delete();
    }

    @Override
    public void markRunningGood() {
        GrubEnv env = loadEnv();
        if (!env.get(booted + "_OK").orElse("").equals("1") || !env.get(booted + "_TRY").orElse("").equals("0")) {
            writeEnv(env.with(booted + "_OK", "1").with(booted + "_TRY", "0"));
        }
        // an install that never started its trial leaves a record: the other slot holds nothing to try
        trials.read().filter(r -> r.state() == State.INSTALLED).ifPresent(r -> trials.delete());
    }

    private static String other(String slot) {
        return TrialFile.other(slot);
    }

    static Optional<BundleVersion> parseVersion(String text) {
        try {
            return Optional.of(BundleVersion.parse(text));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** The environment, or a fresh one that keeps the running slot when it cannot be read. */
    private GrubEnv loadEnv() {
        try {
            return GrubEnv.read(layout.grubEnv());
        } catch (IOException | GrubEnvException e) {
            BAD_STATE.incrementAndGet();
            log.warn("the boot-slot state {} cannot be read ({}); writing one that keeps slot {}", layout.grubEnv(),
                    e.getMessage(), booted);
            String o = other(booted);
            GrubEnv fresh = GrubEnv.of(new LinkedHashMap<>())
                    .with("ORDER", booted + " " + o).with(booted + "_OK", "1").with(booted + "_TRY", "0")
                    .with(o + "_OK", "0").with(o + "_TRY", "0");
            writeEnv(fresh);
            return fresh;
        }
    }

    private void writeEnv(GrubEnv env) {
        try {
            env.write(layout.grubEnv());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the boot-slot state " + layout.grubEnv() + ": " + e.getMessage(), e);
        }
    }
}

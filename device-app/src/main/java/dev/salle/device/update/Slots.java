package dev.salle.device.update;

import dev.salle.bundle.BundleVersion;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Two slots, A and B: the one that runs and the one an update goes into. {@link SlotStore} keeps
 * them as folders on a PC; {@link GrubSlots} as the amd64 image's root partitions, chosen by GRUB;
 * {@link TrybootSlots} as the Raspberry Pi image's boot and root partitions, chosen by the
 * firmware's tryboot. The update agent is the only user.
 */
public interface Slots {

    /** A trial that ended without the new slot proving itself: the device runs the previous slot again. */
    record FailedTrial(String version, String code) {}

    /** The slot that runs. */
    String active();

    /** The slot an update goes into. */
    String inactive();

    /** The version in a slot, where it is known. */
    Optional<BundleVersion> version(String slot);

    /**
     * Replaces the inactive slot's content with a verified payload; the active slot is never touched.
     *
     * @throws PayloadRefusedException when the payload is not one these slots take (nothing is written)
     */
    void install(Path verifiedPayload, BundleVersion version);

    /** Makes the inactive slot the one to start next, on trial. */
    void startTrial();

    /** While a trial is under way (installed, or running on trial): the slot to go back to. */
    Optional<String> trialPrevious();

    /** The slot on trial proved itself: it stays. */
    void commit();

    /** The slot on trial failed its check: go back to the previous one (after a restart, where it needs one). */
    void rollBack();

    /**
     * True when a rollback takes effect only after the restart, so the previous slot reports it
     * ({@link #failedTrial()}); false when {@link #rollBack()} has already switched.
     */
    default boolean rollBackReportedAfterRestart() {
        return false;
    }

    /**
     * True when the reboot into a trial must carry the Raspberry Pi firmware's one-shot tryboot flag
     * ({@link TrybootSlots}): the agent then asks for {@link RebootRequest#requestTryboot()}, since a
     * plain reboot starts the committed slot again.
     */
    default boolean trialNeedsTryboot() {
        return false;
    }

    /** At start: a trial that failed before this start (the boot loader went back by itself, or a rollback). */
    default Optional<FailedTrial> failedTrial() {
        return Optional.empty();
    }

    /** Forgets a failed trial once reported. */
    default void clearFailedTrial() {
    }

    /** At start, with no trial under way: the running slot is the good one (so the boot loader keeps it). */
    default void markRunningGood() {
    }
}

package dev.salle.device;

import dev.salle.device.media.DeviceMedia;
import dev.salle.device.update.TrialHealth;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * The health check of a version on trial, as {@code docs/updates.md} defines it: the app is up
 * (it got this far), the fleet broker is reachable, and the media runs
 * ({@link DeviceMedia#mediaProblem()}). A failure names each part that is not healthy.
 *
 * <p>Thread-safe as its parts are; asked on the update's trial thread.
 */
final class DeviceTrialHealth implements TrialHealth {

    static final String BROKER_NOT_REACHABLE = "the fleet broker is not reachable";

    private final BooleanSupplier brokerReachable;
    private final DeviceMedia media;

    /**
     * @param brokerReachable whether the fleet link is connected; always true on a device without a fleet
     * @param media           the started media
     */
    DeviceTrialHealth(BooleanSupplier brokerReachable, DeviceMedia media) {
        this.brokerReachable = Objects.requireNonNull(brokerReachable, "brokerReachable");
        this.media = Objects.requireNonNull(media, "media");
    }

    @Override
    public Optional<String> problem() {
        List<String> problems = new ArrayList<>(2);
        if (!brokerReachable.getAsBoolean()) {
            problems.add(BROKER_NOT_REACHABLE);
        }
        media.mediaProblem().ifPresent(problems::add);
        return problems.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", problems));
    }
}

package dev.salle.fleet.rollout;

import dev.salle.fleet.registry.DeviceRecord;
import dev.salle.fleet.registry.DeviceRegistry;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What an operator asks for, from the CLI or the console: checked, the target resolved in the
 * registry, and the rollout stored for the running fleet manager to drive.
 *
 * @param id the rollout's id, or null for version plus time
 * @param target {@code all} or {@code site=NAME}
 * @param waves cumulative percentages, e.g. {@code 1%,10%,50%,100%}
 * @param maxFailures a count ({@code 5}) or a percentage of the target ({@code 5%})
 */
public record RolloutRequest(String id, String version, URI bundle, String target, String waves, String maxFailures,
                             int successPercent, Duration deviceTimeout) {

    /**
     * @throws IllegalArgumentException for a request that is wrong in itself (the message says what)
     * @throws IllegalStateException when no device matches the target, or the id exists
     */
    public Rollout create(DeviceRegistry registry, RolloutStore store, Instant now) {
        if (version == null || !version.matches("[0-9]{1,6}\\.[0-9]{1,6}\\.[0-9]{1,6}(-[0-9A-Za-z.]{1,32})?")) {
            throw new IllegalArgumentException("version '" + version + "' is not MAJOR.MINOR.PATCH");
        }
        if (bundle == null || !"https".equals(bundle.getScheme()) || bundle.getHost() == null) {
            throw new IllegalArgumentException("the bundle address must be https://host/…: devices fetch nothing else");
        }
        if (id != null && !id.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,63}")) {
            throw new IllegalArgumentException("rollout id '" + id + "' must be 1-64 of A-Z a-z 0-9 . _ -");
        }
        Optional<String> site;
        if ("all".equals(target)) {
            site = Optional.empty();
        } else if (target != null && target.startsWith("site=") && target.length() > 5) {
            site = Optional.of(target.substring(5));
        } else {
            throw new IllegalArgumentException("the target must be all or site=NAME, got '" + target + "'");
        }
        boolean percent = maxFailures != null && maxFailures.endsWith("%");
        int failures;
        try {
            failures = Integer.parseInt(percent ? maxFailures.substring(0, maxFailures.length() - 1) : String.valueOf(maxFailures));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("the failure limit must be a count or a percentage, like 5 or 5%");
        }
        RolloutPolicy policy = new RolloutPolicy(RolloutPolicy.parseWaves(waves), successPercent, failures, percent, deviceTimeout);
        List<String> devices = registry.devices(site).stream().map(DeviceRecord::id).toList();
        if (devices.isEmpty()) {
            throw new IllegalStateException("no device matches " + target);
        }
        Rollout rollout = Rollout.create(id != null ? id : version + "-" + now.getEpochSecond(), version, devices, policy, now);
        try {
            store.create(rollout, bundle, now);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
        return rollout;
    }
}

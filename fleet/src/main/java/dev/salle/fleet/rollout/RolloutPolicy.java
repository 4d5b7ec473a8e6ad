package dev.salle.fleet.rollout;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How a rollout proceeds.
 *
 * @param waves cumulative shares of the target, in percent, ending at 100 (e.g. 1, 10, 50, 100)
 * @param successThresholdPercent the share of a wave that must succeed before the next wave starts
 * @param maxFailures failures (counted over the whole rollout) at which it halts; see {@link #failureLimit(int)}
 * @param maxFailuresIsPercent whether {@code maxFailures} is a percentage of the target rather than a count
 * @param deviceTimeout how long a device may take (offline time included) before it counts as failed
 */
public record RolloutPolicy(List<Integer> waves, int successThresholdPercent, int maxFailures,
                            boolean maxFailuresIsPercent, Duration deviceTimeout) {

    public RolloutPolicy {
        waves = List.copyOf(Objects.requireNonNull(waves, "waves"));
        if (waves.isEmpty() || waves.get(waves.size() - 1) != 100) {
            throw new IllegalArgumentException("waves must end at 100%, got " + waves);
        }
        for (int i = 0; i < waves.size(); i++) {
            int w = waves.get(i);
            if (w < 1 || w > 100 || (i > 0 && w <= waves.get(i - 1))) {
                throw new IllegalArgumentException("waves must rise strictly from 1 to 100 percent, got " + waves);
            }
        }
        if (successThresholdPercent < 1 || successThresholdPercent > 100) {
            throw new IllegalArgumentException("the success threshold must be 1 to 100 percent, got " + successThresholdPercent);
        }
        if (maxFailures < 1 || (maxFailuresIsPercent && maxFailures > 100)) {
            throw new IllegalArgumentException("the failure threshold must be at least 1" + (maxFailuresIsPercent ? " and at most 100%" : ""));
        }
        if (deviceTimeout.isNegative() || deviceTimeout.isZero()) {
            throw new IllegalArgumentException("the device timeout must be positive");
        }
    }

    /** The number of failures that halts a rollout of {@code targetSize} devices (at least 1). */
    public int failureLimit(int targetSize) {
        return maxFailuresIsPercent ? Math.max(1, (int) Math.ceil(targetSize * maxFailures / 100.0)) : maxFailures;
    }

    /** How many devices the first {@code wave + 1} waves hold together, of {@code targetSize}. */
    int cumulative(int wave, int targetSize) {
        return (int) Math.ceil(targetSize * waves.get(wave) / 100.0);
    }

    /** Parses {@code 1%,10%,50%,100%}. */
    public static List<Integer> parseWaves(String text) {
        try {
            return java.util.Arrays.stream(text.split(",")).map(String::strip)
                    .map(w -> Integer.parseInt(w.endsWith("%") ? w.substring(0, w.length() - 1) : w)).toList();
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("waves are percentages separated by commas, like 1%,10%,50%,100%; got '"
                    + text + "'");
        }
    }
}

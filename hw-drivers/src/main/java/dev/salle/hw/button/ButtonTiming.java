package dev.salle.hw.button;

import java.time.Duration;
import java.util.Objects;

/**
 * How a raw button signal becomes events.
 *
 * @param debounce how long the raw level must stay unchanged before it counts (default 30 ms, 1–500 ms)
 * @param longPress how long a hold lasts before it is a long press (default 1500 ms, 200 ms–30 s,
 *     and more than twice the debounce)
 */
public record ButtonTiming(Duration debounce, Duration longPress) {

    /** 30 ms: covers the bounce of the tactile switches we ship with. */
    public static final Duration DEFAULT_DEBOUNCE = Duration.ofMillis(30);
    /** 1500 ms: long enough that nobody long-presses by accident. */
    public static final Duration DEFAULT_LONG_PRESS = Duration.ofMillis(1500);

    public ButtonTiming {
        Objects.requireNonNull(debounce, "button debounce is null; give a duration such as 30ms");
        Objects.requireNonNull(longPress, "button longPress is null; give a duration such as 1500ms");
        if (debounce.compareTo(Duration.ofMillis(1)) < 0 || debounce.compareTo(Duration.ofMillis(500)) > 0) {
            throw new IllegalArgumentException("button debounce " + debounce.toMillis()
                    + " ms is out of range; use 1 to 500 ms (default 30 ms)");
        }
        if (longPress.compareTo(Duration.ofMillis(200)) < 0 || longPress.compareTo(Duration.ofSeconds(30)) > 0) {
            throw new IllegalArgumentException("button longPress " + longPress.toMillis()
                    + " ms is out of range; use 200 ms to 30 s (default 1500 ms)");
        }
        if (longPress.compareTo(debounce.multipliedBy(2)) <= 0) {
            throw new IllegalArgumentException("button longPress " + longPress.toMillis()
                    + " ms must be more than twice the debounce (" + debounce.toMillis() + " ms)");
        }
    }

    /** The defaults: 30 ms debounce, 1500 ms long press. */
    public static ButtonTiming defaults() {
        return new ButtonTiming(DEFAULT_DEBOUNCE, DEFAULT_LONG_PRESS);
    }
}

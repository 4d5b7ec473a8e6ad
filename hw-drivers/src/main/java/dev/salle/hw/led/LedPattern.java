package dev.salle.hw.led;

/**
 * How the LED's brightness moves over time. {@link #level(long)} gives the brightness (0–1) at a
 * time since the pattern started; every pattern is periodic and starts at full brightness (except
 * {@link #OFF}).
 */
public enum LedPattern {
    /** Always on. */
    SOLID(0),
    /** 1 Hz: 500 ms on, 500 ms off. */
    BLINK_SLOW(1000),
    /** 4 Hz: 125 ms on, 125 ms off. */
    BLINK_FAST(250),
    /** Breathing: brightness falls and rises over 2 s. On/off-only outputs show it as 1 s on, 1 s off. */
    PULSE(2000),
    /** Always off. */
    OFF(0);

    private final long periodMillis;

    LedPattern(long periodMillis) {
        this.periodMillis = periodMillis;
    }

    /** The period in milliseconds, 0 for patterns that do not change. */
    public long periodMillis() {
        return periodMillis;
    }

    /** Whether the output changes over time (and needs a timer). */
    public boolean animated() {
        return periodMillis > 0;
    }

    /** Brightness from 0 to 1 at {@code elapsedMillis} (≥ 0) after the pattern started. */
    public double level(long elapsedMillis) {
        long t = Math.floorMod(elapsedMillis, Math.max(1, periodMillis));
        return switch (this) {
            case SOLID -> 1.0;
            case OFF -> 0.0;
            case BLINK_SLOW, BLINK_FAST -> t < periodMillis / 2 ? 1.0 : 0.0;
            case PULSE -> {
                double half = periodMillis / 2.0;
                yield t < half ? 1.0 - t / half : (t - half) / half;
            }
        };
    }
}

package dev.salle.hw.led;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;

/**
 * A status LED for running the device on a PC: it draws nothing itself, records what it showed,
 * and tells listeners (the device page draws the colour and pattern). The scheduler only times
 * identify.
 */
public final class SimulatedStatusLed extends StatusLedBase {

    private final List<LedState> history = new ArrayList<>();

    public SimulatedStatusLed(ScheduledExecutorService scheduler) {
        super(scheduler);
        synchronized (this) {
            history.add(LedState.IDLE);
        }
    }

    @Override
    protected void render(LedState state) {
        history.add(state);
    }

    @Override
    protected void release() {
        history.add(LedState.IDLE);
    }

    /** Every state shown so far, oldest first, starting with IDLE. */
    public synchronized List<LedState> history() {
        return List.copyOf(history);
    }
}

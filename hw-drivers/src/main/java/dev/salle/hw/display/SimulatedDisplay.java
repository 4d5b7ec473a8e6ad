package dev.salle.hw.display;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;

/**
 * A 1920x1080@60 screen for running the device on a PC. Control calls are recorded and change the
 * power state; {@link #plug(boolean)} simulates hot-plug and tells listeners on the caller's thread.
 */
public final class SimulatedDisplay implements Display {

    private final Set<DisplayListener> listeners = new CopyOnWriteArraySet<>();
    private final List<String> requests = new ArrayList<>();
    private boolean connected = true;
    private PowerState power = PowerState.ON;
    private boolean activeInput;

    @Override
    public synchronized void powerOn() {
        requests.add("powerOn");
        power = PowerState.ON;
    }

    @Override
    public synchronized void standby() {
        requests.add("standby");
        power = PowerState.STANDBY;
    }

    @Override
    public synchronized void switchToThisInput() {
        requests.add("switchToThisInput");
        activeInput = true;
    }

    @Override
    public synchronized PowerState queryPower() {
        return power;
    }

    @Override
    public synchronized DisplayStatus status() {
        return new DisplayStatus(connected, "simulated-HDMI-A-1",
                connected ? Optional.of(new DisplayMode(1920, 1080, 60)) : Optional.empty(), power);
    }

    /** Plugs the simulated display in or out. */
    public void plug(boolean plugged) {
        DisplayStatus now;
        synchronized (this) {
            if (connected == plugged) {
                return;
            }
            connected = plugged;
            now = status();
        }
        listeners.forEach(l -> l.displayChanged(now));
    }

    /** Whether {@link #switchToThisInput()} was called. */
    public synchronized boolean activeInput() {
        return activeInput;
    }

    /** The control calls so far, by method name, oldest first. */
    public synchronized List<String> requests() {
        return List.copyOf(requests);
    }

    @Override
    public void addListener(DisplayListener listener) {
        listeners.add(Objects.requireNonNull(listener, "display listener is null"));
    }

    @Override
    public void removeListener(DisplayListener listener) {
        listeners.remove(listener);
    }

    @Override
    public void close() {
        listeners.clear();
    }
}

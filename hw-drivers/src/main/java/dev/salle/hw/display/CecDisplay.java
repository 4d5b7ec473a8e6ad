package dev.salle.hw.display;

import dev.salle.hw.command.CommandResult;
import dev.salle.hw.command.CommandRunner;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The display over HDMI-CEC, through {@code cec-ctl} from v4l-utils, with hot-plug and mode read
 * from DRM sysfs.
 *
 * <p>Every command declares the device a playback device ({@code --playback}) and talks to the TV
 * (logical address 0); Active Source is a broadcast. Hot-plug is polled on the injected scheduler
 * every {@link CecDisplayConfig#hotPlugPoll()}, starting at construction; listeners run there.
 * The scheduler belongs to the caller.
 */
public final class CecDisplay implements Display {

    private static final Logger LOG = LoggerFactory.getLogger(CecDisplay.class);
    private static final Pattern PHYSICAL_ADDRESS =
            Pattern.compile("Physical Address\\s*:\\s*([0-9a-fA-F]\\.[0-9a-fA-F]\\.[0-9a-fA-F]\\.[0-9a-fA-F])");
    private static final Pattern POWER_STATE = Pattern.compile("pwr-state:\\s*([a-z-]+)");

    private final CecDisplayConfig config;
    private final CommandRunner runner;
    private final DrmConnectors connectors;
    private final Set<DisplayListener> listeners = new CopyOnWriteArraySet<>();
    private final ScheduledFuture<?> poller;
    private DisplayStatus last;
    private PowerState power = PowerState.UNKNOWN;

    public CecDisplay(CecDisplayConfig config, CommandRunner runner, ScheduledExecutorService scheduler) {
        this.config = Objects.requireNonNull(config, "config");
        this.runner = Objects.requireNonNull(runner, "runner");
        this.connectors = new DrmConnectors(config.drmRoot());
        this.last = connectors.read(PowerState.UNKNOWN);
        long period = config.hotPlugPoll().toNanos();
        this.poller = scheduler.scheduleWithFixedDelay(this::poll, period, period, TimeUnit.NANOSECONDS);
    }

    @Override
    public void powerOn() {
        send("wake the display", "--to", "0", "--image-view-on");
        remember(PowerState.ON);
    }

    @Override
    public void standby() {
        send("put the display to standby", "--to", "0", "--standby");
        remember(PowerState.STANDBY);
    }

    @Override
    public void switchToThisInput() {
        String address = physicalAddress();
        send("make this device the active source", "--to", "0", "--active-source", "phys-addr=" + address);
    }

    @Override
    public PowerState queryPower() {
        CommandResult result = send("ask the display for its power state", "--to", "0", "--give-device-power-status");
        Matcher m = POWER_STATE.matcher(result.stdout());
        PowerState state = PowerState.UNKNOWN;
        if (m.find()) {
            state = switch (m.group(1)) {
                case "on" -> PowerState.ON;
                case "standby" -> PowerState.STANDBY;
                case "to-on", "to-standby" -> PowerState.TRANSITIONING;
                default -> PowerState.UNKNOWN;
            };
        } else {
            LOG.info("display power status reply had no pwr-state; reporting UNKNOWN: {}", result.firstErrorLine());
        }
        remember(state);
        return state;
    }

    private synchronized void remember(PowerState state) {
        power = state;
    }

    @Override
    public DisplayStatus status() {
        PowerState known;
        synchronized (this) {
            known = power;
        }
        return connectors.read(known);
    }

    /** Our CEC physical address (e.g. {@code 1.0.0.0}), read from the adapter's status. */
    String physicalAddress() {
        CommandResult result = run(List.of("cec-ctl", "-d", config.cecDevice(), "--playback"), "read the CEC adapter status");
        Matcher m = PHYSICAL_ADDRESS.matcher(result.stdout());
        if (!m.find()) {
            throw new DisplayException("cec-ctl on " + config.cecDevice() + " printed no physical address ('"
                    + result.firstErrorLine() + "'); check that the adapter is the HDMI port the display is on");
        }
        String address = m.group(1).toLowerCase(Locale.ROOT);
        if (address.equals("f.f.f.f")) {
            throw new DisplayException("CEC adapter " + config.cecDevice() + " has no physical address (f.f.f.f): "
                    + "no display is connected on that HDMI port, or it does not do CEC");
        }
        return address;
    }

    private CommandResult send(String what, String... message) {
        List<String> command = new ArrayList<>(List.of("cec-ctl", "-d", config.cecDevice(), "--playback"));
        command.addAll(List.of(message));
        CommandResult result = run(command, what);
        String out = result.stdout();
        if (out.contains("Not Acknowledged") || out.contains("Timeout")) {
            throw new DisplayException("could not " + what + ": the display did not answer on CEC ("
                    + String.join(" ", command) + "); check it is on this HDMI port and CEC is enabled in its menu "
                    + "(Anynet+, Bravia Sync, SimpLink, EasyLink)");
        }
        return result;
    }

    private CommandResult run(List<String> command, String what) {
        CommandResult result;
        try {
            result = runner.run(command, config.commandTimeout());
        } catch (IOException e) {
            throw new DisplayException("could not " + what + ": " + e.getMessage()
                    + "; check that cec-ctl is installed (Debian package v4l-utils)", e);
        }
        if (!result.succeeded()) {
            throw new DisplayException("could not " + what + ": " + String.join(" ", command) + " exited with "
                    + result.exitCode() + " ('" + result.firstErrorLine() + "'); check that " + config.cecDevice()
                    + " exists and this user may open it");
        }
        return result;
    }

    private void poll() {
        try {
            DisplayStatus now = status();
            DisplayStatus before;
            synchronized (this) {
                before = last;
                last = now;
            }
            if (before.connected() != now.connected() || !before.mode().equals(now.mode())
                    || !before.connector().equals(now.connector())) {
                for (DisplayListener listener : listeners) {
                    listener.displayChanged(now);
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("display hot-plug check failed; trying again in {} ms", config.hotPlugPoll().toMillis(), e);
        }
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
        poller.cancel(false);
        listeners.clear();
    }
}

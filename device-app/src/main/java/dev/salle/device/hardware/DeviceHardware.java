package dev.salle.device.hardware;

import com.pi4j.Pi4J;
import com.pi4j.context.Context;
import dev.salle.device.config.DeviceConfig;
import dev.salle.hw.button.Button;
import dev.salle.hw.button.ButtonTiming;
import dev.salle.hw.button.Pi4jButton;
import dev.salle.hw.button.Pi4jButtonConfig;
import dev.salle.hw.button.SimulatedButton;
import dev.salle.hw.command.ProcessCommandRunner;
import dev.salle.hw.display.CecDisplay;
import dev.salle.hw.display.CecDisplayConfig;
import dev.salle.hw.display.Display;
import dev.salle.hw.display.DisplayStatus;
import dev.salle.hw.display.SimulatedDisplay;
import dev.salle.hw.led.Pi4jStatusLed;
import dev.salle.hw.led.RgbLedPins;
import dev.salle.hw.led.SimulatedStatusLed;
import dev.salle.hw.led.StatusLed;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The device's button and LED, and on a PC the simulated button that the device page and the
 * keyboard press. Owns what it opened (the Pi4J context); {@link #close()} releases it.
 */
public final class DeviceHardware implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DeviceHardware.class);

    private final Button button;
    private final StatusLed led;
    private final Display display;
    private final SimulatedButton simulatedButton;
    private final Context pi4j;

    private DeviceHardware(Button button, StatusLed led, Display display, SimulatedButton simulatedButton, Context pi4j) {
        this.button = button;
        this.led = led;
        this.display = display;
        this.simulatedButton = simulatedButton;
        this.pi4j = pi4j;
    }

    /** Chooses by {@code device.hardware}: {@code pi} or {@code simulated}. */
    public static DeviceHardware open(DeviceConfig config, Clock clock, ScheduledExecutorService scheduler) {
        DeviceConfig.Gpio gpio = config.gpio();
        ButtonTiming timing = new ButtonTiming(gpio.debounce(), gpio.longPress());
        if (config.identity().simulatedHardware()) {
            SimulatedButton button = new SimulatedButton(timing, clock, scheduler);
            log.info("hardware: simulated button and LED (device.hardware = simulated)");
            return new DeviceHardware(button, new SimulatedStatusLed(scheduler), new SimulatedDisplay(), button, null);
        }
        Context pi4j = Pi4J.newAutoContext();
        try {
            Button button = new Pi4jButton(pi4j, new Pi4jButtonConfig(gpio.buttonPin(), true, timing), clock, scheduler);
            StatusLed led = new Pi4jStatusLed(pi4j, new RgbLedPins(gpio.ledRed(), gpio.ledGreen(), gpio.ledBlue(), true), clock, scheduler);
            log.info("hardware: GPIO button on BCM {} and RGB LED on BCM {},{},{} (Pi4J)", gpio.buttonPin(),
                    gpio.ledRed(), gpio.ledGreen(), gpio.ledBlue());
            Display display = new CecDisplay(CecDisplayConfig.defaults(), new ProcessCommandRunner(), scheduler);
            return new DeviceHardware(button, led, display, null, pi4j);
        } catch (RuntimeException e) {
            pi4j.shutdown();
            throw new IllegalStateException("cannot open the GPIO button and LED (" + e.getMessage()
                    + "); check button.pin and led.pins, and that this is a Raspberry Pi, or set device.hardware = simulated", e);
        }
    }

    public Button button() {
        return button;
    }

    public StatusLed led() {
        return led;
    }

    public Display display() {
        return display;
    }

    /** The display's state for telemetry: connected (hot-plug), mode, power. Never blocks on CEC. */
    public Map<String, Object> telemetry() {
        DisplayStatus status = display.status();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("display", status.connected());
        status.mode().ifPresent(m -> out.put("displayMode", m.width() + "x" + m.height() + "@" + m.refreshHz()));
        out.put("displayPower", status.power().name().toLowerCase(java.util.Locale.ROOT));
        return out;
    }

    /** The button that software presses: present on a PC, empty on a Pi. */
    public Optional<SimulatedButton> simulatedButton() {
        return Optional.ofNullable(simulatedButton);
    }

    @Override
    public void close() {
        button.close();
        led.close();
        display.close();
        if (pi4j != null) {
            pi4j.shutdown();
        }
    }
}

package dev.salle.device;

import dev.salle.device.config.ConfigStore;
import dev.salle.device.config.DeviceConfig;
import dev.salle.device.enrol.FirstBoot;
import dev.salle.device.fleet.FleetTls;
import dev.salle.device.hardware.DeviceHardware;
import dev.salle.device.media.DeviceMedia;
import dev.salle.provisioning.device.DeviceIdentity;
import dev.salle.provisioning.device.DeviceIdentityStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Start-up with QR enrolment: when {@code provisioning.enabled} is set and the data folder holds
 * no identity, the device first runs {@link FirstBoot} (scanning screen, enrolment) and waits
 * there; then it takes its id, broker and, the first time, its room, site and meeting from the
 * identity, and starts the {@link DeviceApp} with mutual TLS to the fleet. Without provisioning it
 * starts the app at once, as before. One use: {@link #run()} once, {@link #close()} once.
 *
 * <p>Factory reset at boot: when the button is held as an enrolled device starts, and still held
 * when the long press fires ({@code button.long-press}, within {@link #RESET_WINDOW}), the identity
 * is wiped and the device scans again. A button not held at start costs the boot one debounce time.
 */
public final class DeviceBoot implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DeviceBoot.class);
    /** How long a button held at start may take to become a long press that resets the device. */
    public static final java.time.Duration RESET_WINDOW = java.time.Duration.ofSeconds(5);

    /** Opens the button and LED; {@code DeviceHardware::open} in production. */
    @FunctionalInterface
    public interface HardwareOpener {
        DeviceHardware open(DeviceConfig config, Clock clock, ScheduledExecutorService scheduler);
    }

    private final ConfigStore config;
    private final Function<DeviceConfig, DeviceMedia> mediaFactory;
    private final Supplier<Map<String, Object>> system;
    private final Runnable restart;
    private final Clock clock;
    private final HardwareOpener hardware;
    private volatile FirstBoot firstBoot;
    private volatile boolean closed;

    public DeviceBoot(ConfigStore config, Function<DeviceConfig, DeviceMedia> mediaFactory,
                      Supplier<Map<String, Object>> system, Runnable restart, Clock clock) {
        this(config, mediaFactory, system, restart, clock, DeviceHardware::open);
    }

    public DeviceBoot(ConfigStore config, Function<DeviceConfig, DeviceMedia> mediaFactory,
                      Supplier<Map<String, Object>> system, Runnable restart, Clock clock, HardwareOpener hardware) {
        this.hardware = hardware;
        this.config = config;
        this.mediaFactory = mediaFactory;
        this.system = system;
        this.restart = restart;
        this.clock = clock;
    }

    /**
     * Enrols first when needed (blocking until a good code was shown), then starts the app.
     *
     * @throws InterruptedException when stopped while waiting for a QR code
     */
    public DeviceApp run() throws InterruptedException {
        DeviceConfig initial = config.current();
        if (!initial.provisioning().enabled()) {
            return DeviceApp.start(config, mediaFactory, system, restart);
        }
        DeviceIdentityStore store = new DeviceIdentityStore(initial.provisioning().dataDir());
        Optional<DeviceIdentity> identity = load(store);
        if (identity.isPresent() && resetHeldAtBoot(initial)) {
            log.warn("factory reset: the button was held at start; wiping the identity of device {} in {}",
                    identity.get().deviceId(), store.folder());
            store.wipe();
            identity = Optional.empty();
        }
        boolean firstTime = identity.isEmpty();
        if (firstTime) {
            identity = Optional.of(enrol(initial));
        }
        DeviceIdentity id = identity.get();
        apply(id, firstTime);
        Runnable factoryReset = () -> {
            log.warn("factory reset: wiping the identity of device {} in {}", id.deviceId(), store.folder());
            store.wipe();
            restart.run();
        };
        return DeviceApp.start(config, mediaFactory, system, restart, factoryReset,
                Optional.of(new FleetTls(id.key(), id.chain(), id.ca())));
    }

    /** The first-boot stage while it runs (for the device page and tests). */
    public Optional<FirstBoot> firstBoot() {
        return Optional.ofNullable(firstBoot);
    }

    private Optional<DeviceIdentity> load(DeviceIdentityStore store) {
        try {
            return store.load();
        } catch (IllegalStateException e) {
            log.error("{}; wiping it and asking for a QR code again", e.getMessage());
            store.wipe();
            return Optional.empty();
        }
    }

    private DeviceIdentity enrol(DeviceConfig c) throws InterruptedException {
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "salle-first-boot");
            t.setDaemon(true);
            return t;
        });
        try (DeviceHardware hardware = this.hardware.open(c, clock, scheduler);
             DeviceMedia media = mediaFactory.apply(c)) {
            media.start();
            FirstBoot boot = new FirstBoot(c, media, hardware.led(), clock);
            firstBoot = boot;
            try {
                if (closed) {
                    throw new InterruptedException("stopped before enrolment");
                }
                return boot.start().get();
            } catch (ExecutionException e) {
                throw new IllegalStateException("first boot ended without an identity: " + e.getCause().getMessage(), e);
            } finally {
                boot.close();
                firstBoot = null;
            }
        } finally {
            scheduler.shutdownNow();
        }
    }

    /** Whether the button is held at start and stays held until the long press. */
    private boolean resetHeldAtBoot(DeviceConfig c) throws InterruptedException {
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "salle-boot-button");
            t.setDaemon(true);
            return t;
        });
        try (DeviceHardware hw = hardware.open(c, clock, scheduler)) {
            java.util.concurrent.CountDownLatch longPress = new java.util.concurrent.CountDownLatch(1);
            hw.button().addListener(event -> {
                if (event == dev.salle.hw.button.ButtonEvent.LONG_PRESS) {
                    longPress.countDown();
                }
            });
            Thread.sleep(c.gpio().debounce().toMillis() * 2 + 20);
            if (!hw.button().isPressed()) {
                return false;
            }
            log.warn("the button is held at start: keep holding it to erase this device's identity (factory reset)");
            hw.led().show(dev.salle.hw.led.LedState.ERROR);
            return longPress.await(RESET_WINDOW.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)
                    && hw.button().isPressed();
        } finally {
            scheduler.shutdownNow();
        }
    }

    private void apply(DeviceIdentity id, boolean firstTime) {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("device.id", id.deviceId());
        values.put("fleet.broker", id.broker().toString());
        values.put("fleet.topic-prefix", id.topicPrefix());
        if (firstTime) {
            values.put("device.room", id.room());
            values.put("device.site", id.site());
            id.meeting().ifPresent(m -> values.put("call.meeting", m));
        }
        try {
            config.applyEnrolment(values);
        } catch (IOException e) {
            throw new UncheckedIOException("could not save the enrolment settings: " + e.getMessage(), e);
        }
    }

    /** Stops a first boot that is waiting for a code. */
    @Override
    public void close() {
        closed = true;
        FirstBoot boot = firstBoot;
        if (boot != null) {
            boot.close();
        }
    }
}

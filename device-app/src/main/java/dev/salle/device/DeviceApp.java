package dev.salle.device;

import dev.salle.device.call.CallSnapshot;
import dev.salle.device.call.CallStateMachine;
import dev.salle.device.call.CallTiming;
import dev.salle.device.config.ConfigStore;
import dev.salle.device.config.DeviceConfig;
import dev.salle.device.fleet.DeviceDiagnostics;
import dev.salle.device.fleet.FleetAgent;
import dev.salle.device.logs.RecentLogAppender;
import dev.salle.device.fleet.FleetConfig;
import dev.salle.device.fleet.CommandError;
import dev.salle.device.fleet.CommandResult;
import dev.salle.device.fleet.FleetTls;
import dev.salle.device.update.UpdateService;
import dev.salle.provisioning.ca.MutualTls;
import dev.salle.device.fleet.PahoFleetLink;
import dev.salle.device.hardware.DeviceHardware;
import dev.salle.device.media.DeviceMedia;
import dev.salle.device.meeting.LiveKitRoomConnection;
import dev.salle.device.page.DevicePageServer;
import dev.salle.device.status.LedPolicy;
import dev.salle.device.status.ScreenText;
import dev.salle.device.status.StateLog;
import dev.salle.hw.button.ButtonEvent;
import dev.salle.hw.button.SimulatedButton;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The room device's composition root: builds every part from the configuration, wires them, and
 * owns them. {@link #close()} stops them in reverse order.
 */
public final class DeviceApp implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DeviceApp.class);

    private final ScheduledExecutorService scheduler;
    private final ScheduledExecutorService fleetExecutor;
    private final ConfigStore config;
    private final DeviceHardware hardware;
    private final DeviceMedia media;
    private final LiveKitRoomConnection meetings;
    private final CallStateMachine call;
    private final FleetAgent fleet;
    private final PahoFleetLink fleetLink;
    private final DevicePageServer page;
    private final Optional<UpdateService> updates;
    private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();

    private DeviceApp(ScheduledExecutorService scheduler, ScheduledExecutorService fleetExecutor, ConfigStore config, DeviceHardware hardware, DeviceMedia media,
                      LiveKitRoomConnection meetings, CallStateMachine call, FleetAgent fleet, PahoFleetLink fleetLink, DevicePageServer page,
                      Optional<UpdateService> updates) {
        this.scheduler = scheduler;
        this.fleetExecutor = fleetExecutor;
        this.config = config;
        this.hardware = hardware;
        this.media = media;
        this.meetings = meetings;
        this.call = call;
        this.fleet = fleet;
        this.fleetLink = fleetLink;
        this.page = page;
        this.updates = updates;
    }

    /**
     * Builds and starts the device.
     *
     * @param config the validated configuration and where changes are saved
     * @param mediaFactory makes the media from the configuration (GStreamer in production)
     * @param system supplies system telemetry (CPU, memory, temperature)
     * @param restart what the fleet's {@code restart} command does
     */
    public static DeviceApp start(ConfigStore config, Function<DeviceConfig, DeviceMedia> mediaFactory,
                                  Supplier<Map<String, Object>> system, Runnable restart) {
        return start(config, mediaFactory, system, restart, () -> {
            log.warn("factory reset asked, but this device was not enrolled by QR code: there is no identity to wipe;"
                    + " restarting");
            restart.run();
        });
    }

    /**
     * Builds and starts the device.
     *
     * @param factoryReset what the fleet's {@code factory-reset} command does: wipe the enrolled
     *     identity and restart into QR scanning
     */
    public static DeviceApp start(ConfigStore config, Function<DeviceConfig, DeviceMedia> mediaFactory,
                                  Supplier<Map<String, Object>> system, Runnable restart, Runnable factoryReset) {
        return start(config, mediaFactory, system, restart, factoryReset, Optional.empty());
    }

    /**
     * Builds and starts the device.
     *
     * @param factoryReset what the fleet's {@code factory-reset} command does
     * @param fleetTls the enrolled device's key and certificate, for a broker at {@code mqtts://}
     */
    public static DeviceApp start(ConfigStore config, Function<DeviceConfig, DeviceMedia> mediaFactory,
                                  Supplier<Map<String, Object>> system, Runnable restart, Runnable factoryReset,
                                  Optional<FleetTls> fleetTls) {
        Clock clock = Clock.systemUTC();
        ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2, daemonThreads("salle-device"));
        // the fleet agent wants one thread of its own: its state needs no locks that way
        ScheduledExecutorService fleetExecutor = Executors.newSingleThreadScheduledExecutor(daemonThreads("salle-fleet"));
        DeviceConfig initial = config.current();
        // on the OS image the version is the running slot's; on a PC, the build's
        String version = initial.updates().onImage()
                ? dev.salle.device.update.ImageLayout.standard(initial.updates().slotsDir()).runningVersion().orElse(Version.current())
                : Version.current();
        log.info("Salle device {} starting: id {}, room '{}'", version, initial.identity().deviceId(), initial.identity().room());

        DeviceHardware hardware = null;
        DeviceMedia media = null;
        LiveKitRoomConnection meetings = null;
        try {
            hardware = DeviceHardware.open(initial, clock, scheduler);
            media = mediaFactory.apply(initial);
            DeviceMedia m = media;
            java.util.concurrent.atomic.AtomicReference<FleetAgent> fleetRef = new java.util.concurrent.atomic.AtomicReference<>();
            meetings = new LiveKitRoomConnection(m.callMedia(), scheduler, clock, (name, fields) -> {
                log.info("call event {} {}", name, fields);
                FleetAgent f = fleetRef.get();
                if (f != null) {
                    f.publishEvent(name, fields);
                }
            }, version, () -> config.current().call().mediaPorts(), () -> config.current().call().turnTrust());
            CallStateMachine call = new CallStateMachine(new MeetingRouter(m::localTestConnection, meetings),
                    () -> timing(config.current()), () -> config.current().call().meeting(),
                    () -> config.current().identity().room(), clock, scheduler);

            StateLog stateLog = new StateLog(20);
            DeviceHardware hw = hardware;
            call.addListener(s -> {
                hw.led().show(LedPolicy.forCall(s));
                m.setCameraOff(s.cameraOff());
                m.showStatus(config.current().identity().room(), ScreenText.status(s));
                stateLog.record(s);
            });
            config.addListener(c -> m.showStatus(c.identity().room(), ScreenText.status(call.snapshot())));
            m.addFailureListener(message -> scheduler.execute(() -> call.fail(message, "media")));
            hardware.button().addListener(event -> {
                if (event == ButtonEvent.PRESS) {
                    call.buttonPressed();
                } else if (event == ButtonEvent.LONG_PRESS) {
                    call.buttonLongPressed();
                }
            });
            media.start();

            Optional<UpdateService> updates = UpdateService.fromConfig(initial,
                    fleetTls.map(t -> MutualTls.clientContext(t.key(), t.chain(), t.brokerCa())), version,
                    () -> call.snapshot().state() == dev.salle.device.call.CallState.IDLE, restart, (step, details) -> {
                        log.info("update {} {}", step, details);
                        FleetAgent f = fleetRef.get();
                        if (f != null) {
                            f.publishEvent("update", details);
                        }
                    }, clock);
            FleetAgent fleet = null;
            PahoFleetLink link = null;
            if (initial.fleet().enabled()) {
                Supplier<Map<String, Object>> systemAndHardware = () -> {
                    Map<String, Object> t = new java.util.LinkedHashMap<>(system.get());
                    t.putAll(hw.telemetry());
                    return t;
                };
                FleetBinding binding = new FleetBinding(config, call, hardware.led(), media, systemAndHardware, restart,
                        factoryReset, url -> updates.map(u -> u.request(url)).orElse(CommandResult.failed(CommandError.FAILED,
                                "updates are off on this device: update.trust-anchors names no release key")), version,
                        meetings::quality);
                FleetConfig fc = new FleetConfig(URI.create(initial.fleet().broker()), initial.identity().deviceId(),
                        initial.fleet().topicPrefix(), initial.fleet().telemetryInterval(), initial.fleet().outboxCapacity(),
                        FleetConfig.DEFAULT_KEEP_ALIVE);
                link = new PahoFleetLink(fc, fleetTls, fleetExecutor, RandomGenerator.getDefault());
                // the screen the local page shows, and the log lines logback-device.xml keeps in memory
                DeviceDiagnostics diagnostics = new DeviceDiagnostics(Optional.of(m::screenSnapshotJpeg),
                        RecentLogAppender.installed().<dev.salle.device.fleet.RecentLogs>map(buffer -> buffer::newest));
                fleet = new FleetAgent(fc, link, binding, binding, diagnostics, clock, fleetExecutor);
                FleetAgent f = fleet;
                fleetRef.set(f);
                call.addListener(s -> f.publishState());
                m.addFailureListener(message -> f.publishEvent("pipeline-error", Map.of("message", message)));
                fleet.start();
            }

            DevicePageServer page = null;
            if (initial.page().enabled()) {
                PahoFleetLink l = link;
                LiveKitRoomConnection mt = meetings;
                Runnable press = hardware.simulatedButton().<Runnable>map(b -> b::press).orElse(call::buttonPressed);
                Runnable longPress = hardware.simulatedButton().<Runnable>map(b -> b::longPress).orElse(call::buttonLongPressed);
                page = new DevicePageServer(initial.page().bind(), initial.page().port(),
                        new DevicePage(config::current, call, hardware.led(), media, stateLog,
                                () -> l != null && l.isConnected(),
                                () -> hw.simulatedButton().map(SimulatedButton::isPressed).orElse(false), press, longPress, version,
                                () -> mt.stats().orElse(Map.of())));
                page.start();
            }
            PahoFleetLink trialLink = link;
            DeviceTrialHealth trialHealth = new DeviceTrialHealth(() -> trialLink == null || trialLink.isConnected(), m);
            updates.ifPresent(u -> u.checkTrial(trialHealth, initial.updates().healthTimeout()));
            return new DeviceApp(scheduler, fleetExecutor, config, hardware, media, meetings, call, fleet, link, page, updates);
        } catch (RuntimeException e) {
            if (meetings != null) {
                meetings.close();
            }
            if (media != null) {
                media.close();
            }
            if (hardware != null) {
                hardware.close();
            }
            scheduler.shutdownNow();
            fleetExecutor.shutdownNow();
            throw e;
        }
    }

    private static CallTiming timing(DeviceConfig c) {
        return new CallTiming(c.call().joinTimeout(), c.call().leaveTimeout(), c.call().errorHold());
    }

    /** The device page's address, when it is served. */
    public Optional<URI> pageUri() {
        return Optional.ofNullable(page).map(DevicePageServer::uri);
    }

    public CallSnapshot callState() {
        return call.snapshot();
    }

    public CallStateMachine call() {
        return call;
    }

    public DeviceMedia media() {
        return media;
    }

    public DeviceHardware hardware() {
        return hardware;
    }

    public ConfigStore config() {
        return config;
    }

    /** Whether the fleet link is connected now. */
    public boolean fleetConnected() {
        return fleetLink != null && fleetLink.isConnected();
    }

    /**
     * Whether the device's scheduler (which runs the call, the button and the screen) runs a task
     * within {@code within}: what the systemd watchdog's ping is conditioned on.
     */
    public boolean responsive(Duration within) {
        try {
            scheduler.submit(() -> { }).get(within.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException
                 | java.util.concurrent.RejectedExecutionException e) {
            return false;
        }
    }

    /** Stops everything: the page, the fleet link (publishing offline), the call, the media, the hardware. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        log.info("Salle device stopping");
        updates.ifPresent(UpdateService::close);
        if (page != null) {
            page.close();
        }
        if (fleet != null) {
            fleet.close();
        }
        call.leave("shutdown");
        meetings.close();
        media.close();
        hardware.close();
        scheduler.shutdownNow();
        fleetExecutor.shutdownNow();
        try {
            scheduler.awaitTermination(2, TimeUnit.SECONDS);
            fleetExecutor.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        log.info("Salle device stopped");
    }

    static ThreadFactory daemonThreads(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}

package dev.salle.device;

import dev.salle.settings.ConfigException;
import dev.salle.device.config.ConfigStore;
import dev.salle.device.config.DeviceConfig;
import dev.salle.device.fleet.SystemTelemetry;
import dev.salle.device.media.GstDeviceMedia;
import dev.salle.device.update.RebootRequest;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code salle-device}: the room device's entry point on the image (a systemd service).
 *
 * <p>Exit codes: 0 after a clean stop, 2 for a configuration error (the message names the key),
 * 1 when start-up failed otherwise, 75 when the fleet asked for a restart (systemd restarts it),
 * 76 when the machine must reboot: on the OS image, an update went into the other GRUB slot, or a
 * new slot failed its health check (the unit's privileged {@code ExecStopPost} reboots;
 * docs/image.md), 77 when it must reboot with the Raspberry Pi firmware's tryboot flag: an update
 * went into the other Pi slot (the unit runs {@code systemctl reboot "0 tryboot"}; docs/updates.md).
 * {@link RebootRequest} says which.
 *
 * <p>Under systemd ({@code Type=notify}) it says {@code READY=1} once the config is loaded and the
 * start under way (first-boot enrolment may then wait long for a QR code), and pings the unit's
 * watchdog at half its period while the app's scheduler still runs tasks.
 */
@Command(name = "salle-device", mixinStandardHelpOptions = true,
        description = "Runs the Salle room device: camera, microphone, screen, button, LED and fleet link.")
public final class DeviceMain implements Callable<Integer> {

    static final int EXIT_CONFIG = 2;
    static final int EXIT_RESTART = 75;

    @Option(names = "--config", paramLabel = "FILE", required = true,
            description = "The device's config file (keys: docs/configuration.md).")
    Path configFile;

    public static void main(String[] args) {
        if (System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", "logback-device.xml");
        }
        System.exit(new CommandLine(new DeviceMain()).execute(args));
    }

    @Override
    public Integer call() throws InterruptedException {
        String host = hostName();
        ConfigStore store;
        try {
            store = new ConfigStore(DeviceConfig.load(configFile, host), Optional.of(configFile), host);
        } catch (ConfigException e) {
            System.err.println("salle-device: " + e.getMessage());
            return EXIT_CONFIG;
        }
        SystemdNotifier systemd = SystemdNotifier.fromEnvironment();
        systemd.notify("READY=1\nSTATUS=starting");
        java.util.concurrent.atomic.AtomicReference<DeviceApp> running = new java.util.concurrent.atomic.AtomicReference<>();
        systemd.watchdogInterval().ifPresent(every -> {
            Thread pinger = new Thread(() -> {
                while (!Thread.currentThread().isInterrupted()) {
                    DeviceApp a = running.get();
                    if (a == null || a.responsive(java.time.Duration.ofSeconds(5))) {
                        systemd.notify("WATCHDOG=1");
                    }
                    try {
                        Thread.sleep(every.toMillis());
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "salle-device-watchdog");
            pinger.setDaemon(true);
            pinger.start();
        });
        CountDownLatch stop = new CountDownLatch(1);
        int[] exit = {0};
        DeviceBoot boot = new DeviceBoot(store, GstDeviceMedia::new, SystemTelemetry.ofThisMachine()::read, () -> {
            exit[0] = EXIT_RESTART;
            stop.countDown();
        }, Clock.systemUTC());
        Thread stopFirstBoot = new Thread(boot::close, "salle-device-stop-first-boot");
        Runtime.getRuntime().addShutdownHook(stopFirstBoot);
        DeviceApp app = boot.run();
        running.set(app);
        systemd.notify("STATUS=running");
        Runtime.getRuntime().removeShutdownHook(stopFirstBoot);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stop.countDown();
            app.close();
        }, "salle-device-shutdown"));
        stop.await();
        if (exit[0] == EXIT_RESTART) {
            systemd.notify("STOPPING=1\nSTATUS=" + (RebootRequest.requested() ? "rebooting" : "restarting"));
            app.close();
            if (RebootRequest.requested()) {
                return RebootRequest.kind().orElseThrow().exitCode();
            }
        }
        return exit[0];
    }

    static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "device";
        }
    }
}

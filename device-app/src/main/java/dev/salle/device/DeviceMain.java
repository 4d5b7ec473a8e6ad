package dev.salle.device;

import dev.salle.settings.ConfigException;
import dev.salle.device.config.ConfigStore;
import dev.salle.device.config.DeviceConfig;
import dev.salle.device.fleet.SystemTelemetry;
import dev.salle.device.media.GstDeviceMedia;
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
 * 1 when start-up failed otherwise, 75 when the fleet asked for a restart (systemd restarts it).
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
        CountDownLatch stop = new CountDownLatch(1);
        int[] exit = {0};
        DeviceBoot boot = new DeviceBoot(store, GstDeviceMedia::new, SystemTelemetry.ofThisMachine()::read, () -> {
            exit[0] = EXIT_RESTART;
            stop.countDown();
        }, Clock.systemUTC());
        Thread stopFirstBoot = new Thread(boot::close, "salle-device-stop-first-boot");
        Runtime.getRuntime().addShutdownHook(stopFirstBoot);
        DeviceApp app = boot.run();
        Runtime.getRuntime().removeShutdownHook(stopFirstBoot);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stop.countDown();
            app.close();
        }, "salle-device-shutdown"));
        stop.await();
        if (exit[0] == EXIT_RESTART) {
            app.close();
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

package dev.salle.simulator;

import dev.salle.provisioning.ca.DeviceCa;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./salle simulate}: many simulated rooms against a fleet's broker, for trying the fleet
 * manager at scale. Each room gets its own certificate from the device CA of a provisioning
 * folder, so this needs that CA's key: it is a tool for a test bench, never for a real fleet's CA.
 */
@Command(name = "simulate", mixinStandardHelpOptions = true,
        description = "Run simulated rooms (the device's real fleet agent, no media) against a fleet broker.")
public final class SimulatorMain implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--broker", defaultValue = "mqtts://127.0.0.1:8883", description = "The broker (default ${DEFAULT-VALUE}).")
    String broker;

    @Option(names = "--provisioning", required = true, paramLabel = "DIR",
            description = "The provisioning folder whose CA issues the rooms' certificates (a test bench's, not a real fleet's).")
    Path provisioning;

    @Option(names = "--devices", defaultValue = "100", description = "How many rooms (default ${DEFAULT-VALUE}).")
    int devices;

    @Option(names = "--sites", defaultValue = "10", description = "Spread over this many sites (default ${DEFAULT-VALUE}).")
    int sites;

    @Option(names = "--id-prefix", defaultValue = "sim-", description = "Device ids are this and a number (default ${DEFAULT-VALUE}).")
    String prefix;

    @Option(names = "--version", defaultValue = "1.4.0", description = "The version they run (default ${DEFAULT-VALUE}).")
    String version;

    @Option(names = "--telemetry", defaultValue = "30", description = "Seconds between telemetry messages (default ${DEFAULT-VALUE}).")
    int telemetrySeconds;

    @Option(names = "--fail-health", defaultValue = "0", description = "Percent of rooms whose updates fail the health check (default ${DEFAULT-VALUE}).")
    double failPercent;

    @Option(names = "--unhealthy", defaultValue = "0",
            description = "Percent of rooms that report a broken part: camera, microphone, display, network link in turn (default ${DEFAULT-VALUE}).")
    double unhealthyPercent;

    @Option(names = "--poor-call", defaultValue = "0",
            description = "Percent of rooms that sit in a call of poor quality; their updates wait for a leave, as a device's do (default ${DEFAULT-VALUE}).")
    double poorCallPercent;

    @Option(names = "--step-delay-ms", defaultValue = "50",
            description = "How long each update step takes, download included, in ms; a long one is a slow download (default ${DEFAULT-VALUE}).")
    long stepDelayMillis;

    @Option(names = "--rate", defaultValue = "500", description = "Rooms started per second (default ${DEFAULT-VALUE}).")
    int rate;

    public static void main(String[] args) {
        System.exit(new CommandLine(new SimulatorMain()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        var percentages = new java.util.LinkedHashMap<String, Double>();
        percentages.put("--fail-health", failPercent);
        percentages.put("--unhealthy", unhealthyPercent);
        percentages.put("--poor-call", poorCallPercent);
        for (var p : percentages.entrySet()) {
            if (!(p.getValue() >= 0 && p.getValue() <= 100)) {
                err.printf("simulate: %s is a percentage, 0-100, not %s%n", p.getKey(), p.getValue());
                return 2;
            }
        }
        if (stepDelayMillis < 0 || stepDelayMillis > Duration.ofMinutes(5).toMillis()) {
            err.printf("simulate: --step-delay-ms must be 0-300000, not %d%n", stepDelayMillis);
            return 2;
        }
        DeviceSimulator.Settings settings;
        try {
            settings = new DeviceSimulator.Settings(broker, devices, prefix, sites, version, Duration.ofSeconds(telemetrySeconds),
                    failPercent / 100, Duration.ofMillis(stepDelayMillis), rate, unhealthyPercent / 100, poorCallPercent / 100);
        } catch (IllegalArgumentException e) {
            err.println("simulate: " + e.getMessage());
            return 2;
        }
        DeviceCa ca = DeviceCa.open(provisioning.resolve("ca"), Clock.systemUTC());
        DeviceSimulator sim = DeviceSimulator.start(settings, ca, ca.certificate(), Clock.systemUTC(),
                n -> out.printf("simulator: %d/%d rooms started%n", n, devices).flush());
        CountDownLatch stop = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            sim.close();
            stop.countDown();
        }, "simulator-stop"));
        while (!stop.await(5, java.util.concurrent.TimeUnit.SECONDS)) {
            out.printf("simulator: %d/%d connected, %d configuration changes accepted%n", sim.connected(), devices,
                    sim.configured()).flush();
        }
        return 0;
    }
}

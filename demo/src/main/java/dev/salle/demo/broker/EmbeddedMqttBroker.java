package dev.salle.demo.broker;

import com.hivemq.embedded.EmbeddedHiveMQ;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * HiveMQ CE running in this JVM, listening on {@code 127.0.0.1} only.
 *
 * <p>With a data folder the broker keeps sessions and retained messages there (file persistence);
 * without one it runs in memory with a temporary folder that {@link #close()} deletes. HiveMQ's
 * own logging bootstrap is off: logs go through the application's SLF4J backend.
 *
 * <p>HiveMQ CE 2025.5 needed no {@code --add-opens} flags on Temurin 25 (checked with in-memory and
 * file persistence); the demo runs it with the same flags as the tests
 * ({@code --enable-native-access=ALL-UNNAMED}). Not thread-safe: start and close from one thread.
 */
public final class EmbeddedMqttBroker implements AutoCloseable {

    /** The standard MQTT port. */
    public static final int DEFAULT_PORT = 1883;

    private static final Logger log = LoggerFactory.getLogger(EmbeddedMqttBroker.class);
    private static final long START_STOP_TIMEOUT_SECONDS = 60;

    private final int port;
    private final Path home;
    private final boolean ownsHome;
    private final EmbeddedHiveMQ hivemq;
    private boolean closed;

    private EmbeddedMqttBroker(int port, Path home, boolean ownsHome, EmbeddedHiveMQ hivemq) {
        this.port = port;
        this.home = home;
        this.ownsHome = ownsHome;
        this.hivemq = hivemq;
    }

    /** Starts on the given loopback port, in memory. */
    public static EmbeddedMqttBroker start(int port) {
        return start(port, Optional.empty());
    }

    /**
     * Starts on {@code 127.0.0.1:port} and waits until it listens.
     *
     * @param port 1-65535
     * @param dataFolder where to persist sessions and retained messages; empty for in memory
     */
    public static EmbeddedMqttBroker start(int port, Optional<Path> dataFolder) {
        if (port < 1 || port > 65_535) {
            throw new IllegalArgumentException("broker port " + port + " is not allowed: use 1-65535 (default "
                    + DEFAULT_PORT + ")");
        }
        Path home;
        try {
            home = dataFolder.isPresent() ? dataFolder.get().toAbsolutePath() : Files.createTempDirectory("salle-hivemq-");
            Files.createDirectories(home.resolve("conf"));
            Files.createDirectories(home.resolve("data"));
            Files.createDirectories(home.resolve("extensions"));
            Files.writeString(home.resolve("conf/config.xml"), config(port, dataFolder.isPresent()), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the embedded broker's folder "
                    + dataFolder.map(Path::toString).orElse("(temporary)") + ": " + e.getMessage(), e);
        }
        EmbeddedHiveMQ hivemq = EmbeddedHiveMQ.builder()
                .withConfigurationFolder(home.resolve("conf"))
                .withDataFolder(home.resolve("data"))
                .withExtensionsFolder(home.resolve("extensions"))
                .withoutLoggingBootstrap()
                .build();
        EmbeddedMqttBroker broker = new EmbeddedMqttBroker(port, home, dataFolder.isEmpty(), hivemq);
        try {
            hivemq.start().get(START_STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException | InterruptedException e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            broker.close();
            throw new IllegalStateException("embedded MQTT broker did not start on 127.0.0.1:" + port + ": "
                    + e.getMessage() + "; check that the port is free and the folder writable", e);
        }
        log.info("Embedded MQTT broker listening on 127.0.0.1:{}", port);
        return broker;
    }

    public int port() {
        return port;
    }

    /** {@code tcp://127.0.0.1:PORT}. */
    public String uri() {
        return "tcp://127.0.0.1:" + port;
    }

    /** Stops the broker (its threads end) and deletes a temporary folder. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            hivemq.stop().get(START_STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            hivemq.close();
        } catch (ExecutionException | TimeoutException e) {
            log.warn("Embedded MQTT broker on port {} did not stop cleanly: {}", port, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (ownsHome) {
            try (Stream<Path> files = Files.walk(home)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                log.debug("Temporary broker folder {} left behind: {}", home, e.getMessage());
            }
        }
    }

    private static String config(int port, boolean persistent) {
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <hivemq>
                    <listeners>
                        <tcp-listener>
                            <port>%d</port>
                            <bind-address>127.0.0.1</bind-address>
                        </tcp-listener>
                    </listeners>
                    <persistence>
                        <mode>%s</mode>
                    </persistence>
                    <anonymous-usage-statistics>
                        <enabled>false</enabled>
                    </anonymous-usage-statistics>
                </hivemq>
                """.formatted(port, persistent ? "file" : "in-memory");
    }
}

package dev.salle.broker;

import com.hivemq.embedded.EmbeddedExtension;
import com.hivemq.embedded.EmbeddedHiveMQ;
import dev.salle.provisioning.ca.IssuedIdentity;
import dev.salle.provisioning.ca.SecretFiles;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.Set;
import java.util.function.Supplier;
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
 * HiveMQ CE running in this JVM, listening on {@code 127.0.0.1} (with mutual TLS, on the address
 * {@link MutualTls#bindAddress()} names).
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
    /**
     * Messages the broker holds for one client that cannot take them yet (HiveMQ's default is
     * 1,000, then it discards). The fleet manager is one client that receives every device's
     * state, events and replies: with thousands of rooms updating at once, 1,000 was passed and
     * update events were lost (bench/fleet-scale.sh). Devices get a few messages each.
     */
    static final int MAX_QUEUED_PER_CLIENT = 200_000;

    private final int port;
    private final boolean tls;
    private final Path home;
    private final boolean ownsHome;
    private final EmbeddedHiveMQ hivemq;
    private boolean closed;

    private EmbeddedMqttBroker(int port, boolean tls, Path home, boolean ownsHome, EmbeddedHiveMQ hivemq) {
        this.port = port;
        this.tls = tls;
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
        return start(port, dataFolder, Optional.empty());
    }

    /**
     * What the broker needs for mutual TLS: its own key and chain, the device CA (the only issuer
     * of client certificates it accepts), the topic prefix, the fleet manager's client id, and the
     * serial numbers of revoked certificates (asked at every connect).
     */
    public record MutualTls(IssuedIdentity server, X509Certificate deviceCa, String topicPrefix, String fleetClientId,
                            Supplier<Set<BigInteger>> revokedSerials, String bindAddress) {

        private static final java.util.regex.Pattern IP = java.util.regex.Pattern.compile("[0-9a-fA-F:.]{2,45}");

        public MutualTls {
            if (bindAddress == null || !IP.matcher(bindAddress).matches()) {
                throw new IllegalArgumentException("the broker's bind address must be an IP address such as 127.0.0.1 or"
                        + " 0.0.0.0, not '" + bindAddress + "'");
            }
        }

        /** Listening on loopback only. */
        public MutualTls(IssuedIdentity server, X509Certificate deviceCa, String topicPrefix, String fleetClientId,
                         Supplier<Set<BigInteger>> revokedSerials) {
            this(server, deviceCa, topicPrefix, fleetClientId, revokedSerials, "127.0.0.1");
        }
    }

    /**
     * Starts on {@code 127.0.0.1:port} with a TLS listener that requires a client certificate from
     * the device CA, and the per-device topic rules of {@link CertificateAuthenticator}. There is
     * no plain listener.
     */
    public static EmbeddedMqttBroker startMutualTls(int port, Optional<Path> dataFolder, MutualTls tls) {
        return start(port, dataFolder, Optional.of(tls));
    }

    private static EmbeddedMqttBroker start(int port, Optional<Path> dataFolder, Optional<MutualTls> tls) {
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
            String listener = tls.isPresent() ? tlsListener(port, home.resolve("conf"), tls.get()) : plainListener(port);
            Files.writeString(home.resolve("conf/config.xml"), config(listener, dataFolder.isPresent()), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the embedded broker's folder "
                    + dataFolder.map(Path::toString).orElse("(temporary)") + ": " + e.getMessage(), e);
        }
        var builder = EmbeddedHiveMQ.builder()
                .withConfigurationFolder(home.resolve("conf"))
                .withDataFolder(home.resolve("data"))
                .withExtensionsFolder(home.resolve("extensions"))
                .withoutLoggingBootstrap();
        tls.ifPresent(t -> builder.withEmbeddedExtension(EmbeddedExtension.builder()
                .withId("salle-device-access").withName("Salle per-device access").withVersion("1")
                .withPriority(1000).withStartPriority(1000)
                .withExtensionMain(new AccessExtension(new CertificateAuthenticator(t.topicPrefix(), t.fleetClientId(),
                        t.revokedSerials())))
                .build()));
        EmbeddedHiveMQ hivemq = builder.build();
        EmbeddedMqttBroker broker = new EmbeddedMqttBroker(port, tls.isPresent(), home, dataFolder.isEmpty(), hivemq);
        try {
            hivemq.start().get(START_STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException | InterruptedException e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            broker.close();
            throw new IllegalStateException("embedded MQTT broker did not start on " + tls.map(MutualTls::bindAddress).orElse("127.0.0.1")
                    + ":" + port + ": "
                    + e.getMessage() + "; check that the port is free and the folder writable", e);
        }
        log.info("Embedded MQTT broker listening on {}:{}{}", tls.map(MutualTls::bindAddress).orElse("127.0.0.1"), port,
                tls.isPresent() ? " (mutual TLS)" : "");
        return broker;
    }

    public int port() {
        return port;
    }

    /** {@code tcp://127.0.0.1:PORT}, or {@code ssl://127.0.0.1:PORT} (Paho's spelling) with mutual TLS. */
    public String uri() {
        return (tls ? "ssl" : "tcp") + "://127.0.0.1:" + port;
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

    private static String plainListener(int port) {
        return """
                        <tcp-listener>
                            <port>%d</port>
                            <bind-address>127.0.0.1</bind-address>
                        </tcp-listener>
                """.formatted(port);
    }

    /** Writes the key and trust stores (PKCS#12, a random password, 0600 from creation) and returns the listener. */
    private static String tlsListener(int port, Path conf, MutualTls tls) throws IOException {
        String password = HexFormat.of().formatHex(new SecureRandom().generateSeed(16));
        try {
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("device-ca", tls.deviceCa());
            store(tls.server().keyStore("broker", password.toCharArray()), conf.resolve("broker.p12"), password);
            store(trust, conf.resolve("trust.p12"), password);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("could not write the broker's key stores: " + e.getMessage(), e);
        }
        return """
                        <tls-tcp-listener>
                            <port>%d</port>
                            <bind-address>%s</bind-address>
                            <tls>
                                <keystore>
                                    <path>%s</path>
                                    <password>%s</password>
                                    <private-key-password>%s</private-key-password>
                                </keystore>
                                <truststore>
                                    <path>%s</path>
                                    <password>%s</password>
                                </truststore>
                                <client-authentication-mode>REQUIRED</client-authentication-mode>
                                <protocols>
                                    <protocol>TLSv1.3</protocol>
                                    <protocol>TLSv1.2</protocol>
                                </protocols>
                            </tls>
                        </tls-tcp-listener>
                """.formatted(port, tls.bindAddress(), conf.resolve("broker.p12"), password, password, conf.resolve("trust.p12"),
                        password);
    }

    private static void store(KeyStore store, Path file, String password) throws IOException, GeneralSecurityException {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        store.store(bytes, password.toCharArray());
        SecretFiles.writeSecret(file, bytes.toByteArray());
    }

    private static String config(String listener, boolean persistent) {
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <hivemq>
                    <listeners>
                %s
                    </listeners>
                    <mqtt>
                        <queued-messages>
                            <max-queue-size>%d</max-queue-size>
                            <strategy>discard-oldest</strategy>
                        </queued-messages>
                    </mqtt>
                    <persistence>
                        <mode>%s</mode>
                    </persistence>
                    <anonymous-usage-statistics>
                        <enabled>false</enabled>
                    </anonymous-usage-statistics>
                </hivemq>
                """.formatted(listener, MAX_QUEUED_PER_CLIENT, persistent ? "file" : "in-memory");
    }
}

package dev.salle.device.fleet;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.random.RandomGenerator;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link FleetLink} over an Eclipse Paho MQTT 5 asynchronous client.
 *
 * <p>Clean start with session expiry 0 (commands queued while offline are not delivered), keepalive
 * from {@link FleetConfig#keepAlive()}, the will set on every connect, a 256 KiB maximum packet size
 * (the broker drops larger messages rather than send them), Paho's automatic reconnect off: reconnects are scheduled on the given scheduler with a {@link ReconnectBackoff}. Listener
 * calls come from the scheduler ({@code connected}, {@code connectionLost}) and from Paho's
 * callback thread ({@code messageArrived}).
 */
public final class PahoFleetLink implements FleetLink {

    private static final Logger log = LoggerFactory.getLogger(PahoFleetLink.class);
    private static final Duration OPERATION_TIMEOUT = Duration.ofSeconds(10);
    /** The broker drops larger messages instead of sending them; 64 KiB to this get an "oversized" reply. */
    static final long MAX_INBOUND_PACKET_BYTES = 256 * 1024;

    private final FleetConfig config;
    private final ScheduledExecutorService scheduler;
    private final ReconnectBackoff backoff;
    private final MqttAsyncClient client;
    private final Optional<FleetTls> tls;
    private final AtomicBoolean started = new AtomicBoolean();
    private volatile boolean closed;
    private volatile boolean connected;
    private volatile Listener listener;
    private OutboundMessage will;
    private ScheduledFuture<?> pendingAttempt;
    private boolean attemptInFlight;
    private long connections;

    /**
     * @param config broker, client id (= device id) and keepalive
     * @param scheduler runs connect attempts and listener calls; not shut down by {@link #close}
     * @param random jitter source for the reconnect backoff
     */
    public PahoFleetLink(FleetConfig config, ScheduledExecutorService scheduler, RandomGenerator random) {
        this(config, Optional.empty(), scheduler, ReconnectBackoff.standard(random));
    }

    /**
     * @param tls the device's certificate and the broker's CA; required for {@code mqtts://}
     */
    public PahoFleetLink(FleetConfig config, Optional<FleetTls> tls, ScheduledExecutorService scheduler,
                         RandomGenerator random) {
        this(config, tls, scheduler, ReconnectBackoff.standard(random));
    }

    public PahoFleetLink(FleetConfig config, ScheduledExecutorService scheduler, ReconnectBackoff backoff) {
        this(config, Optional.empty(), scheduler, backoff);
    }

    public PahoFleetLink(FleetConfig config, Optional<FleetTls> tls, ScheduledExecutorService scheduler,
                         ReconnectBackoff backoff) {
        this(config, tls, scheduler, backoff, Optional.empty());
    }

    /**
     * @param pahoThreads where Paho runs its reader, writer and callback loops and its keepalive
     *     pings; empty for Paho's own threads (four per connection). A simulator of many devices
     *     gives an executor of virtual threads. Not shut down by {@link #close}.
     */
    public PahoFleetLink(FleetConfig config, Optional<FleetTls> tls, ScheduledExecutorService scheduler,
                         ReconnectBackoff backoff, Optional<ScheduledExecutorService> pahoThreads) {
        this.config = Objects.requireNonNull(config, "config");
        this.tls = Objects.requireNonNull(tls, "tls");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.backoff = Objects.requireNonNull(backoff, "backoff");
        if (config.tls() && tls.isEmpty()) {
            throw new IllegalArgumentException("broker " + config.brokerUri() + " needs mutual TLS, but device "
                    + config.deviceId() + " has no enrolled certificate: enrol it by QR code (provisioning.enabled)");
        }
        if (!config.tls() && tls.isPresent()) {
            throw new IllegalArgumentException("broker " + config.brokerUri() + " is plain tcp://, but the device has a"
                    + " certificate for mutual TLS: use mqtts://");
        }
        try {
            this.client = pahoThreads.isPresent()
                    ? new MqttAsyncClient(config.pahoUri(), config.deviceId(), new MemoryPersistence(),
                            new org.eclipse.paho.mqttv5.client.TimerPingSender(pahoThreads.get()), pahoThreads.get())
                    : new MqttAsyncClient(config.pahoUri(), config.deviceId(), new MemoryPersistence());
        } catch (MqttException e) {
            throw new IllegalArgumentException("cannot create an MQTT client for broker " + config.brokerUri()
                    + " and client id " + config.deviceId() + ": " + e.getMessage(), e);
        }
        client.setCallback(new Callback());
    }

    @Override
    public void start(OutboundMessage willMessage, Listener newListener) {
        if (!started.compareAndSet(false, true)) {
            throw new IllegalStateException("PahoFleetLink for " + config.deviceId() + " was already started");
        }
        this.will = Objects.requireNonNull(willMessage, "will");
        this.listener = Objects.requireNonNull(newListener, "listener");
        scheduler.execute(this::attempt);
    }

    @Override
    public boolean isConnected() {
        return connected && client.isConnected();
    }

    @Override
    public void publish(OutboundMessage message) throws FleetLinkException {
        if (!isConnected()) {
            throw new FleetLinkException("cannot publish to " + message.topic() + ": not connected to "
                    + config.brokerUri() + " (the link is reconnecting)");
        }
        try {
            IMqttToken token = client.publish(message.topic(), toPaho(message));
            token.waitForCompletion(OPERATION_TIMEOUT.toMillis());
        } catch (MqttException e) {
            throw new FleetLinkException("publish to " + message.topic() + " on " + config.brokerUri()
                    + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void subscribe(String topicFilter, int qos) throws FleetLinkException {
        try {
            IMqttToken token = client.subscribe(new MqttSubscription[] {new MqttSubscription(topicFilter, qos)},
                    null, null, new MqttProperties());
            token.waitForCompletion(OPERATION_TIMEOUT.toMillis());
            int[] codes = token.getReasonCodes();
            if (codes != null && codes.length > 0 && codes[0] >= 0x80) {
                throw new FleetLinkException("broker " + config.brokerUri() + " refused subscription to "
                        + topicFilter + " with reason code 0x" + Integer.toHexString(codes[0])
                        + ": check the broker's ACL for device " + config.deviceId());
            }
        } catch (MqttException e) {
            throw new FleetLinkException("subscribe to " + topicFilter + " on " + config.brokerUri()
                    + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        connected = false;
        try {
            scheduler.execute(() -> {
                if (pendingAttempt != null) {
                    pendingAttempt.cancel(false);
                }
            });
        } catch (RejectedExecutionException e) {
            // the scheduler is already shut down: no attempt can run
        }
        try {
            if (client.isConnected()) {
                client.disconnect(OPERATION_TIMEOUT.toMillis()).waitForCompletion(OPERATION_TIMEOUT.toMillis());
            }
        } catch (MqttException e) {
            log.warn("Clean disconnect from {} failed ({}); closing the socket", config.brokerUri(), e.getMessage());
        }
        try {
            client.disconnectForcibly(0, 1000, false);
        } catch (MqttException ignored) {
            // already disconnected: nothing left to close
        }
        try {
            client.close(true);
        } catch (MqttException e) {
            log.warn("Closing the MQTT client for {} failed: {}", config.brokerUri(), e.getMessage());
        }
    }

    private MqttConnectionOptions options() {
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setCleanStart(true);
        options.setSessionExpiryInterval(0L);
        options.setKeepAliveInterval((int) config.keepAlive().toSeconds());
        options.setConnectionTimeout((int) OPERATION_TIMEOUT.toSeconds());
        options.setAutomaticReconnect(false);
        options.setMaximumPacketSize(MAX_INBOUND_PACKET_BYTES);
        tls.ifPresent(t -> {
            options.setSocketFactory(t.socketFactory());
            options.setHttpsHostnameVerificationEnabled(true);
        });
        MqttMessage willMessage = toPaho(will);
        options.setWill(will.topic(), willMessage);
        options.setWillMessageProperties(willMessage.getProperties());
        return options;
    }

    /** Runs on the scheduler. */
    private void attempt() {
        pendingAttempt = null;
        if (closed || attemptInFlight || client.isConnected()) {
            return;
        }
        attemptInFlight = true;
        try {
            client.connect(options(), null, new MqttActionListener() {
                @Override
                public void onSuccess(IMqttToken token) {
                    onScheduler(PahoFleetLink.this::onConnected);
                }

                @Override
                public void onFailure(IMqttToken token, Throwable failure) {
                    onScheduler(() -> onAttemptFailed(failure));
                }
            });
        } catch (MqttException e) {
            onAttemptFailed(e);
        }
    }

    private void onConnected() {
        attemptInFlight = false;
        if (closed) {
            return;
        }
        backoff.reset();
        connected = true;
        log.info("Connected to fleet broker {} as {}", config.brokerUri(), config.deviceId());
        listener.connected(connections++);
    }

    private void onAttemptFailed(Throwable failure) {
        attemptInFlight = false;
        scheduleAttempt("connecting failed: " + failure.getMessage());
    }

    private void onLost(String reason) {
        boolean wasConnected = connected;
        connected = false;
        if (closed) {
            return;
        }
        if (wasConnected) {
            listener.connectionLost(reason);
        }
        scheduleAttempt("connection lost: " + reason);
    }

    private void scheduleAttempt(String why) {
        if (closed || pendingAttempt != null || attemptInFlight) {
            return;
        }
        Duration delay = backoff.nextDelay();
        log.warn("Fleet broker {}: {}; next attempt in {} ms", config.brokerUri(), why, delay.toMillis());
        pendingAttempt = scheduler.schedule(this::attempt, delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Hands a Paho callback to the scheduler; after shutdown there is nothing left to do. */
    private void onScheduler(Runnable task) {
        try {
            scheduler.execute(task);
        } catch (RejectedExecutionException e) {
            log.debug("Link event after the scheduler stopped, ignored: {}", e.getMessage());
        }
    }

    static MqttMessage toPaho(OutboundMessage message) {
        MqttMessage paho = new MqttMessage(message.payload(), message.qos(), message.retained(), new MqttProperties());
        MqttProperties properties = paho.getProperties();
        if (message.expirySeconds() > 0) {
            properties.setMessageExpiryInterval(message.expirySeconds());
        }
        message.correlationData().ifPresent(properties::setCorrelationData);
        properties.setPayloadFormat(true);
        properties.setContentType("application/json");
        return paho;
    }

    private final class Callback implements MqttCallback {
        @Override
        public void disconnected(MqttDisconnectResponse response) {
            String reason = response.getReasonString() != null ? response.getReasonString()
                    : response.getException() != null ? String.valueOf(response.getException().getMessage())
                    : "reason code " + response.getReturnCode();
            onScheduler(() -> onLost(reason));
        }

        @Override
        public void mqttErrorOccurred(MqttException exception) {
            log.warn("MQTT error on link to {}: {}", config.brokerUri(), exception.getMessage());
        }

        @Override
        public void messageArrived(String topic, MqttMessage message) {
            MqttProperties p = message.getProperties();
            Optional<String> responseTopic = Optional.ofNullable(p == null ? null : p.getResponseTopic());
            Optional<byte[]> correlation = Optional.ofNullable(p == null ? null : p.getCorrelationData());
            Listener current = listener;
            if (current != null) {
                current.messageArrived(new InboundMessage(topic, message.getPayload(), responseTopic, correlation));
            }
        }

        @Override
        public void deliveryComplete(IMqttToken token) {}

        @Override
        public void connectComplete(boolean reconnect, String serverUri) {}

        @Override
        public void authPacketArrived(int reasonCode, MqttProperties properties) {}
    }
}

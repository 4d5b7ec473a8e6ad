package dev.salle.device.enrol;

import dev.salle.device.config.DeviceConfig;
import dev.salle.device.media.DeviceMedia;
import dev.salle.hw.led.LedState;
import dev.salle.hw.led.StatusLed;
import dev.salle.media.pipeline.GrayFrame;
import dev.salle.provisioning.ca.Pem;
import dev.salle.provisioning.device.DeviceIdentity;
import dev.salle.provisioning.device.DeviceIdentityStore;
import dev.salle.provisioning.device.EnrolmentClient;
import dev.salle.provisioning.qr.PayloadVerifier;
import dev.salle.provisioning.qr.QrFrameDecoder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The device's first boot, put together: the camera's grayscale frames go to a QR decoder on a
 * worker of its own (a frame that arrives while it is busy is dropped, so decoding never slows the
 * camera), texts go to the {@link EnrolmentFlow}, and its steps go to the screen (over the live
 * self-view) and the LED. {@link #start()} gives a future that completes with the stored identity.
 *
 * <p>Owns its two threads; {@link #close()} stops scanning and them. The media and LED belong to
 * the caller.
 */
public final class FirstBoot implements AutoCloseable {

    /** How long a refused code's reason stays on screen. */
    public static final Duration REFUSAL_HOLD = Duration.ofSeconds(4);
    /** What the screen's room line says before the device knows its room. */
    public static final String UNNAMED = "New Salle device";

    private static final Logger log = LoggerFactory.getLogger(FirstBoot.class);

    private final DeviceMedia media;
    private final StatusLed led;
    private final ScheduledExecutorService flowThread;
    private final ExecutorService decoderThread;
    private final EnrolmentFlow flow;
    private final QrFrameDecoder decoder = new QrFrameDecoder();
    private final AtomicBoolean decoding = new AtomicBoolean();
    private final AtomicLong framesDropped = new AtomicLong();
    private final AtomicReference<String> message = new AtomicReference<>("");
    private final CompletableFuture<DeviceIdentity> result = new CompletableFuture<>();

    public FirstBoot(DeviceConfig config, DeviceMedia media, StatusLed led, Clock clock) {
        this.media = media;
        this.led = led;
        this.flowThread = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "salle-enrol"));
        this.decoderThread = Executors.newSingleThreadExecutor(r -> daemon(r, "salle-qr"));
        EnrolmentClient client = new EnrolmentClient(clock);
        this.flow = new EnrolmentFlow(new PayloadVerifier(trustAnchors(config.provisioning().trustAnchors()), clock),
                client::enrol, new DeviceIdentityStore(config.provisioning().dataDir()), new Screen(), flowThread, clock,
                REFUSAL_HOLD);
    }

    /** Shows the scanning screen and starts reading the camera. */
    public CompletableFuture<DeviceIdentity> start() {
        led.show(LedState.PROVISIONING);
        flow.start();
        media.startScanning(this::onFrame);
        log.info("no device identity yet: scanning for the room's enrolment QR code");
        return result;
    }

    public EnrolmentStep step() {
        return flow.step();
    }

    /** The sentence on screen now. */
    public String message() {
        return message.get();
    }

    /** Refusals so far, by reason. */
    public Map<String, Long> refusals() {
        return flow.refusals();
    }

    /** Frames decoded and frames dropped because the decoder was busy. */
    public Map<String, Long> frames() {
        return Map.of("decoded", decoder.frames(), "codesFound", decoder.found(), "dropped", framesDropped.get());
    }

    private void onFrame(GrayFrame frame) {
        if (!decoding.compareAndSet(false, true)) {
            framesDropped.incrementAndGet();
            return;
        }
        try {
            decoderThread.execute(() -> {
                try {
                    decoder.decode(frame.pixels(), frame.width(), frame.height(), frame.stride()).ifPresent(flow::onQrText);
                } catch (RuntimeException e) {
                    log.warn("a camera frame could not be scanned: {}", e.getMessage());
                } finally {
                    decoding.set(false);
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            decoding.set(false);
        }
    }

    @Override
    public void close() {
        media.stopScanning();
        flowThread.shutdownNow();
        decoderThread.shutdownNow();
        result.completeExceptionally(new IllegalStateException("first boot was stopped before the device enrolled"));
    }

    /** The PEM public keys in the trust-anchor file; start-up fails with a clear message without them. */
    static List<PublicKey> trustAnchors(String file) {
        try {
            return Pem.publicKeys(Files.readString(Path.of(file)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read provisioning.trust-anchors " + file + ": " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("provisioning.trust-anchors " + file + " holds no usable public key: "
                    + e.getMessage(), e);
        }
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    private final class Screen implements EnrolmentScreen {
        @Override
        public void show(EnrolmentStep step, String text) {
            message.set(text);
            media.showStatus(UNNAMED, text);
        }

        @Override
        public void enrolled(DeviceIdentity identity) {
            media.stopScanning();
            media.showStatus(identity.room(), "Ready");
            led.show(LedState.IDLE);
            result.complete(identity);
        }
    }
}

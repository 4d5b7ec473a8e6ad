package dev.salle.device.enrol;

import dev.salle.provisioning.device.DeviceIdentity;
import dev.salle.provisioning.device.DeviceIdentityStore;
import dev.salle.provisioning.device.EnrolmentFailure;
import dev.salle.provisioning.qr.EnrolmentPayload;
import dev.salle.provisioning.qr.PayloadVerifier;
import dev.salle.provisioning.qr.QrRejectedException;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The device's first boot: scan, check the code, enrol, store the identity.
 *
 * <p>Texts read from the camera arrive through {@link #onQrText}; while the flow is not scanning
 * they are dropped. A refused code shows its reason for {@code refusalHold}, then the flow scans
 * again; nothing is stored from it. A valid code starts one enrolment on the executor; network
 * failures are retried with a doubling pause (1 s up to 30 s) while the code is still valid and at
 * most {@link #MAX_ATTEMPTS} times, then the flow goes back to scanning with the reason on screen.
 *
 * <p>Threading: every step runs on the given single-threaded executor, so the flow's state needs no
 * locks; {@link #onQrText} may be called from any thread.
 */
public final class EnrolmentFlow {

    public static final String SCAN_MESSAGE = "Show me this room's QR code";
    static final int MAX_ATTEMPTS = 12;
    static final Duration FIRST_RETRY = Duration.ofSeconds(1);
    static final Duration LONGEST_RETRY = Duration.ofSeconds(30);

    private static final Logger log = LoggerFactory.getLogger(EnrolmentFlow.class);

    /** Runs one enrolment attempt; {@code EnrolmentClient::enrol} in production. */
    @FunctionalInterface
    public interface Enroller {
        DeviceIdentity enrol(EnrolmentPayload payload) throws EnrolmentFailure, InterruptedException;
    }

    private final PayloadVerifier verifier;
    private final Enroller enroller;
    private final DeviceIdentityStore store;
    private final EnrolmentScreen screen;
    private final ScheduledExecutorService executor;
    private final Clock clock;
    private final Duration refusalHold;
    private final Map<String, AtomicLong> refusals = new ConcurrentHashMap<>();
    private final AtomicLong codesSeen = new AtomicLong();

    private volatile EnrolmentStep step = EnrolmentStep.SCANNING;
    private long generation;

    public EnrolmentFlow(PayloadVerifier verifier, Enroller enroller, DeviceIdentityStore store, EnrolmentScreen screen,
                         ScheduledExecutorService executor, Clock clock, Duration refusalHold) {
        this.verifier = Objects.requireNonNull(verifier, "verifier");
        this.enroller = Objects.requireNonNull(enroller, "enroller");
        this.store = Objects.requireNonNull(store, "store");
        this.screen = Objects.requireNonNull(screen, "screen");
        this.executor = Objects.requireNonNull(executor, "executor");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.refusalHold = Objects.requireNonNull(refusalHold, "refusalHold");
    }

    /** Shows the scanning message; call once, before the first text. */
    public void start() {
        executor.execute(this::scan);
    }

    public EnrolmentStep step() {
        return step;
    }

    /** A text read from a QR code in the camera picture. */
    public void onQrText(String text) {
        if (step != EnrolmentStep.SCANNING) {
            return;
        }
        executor.execute(() -> check(text));
    }

    /** Refusals so far by reason (QR reasons and enrolment reasons), for the log and the device page. */
    public Map<String, Long> refusals() {
        Map<String, Long> out = new TreeMap<>();
        refusals.forEach((k, v) -> out.put(k, v.get()));
        return out;
    }

    /** Codes read while scanning, good or bad. */
    public long codesSeen() {
        return codesSeen.get();
    }

    private void check(String text) {
        if (step != EnrolmentStep.SCANNING) {
            return;
        }
        codesSeen.incrementAndGet();
        EnrolmentPayload payload;
        try {
            payload = verifier.verify(text);
        } catch (QrRejectedException e) {
            log.info("QR code refused ({}): {}", e.reason(), e.getMessage());
            refuse(e.reason().name(), e.reason().screenMessage());
            return;
        }
        log.info("enrolment code for room '{}' of site '{}' accepted; enrolling at {}", payload.room(), payload.site(),
                payload.enrolmentUrl().getHost());
        attempt(payload, 1, FIRST_RETRY);
    }

    private void attempt(EnrolmentPayload payload, int number, Duration nextPause) {
        step = EnrolmentStep.ENROLLING;
        screen.show(step, "Enrolling " + payload.room() + "…");
        DeviceIdentity identity;
        try {
            identity = enroller.enrol(payload);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        } catch (EnrolmentFailure e) {
            EnrolmentFailure.Reason reason = e.reason();
            log.warn("enrolment attempt {} failed ({}): {}", number, reason, e.getMessage());
            boolean stillValid = clock.instant().plus(nextPause).isBefore(payload.expiresAt());
            if (reason.retryable() && number < MAX_ATTEMPTS && stillValid) {
                step = EnrolmentStep.RETRYING;
                screen.show(step, reason.screenMessage());
                Duration following = nextPause.multipliedBy(2).compareTo(LONGEST_RETRY) > 0 ? LONGEST_RETRY
                        : nextPause.multipliedBy(2);
                executor.schedule(() -> attempt(payload, number + 1, following), nextPause.toMillis(), TimeUnit.MILLISECONDS);
            } else {
                refuse(reason.name(), reason.screenMessage());
            }
            return;
        }
        try {
            store.save(identity);
        } catch (RuntimeException e) {
            log.error("could not store the device identity: {}", e.getMessage(), e);
            refuse("STORAGE", "This device cannot save its identity. Ask IT to check its storage.");
            return;
        }
        step = EnrolmentStep.READY;
        screen.show(step, "Ready");
        screen.enrolled(identity);
    }

    private void refuse(String reason, String message) {
        refusals.computeIfAbsent(reason, k -> new AtomicLong()).incrementAndGet();
        step = EnrolmentStep.REFUSED;
        screen.show(step, message);
        long mine = ++generation;
        executor.schedule(() -> {
            if (generation == mine && step == EnrolmentStep.REFUSED) {
                scan();
            }
        }, refusalHold.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void scan() {
        step = EnrolmentStep.SCANNING;
        screen.show(step, SCAN_MESSAGE);
    }
}

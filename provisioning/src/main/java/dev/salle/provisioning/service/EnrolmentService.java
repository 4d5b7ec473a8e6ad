package dev.salle.provisioning.service;

import dev.salle.provisioning.ca.CsrRejectedException;
import dev.salle.provisioning.ca.DeviceCa;
import dev.salle.provisioning.ca.Pem;
import java.net.URI;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Enrolment without HTTP: checks a code and a certificate request, and when both are good signs
 * the request, marks the code used and records the device.
 *
 * <p>Checks in order: the code is known, not revoked, not expired, not used; then the request
 * (EC P-256, proof of possession). A bad request does not use the code up. Enrolments run one at a
 * time, so two devices racing with one code cannot both win. Logs name the code's id, never the
 * code. Thread-safe.
 */
public final class EnrolmentService {

    /** What a successful enrolment hands the device. */
    public record Enrolled(EnrolledDevice device, String certificateChainPem, URI broker, String topicPrefix) {
    }

    /** The result: enrolled, or refused with a reason. */
    public sealed interface Outcome {
        record Success(Enrolled enrolled) implements Outcome {
        }

        record Refused(Refusal refusal, String detail) implements Outcome {
        }
    }

    private static final Logger log = LoggerFactory.getLogger(EnrolmentService.class);
    private static final char[] BASE32 = "abcdefghijklmnopqrstuvwxyz234567".toCharArray();

    private final ProvisioningRegistry registry;
    private final DeviceCa ca;
    private final URI broker;
    private final String topicPrefix;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, AtomicLong> outcomes = new ConcurrentHashMap<>();

    /**
     * @param broker what enrolled devices connect to, {@code mqtts://host:port}
     * @param topicPrefix the fleet's topic prefix, e.g. {@code salle/v1}
     */
    public EnrolmentService(ProvisioningRegistry registry, DeviceCa ca, URI broker, String topicPrefix, Clock clock) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.ca = Objects.requireNonNull(ca, "ca");
        this.broker = Objects.requireNonNull(broker, "broker");
        if (!"mqtts".equals(broker.getScheme()) || broker.getHost() == null || broker.getPort() < 1) {
            throw new IllegalArgumentException("the broker given to devices must be mqtts://host:port, got " + broker);
        }
        this.topicPrefix = Objects.requireNonNull(topicPrefix, "topicPrefix");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public synchronized Outcome enrol(byte[] code, String csrPem) {
        Optional<EnrolmentCode> found = registry.byCode(code);
        if (found.isEmpty()) {
            return refused(Refusal.UNKNOWN_CODE, "no issued code has this value");
        }
        EnrolmentCode c = found.get();
        Instant now = clock.instant();
        if (c.state() == EnrolmentCode.State.REVOKED) {
            return refused(Refusal.CODE_REVOKED, "code " + c.id() + " was revoked");
        }
        if (!now.isBefore(c.expiresAt())) {
            return refused(Refusal.CODE_EXPIRED, "code " + c.id() + " expired at " + c.expiresAt());
        }
        if (c.state() == EnrolmentCode.State.USED) {
            return refused(Refusal.CODE_USED, "code " + c.id() + " was used by " + c.usedBy().orElse("?"));
        }
        X509Certificate certificate;
        String deviceId = newDeviceId();
        try {
            PKCS10CertificationRequest request = Pem.certificationRequest(csrPem);
            certificate = ca.issueDevice(request, deviceId);
        } catch (RuntimeException e) {
            return refused(Refusal.BAD_CSR, "code " + c.id() + ": the certificate request is damaged: " + e.getMessage());
        } catch (CsrRejectedException e) {
            return refused(Refusal.BAD_CSR, "code " + c.id() + ": " + e.reason() + ": " + e.getMessage());
        }
        EnrolledDevice device = new EnrolledDevice(deviceId, certificate.getSerialNumber().toString(16), c.site(), c.room(),
                c.meeting(), now, c.id(), false);
        registry.enrolled(c.id(), device, now);
        count("enrolled");
        log.info("enrolled device {} in room '{}' of site '{}' with code {}", deviceId, c.room(), c.site(), c.id());
        return new Outcome.Success(new Enrolled(device, Pem.write(certificate, ca.certificate()), broker, topicPrefix));
    }

    /** Outcomes so far: {@code enrolled} and each refusal's code. */
    public Map<String, Long> outcomes() {
        Map<String, Long> out = new TreeMap<>();
        outcomes.forEach((k, v) -> out.put(k, v.get()));
        return out;
    }

    void count(String outcome) {
        outcomes.computeIfAbsent(outcome, k -> new AtomicLong()).incrementAndGet();
    }

    private Outcome refused(Refusal refusal, String detail) {
        count(refusal.code());
        log.warn("enrolment refused ({}): {}", refusal.code(), detail);
        return new Outcome.Refused(refusal, detail);
    }

    private String newDeviceId() {
        for (int attempt = 0; attempt < 10; attempt++) {
            StringBuilder id = new StringBuilder("d-");
            for (int i = 0; i < 12; i++) {
                id.append(BASE32[random.nextInt(BASE32.length)]);
            }
            if (!registry.hasDevice(id.toString())) {
                return id.toString();
            }
        }
        throw new IllegalStateException("could not find a free device id in 10 draws: the random source is broken");
    }
}

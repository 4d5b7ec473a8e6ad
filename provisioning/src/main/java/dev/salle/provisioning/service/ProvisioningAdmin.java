package dev.salle.provisioning.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.salle.provisioning.ca.DeviceCa;
import dev.salle.provisioning.ca.Pem;
import dev.salle.provisioning.ca.SecretFiles;
import dev.salle.provisioning.qr.EnrolmentPayload;
import dev.salle.provisioning.qr.QrImages;
import dev.salle.provisioning.qr.ProvisioningKey;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

/**
 * IT's side of provisioning, over one data folder:
 *
 * <pre>
 * ca/ca.key            the device CA's key (0600)       ca/ca.crt   its certificate
 * provisioning.key     the key that signs QR codes (0600)
 * provisioning.pub     its public half: the trust anchor device images carry
 * service.json         organisation, enrolment URL, broker address for devices
 * registry.json        codes (by hash) and enrolled devices (0600)
 * crl.pem              revoked device certificates, rewritten on every revocation
 * </pre>
 *
 * Not thread-safe across processes: run one {@code serve} per folder; the CLI's other commands
 * may run beside it only while it is stopped (the registry is read at start).
 */
public final class ProvisioningAdmin {

    public static final String PROVISIONING_KEY = "provisioning.key";
    public static final String PROVISIONING_PUB = "provisioning.pub";
    public static final String SETTINGS = "service.json";
    public static final String CRL = "crl.pem";
    public static final Duration LONGEST_VALIDITY = Duration.ofDays(90);

    private final Path dir;
    private final DeviceCa ca;
    private final KeyPair signing;
    private final URI enrolmentUrl;
    private final URI broker;
    private final ProvisioningRegistry registry;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    private ProvisioningAdmin(Path dir, DeviceCa ca, KeyPair signing, URI enrolmentUrl, URI broker, Clock clock) {
        this.dir = dir;
        this.ca = ca;
        this.signing = signing;
        this.enrolmentUrl = enrolmentUrl;
        this.broker = broker;
        this.registry = ProvisioningRegistry.open(dir);
        this.clock = clock;
    }

    /** Creates the folder's CA and provisioning key; refuses a folder that has them. */
    public static ProvisioningAdmin init(Path dir, String organisation, URI enrolmentUrl, URI broker, Clock clock) {
        if (!"https".equals(enrolmentUrl.getScheme()) || enrolmentUrl.getHost() == null) {
            throw new IllegalArgumentException("the enrolment URL must be https://host[:port]/enrol, got " + enrolmentUrl);
        }
        if (!"mqtts".equals(broker.getScheme()) || broker.getHost() == null || broker.getPort() < 1) {
            throw new IllegalArgumentException("the broker for devices must be mqtts://host:port, got " + broker);
        }
        if (Files.exists(dir.resolve(PROVISIONING_KEY))) {
            throw new IllegalStateException(dir + " is set up already: use it, or choose another folder");
        }
        DeviceCa ca = DeviceCa.create(dir.resolve("ca"), organisation, clock);
        KeyPair signing = ProvisioningKey.generate();
        SecretFiles.writeSecret(dir.resolve(PROVISIONING_KEY), Pem.write(signing.getPrivate()));
        SecretFiles.writePublic(dir.resolve(PROVISIONING_PUB), Pem.write(signing.getPublic()));
        SecretFiles.writePublic(dir.resolve(SETTINGS), new ObjectMapper().createObjectNode()
                .put("organisation", organisation).put("enrolmentUrl", enrolmentUrl.toString())
                .put("broker", broker.toString()).toPrettyString());
        ProvisioningAdmin admin = new ProvisioningAdmin(dir, ca, signing, enrolmentUrl, broker, clock);
        admin.writeCrl();
        return admin;
    }

    /** Opens a folder made by {@link #init}. */
    public static ProvisioningAdmin open(Path dir, Clock clock) {
        if (!Files.exists(dir.resolve(PROVISIONING_KEY))) {
            throw new IllegalStateException("no provisioning set-up in " + dir
                    + ": run ./salle provision init --org NAME first (or give --data)");
        }
        try {
            SecretFiles.requireOwnerOnly(dir.resolve(PROVISIONING_KEY));
            var privateKey = Pem.privateKey(Files.readString(dir.resolve(PROVISIONING_KEY)));
            PublicKey publicKey = Pem.publicKeys(Files.readString(dir.resolve(PROVISIONING_PUB))).get(0);
            JsonNode settings = new ObjectMapper().readTree(Files.readString(dir.resolve(SETTINGS)));
            return new ProvisioningAdmin(dir, DeviceCa.open(dir.resolve("ca"), clock), new KeyPair(publicKey, privateKey),
                    URI.create(settings.path("enrolmentUrl").asText()), URI.create(settings.path("broker").asText()), clock);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the provisioning set-up in " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Issues a code with the folder's enrolment URL. */
    public IssuedCode issueCode(String site, String room, Optional<String> meeting, Duration validity) {
        return issueCode(site, room, meeting, validity, enrolmentUrl);
    }

    /**
     * Issues a single-use code (16 random bytes) valid for {@code validity} (at most 90 days) and
     * signs its QR text with the provisioning key, checking that the printed code reads back.
     */
    public IssuedCode issueCode(String site, String room, Optional<String> meeting, Duration validity, URI url) {
        if (validity.compareTo(Duration.ofMinutes(1)) < 0 || validity.compareTo(LONGEST_VALIDITY) > 0) {
            throw new IllegalArgumentException("a code is valid for 1 minute to 90 days, not " + validity);
        }
        byte[] code = new byte[16];
        random.nextBytes(code);
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        Instant expiry = now.plus(validity);
        EnrolmentPayload payload = new EnrolmentPayload(url, code, ca.pin(), site, room, meeting, expiry);
        String text = QrImages.signReadable(payload, signing);
        return new IssuedCode(registry.issue(code, site, room, meeting, now, expiry), text);
    }

    public List<EnrolmentCode> codes() {
        return registry.codes();
    }

    public List<EnrolledDevice> devices() {
        return registry.devices();
    }

    /**
     * Revokes a code or a device by id; a device's certificate goes into {@code crl.pem}.
     *
     * @throws IllegalArgumentException when no code or device has that id
     */
    public Object revoke(String id) {
        Object revoked = registry.revoke(id).orElseThrow(() -> new IllegalArgumentException(
                "no code or device has the id '" + id + "': see ./salle provision list"));
        writeCrl();
        return revoked;
    }

    /** The current CRL, as PEM. */
    public String crlPem() {
        return Pem.write(ca.crl(registry.revokedSerials()));
    }

    public Path crlFile() {
        return dir.resolve(CRL);
    }

    public DeviceCa ca() {
        return ca;
    }

    /** The provisioning key's public half: what a device image trusts. */
    public PublicKey provisioningKey() {
        return signing.getPublic();
    }

    public URI enrolmentUrl() {
        return enrolmentUrl;
    }

    public URI broker() {
        return broker;
    }

    public ProvisioningRegistry registry() {
        return registry;
    }

    /** The enrolment logic over this folder's registry and CA. */
    public EnrolmentService service(String topicPrefix) {
        return new EnrolmentService(registry, ca, broker, topicPrefix, clock);
    }

    private void writeCrl() {
        SecretFiles.writePublic(crlFile(), crlPem());
    }
}

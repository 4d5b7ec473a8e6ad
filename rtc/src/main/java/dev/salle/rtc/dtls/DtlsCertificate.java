package dev.salle.rtc.dtls;

import java.io.IOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Objects;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.util.PrivateKeyFactory;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The endpoint's own DTLS identity: a self-signed ECDSA P-256 certificate with {@code CN=salle}
 * and a random 64-bit serial, and its private key. WebRTC peers do not check the certificate
 * against a CA; they check its hash against the {@code a=fingerprint} we put in our SDP
 * (<a href="https://www.rfc-editor.org/rfc/rfc5763#section-5">RFC 5763 §5</a>,
 * <a href="https://www.rfc-editor.org/rfc/rfc8827#section-6.5">RFC 8827 §6.5</a>).
 *
 * <p>Make one at start-up with {@link #generate(Clock, SecureRandom, Duration)} and share it
 * between sessions; it is immutable and thread-safe. The private key never leaves this package.
 */
public final class DtlsCertificate {

    /** How long a generated certificate is valid when the caller does not say. */
    public static final Duration DEFAULT_VALIDITY = Duration.ofDays(30);

    /** Allowance for peers whose clocks run behind ours. */
    private static final Duration BACKDATE = Duration.ofDays(1);

    private final byte[] der;
    private final AsymmetricKeyParameter privateKey;
    private final CertificateFingerprint fingerprint;
    private final Instant notAfter;

    private DtlsCertificate(byte[] der, AsymmetricKeyParameter privateKey, Instant notAfter) {
        this.der = der;
        this.privateKey = privateKey;
        this.fingerprint = CertificateFingerprint.sha256Of(der);
        this.notAfter = notAfter;
    }

    /** A new certificate valid for {@link #DEFAULT_VALIDITY} from the system clock's now. */
    public static DtlsCertificate generate() {
        return generate(Clock.systemUTC(), new SecureRandom(), DEFAULT_VALIDITY);
    }

    /**
     * A new P-256 key pair and a self-signed certificate valid from one day before
     * {@code clock.instant()} until {@code validity} after it.
     *
     * @throws IllegalArgumentException if the validity is not positive
     * @throws IllegalStateException if the JDK cannot make P-256 keys or ECDSA signatures
     */
    public static DtlsCertificate generate(Clock clock, SecureRandom random, Duration validity) {
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(random, "random");
        if (validity == null || validity.isNegative() || validity.isZero()) {
            throw new IllegalArgumentException("DTLS certificate validity " + validity
                    + " must be positive, e.g. " + DEFAULT_VALIDITY);
        }
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"), random);
            KeyPair keys = generator.generateKeyPair();
            Instant now = clock.instant();
            Instant notAfter = now.plus(validity);
            X500Name name = new X500Name("CN=salle");
            BigInteger serial = new BigInteger(63, random).add(BigInteger.ONE);
            ContentSigner signer = new JcaContentSignerBuilder("SHA256withECDSA")
                    .setSecureRandom(random)
                    .build(keys.getPrivate());
            X509CertificateHolder holder = new JcaX509v3CertificateBuilder(name, serial,
                    Date.from(now.minus(BACKDATE)), Date.from(notAfter), name, keys.getPublic())
                    .build(signer);
            AsymmetricKeyParameter privateKey = PrivateKeyFactory.createKey(keys.getPrivate().getEncoded());
            return new DtlsCertificate(holder.getEncoded(), privateKey, notAfter);
        } catch (GeneralSecurityException | OperatorCreationException | IOException e) {
            throw new IllegalStateException("Could not generate the DTLS certificate (ECDSA P-256,"
                    + " SHA256withECDSA); check that the JDK's SunEC provider is present", e);
        }
    }

    /** The certificate in DER, as sent in the handshake. */
    public byte[] derEncoded() {
        return der.clone();
    }

    /** The SHA-256 fingerprint to publish in {@code a=fingerprint}. */
    public CertificateFingerprint fingerprint() {
        return fingerprint;
    }

    /** When the certificate stops being valid; regenerate before then on long-running hosts. */
    public Instant notAfter() {
        return notAfter;
    }

    AsymmetricKeyParameter privateKey() {
        return privateKey;
    }

    byte[] derUnsafe() {
        return der;
    }
}

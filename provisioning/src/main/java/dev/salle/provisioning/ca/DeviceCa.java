package dev.salle.provisioning.ca;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.CRLNumber;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CRLConverter;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v2CRLBuilder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;

/**
 * The organisation's device CA: an EC P-256 key pair and a self-signed certificate, kept in a
 * folder as {@code ca.key} (PKCS#8 PEM, mode 0600) and {@code ca.crt}.
 *
 * <p>It issues device certificates (client authentication only, subject CN = the device id, which
 * the broker uses as the MQTT user name), server certificates for the enrolment service and the
 * broker, client certificates for the fleet manager, and CRLs. The SHA-256 of its public key
 * ({@link #pin()}) is what enrolment QR codes carry, so a device trusts only servers this CA
 * certified. A file key is the default; {@code docs/provisioning.md} says how an HSM would
 * replace it. Thread-safe: the key is only read.
 */
public final class DeviceCa {

    public static final String KEY_FILE = "ca.key";
    public static final String CERTIFICATE_FILE = "ca.crt";
    public static final Duration CA_VALIDITY = Duration.ofDays(3653);
    public static final Duration DEVICE_VALIDITY = Duration.ofDays(1826);
    public static final Duration SERVER_VALIDITY = Duration.ofDays(397);
    public static final Duration CRL_VALIDITY = Duration.ofDays(30);
    /** Certificates start this much before now, for devices whose clock is a little behind. */
    static final Duration BACKDATE = Duration.ofMinutes(5);

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final String SIGNATURE = "SHA256withECDSA";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final PrivateKey key;
    private final X509Certificate certificate;
    private final String organisation;
    private final Clock clock;

    private DeviceCa(PrivateKey key, X509Certificate certificate, String organisation, Clock clock) {
        this.key = key;
        this.certificate = certificate;
        this.organisation = organisation;
        this.clock = clock;
    }

    /** Creates a new CA in {@code dir}, refusing to overwrite one that is there. */
    public static DeviceCa create(Path dir, String organisation, Clock clock) {
        requireName(organisation, "organisation");
        if (Files.exists(dir.resolve(KEY_FILE)) || Files.exists(dir.resolve(CERTIFICATE_FILE))) {
            throw new IllegalStateException("a device CA already exists in " + dir
                    + ": open it, or remove it first if it is really meant to be replaced (every device would need re-enrolling)");
        }
        KeyPair pair = newKeyPair();
        X500Name subject = name(organisation + " device CA", organisation);
        Instant now = clock.instant();
        try {
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject, serial(),
                    Date.from(now.minus(BACKDATE)), Date.from(now.plus(CA_VALIDITY)), subject, pair.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
                    .addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(pair.getPublic()));
            X509Certificate cert = new JcaX509CertificateConverter().getCertificate(builder.build(signer(pair.getPrivate())));
            SecretFiles.writeSecret(dir.resolve(KEY_FILE), Pem.write(pair.getPrivate()));
            SecretFiles.writePublic(dir.resolve(CERTIFICATE_FILE), Pem.write(cert));
            return new DeviceCa(pair.getPrivate(), cert, organisation, clock);
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("could not create the device CA in " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Opens the CA in {@code dir}, checking the key's permissions and that key and certificate match. */
    public static DeviceCa open(Path dir, Clock clock) {
        Path keyFile = dir.resolve(KEY_FILE);
        Path certFile = dir.resolve(CERTIFICATE_FILE);
        if (!Files.isReadable(keyFile) || !Files.isReadable(certFile)) {
            throw new IllegalStateException("no device CA in " + dir + ": expected " + KEY_FILE + " and "
                    + CERTIFICATE_FILE + " (create one with DeviceCa.create or ./salle provision init)");
        }
        SecretFiles.requireOwnerOnly(keyFile);
        try {
            PrivateKey key = Pem.privateKey(Files.readString(keyFile));
            X509Certificate cert = Pem.certificates(Files.readString(certFile)).get(0);
            if (!matches(key, cert.getPublicKey())) {
                throw new IllegalStateException(keyFile + " is not the key of " + certFile + ": restore the matching pair");
            }
            String organisation = X500Name.getInstance(cert.getSubjectX500Principal().getEncoded())
                    .getRDNs(BCStyle.O)[0].getFirst().getValue().toString();
            return new DeviceCa(key, cert, organisation, clock);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the device CA in " + dir + ": " + e.getMessage(), e);
        } catch (IllegalArgumentException | ArrayIndexOutOfBoundsException e) {
            throw new IllegalStateException("the device CA in " + dir + " is damaged: " + e.getMessage(), e);
        }
    }

    /** Opens the CA in {@code dir}, creating it first when the folder has none. */
    public static DeviceCa openOrCreate(Path dir, String organisation, Clock clock) {
        return Files.exists(dir.resolve(KEY_FILE)) ? open(dir, clock) : create(dir, organisation, clock);
    }

    public X509Certificate certificate() {
        return certificate;
    }

    public String organisation() {
        return organisation;
    }

    /** SHA-256 of this CA's public key (SubjectPublicKeyInfo DER): what QR codes pin. */
    public byte[] pin() {
        return pin(certificate);
    }

    /** SHA-256 of a certificate's public key (SubjectPublicKeyInfo DER). */
    public static byte[] pin(X509Certificate cert) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(cert.getPublicKey().getEncoded());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }

    public String pinHex() {
        return HexFormat.of().formatHex(pin());
    }

    /**
     * Checks a device's certificate request and signs it: the key must be EC P-256 and the request
     * must be signed by that key (proof of possession). The subject is set here (CN = device id,
     * O = organisation); whatever the request asked for is ignored.
     */
    public X509Certificate issueDevice(PKCS10CertificationRequest request, String deviceId) throws CsrRejectedException {
        requireId(deviceId);
        SubjectPublicKeyInfo info;
        try {
            info = request.getSubjectPublicKeyInfo();
        } catch (RuntimeException e) {
            throw new CsrRejectedException(CsrRejectedException.Reason.MALFORMED,
                    "the certificate request's key cannot be read: " + e.getMessage());
        }
        if (info == null || !X9ObjectIdentifiers.id_ecPublicKey.equals(info.getAlgorithm().getAlgorithm())
                || !SECObjectIdentifiers.secp256r1.equals(info.getAlgorithm().getParameters())) {
            throw new CsrRejectedException(CsrRejectedException.Reason.WRONG_KEY_TYPE,
                    "the certificate request's key is " + describe(info) + ": devices must use an EC P-256 key");
        }
        PublicKey publicKey;
        try {
            publicKey = java.security.KeyFactory.getInstance("EC")
                    .generatePublic(new java.security.spec.X509EncodedKeySpec(info.getEncoded()));
            if (!request.isSignatureValid(new JcaContentVerifierProviderBuilder().build(info))) {
                throw new CsrRejectedException(CsrRejectedException.Reason.BAD_SIGNATURE,
                        "the certificate request is not signed by its own key: no proof of possession");
            }
        } catch (GeneralSecurityException | IOException | OperatorCreationException
                 | org.bouncycastle.pkcs.PKCSException | RuntimeException e) {
            throw new CsrRejectedException(CsrRejectedException.Reason.MALFORMED,
                    "the certificate request could not be checked: " + e.getMessage());
        }
        return issue(name(deviceId, organisation), publicKey, DEVICE_VALIDITY, KeyPurposeId.id_kp_clientAuth, List.of());
    }

    /** A new key and a server certificate for the given host names and IP addresses (at least one). */
    public IssuedIdentity issueServer(String commonName, List<String> hosts) {
        requireName(commonName, "server name");
        if (hosts.isEmpty()) {
            throw new IllegalArgumentException("a server certificate needs at least one host name or IP address");
        }
        KeyPair pair = newKeyPair();
        return new IssuedIdentity(pair.getPrivate(), List.of(issue(name(commonName, organisation), pair.getPublic(),
                SERVER_VALIDITY, KeyPurposeId.id_kp_serverAuth, hosts), certificate));
    }

    /** A new key and a client certificate with CN = {@code id}, e.g. for the fleet manager's broker connection. */
    public IssuedIdentity issueClient(String id) {
        requireId(id);
        KeyPair pair = newKeyPair();
        return new IssuedIdentity(pair.getPrivate(), List.of(issue(name(id, organisation), pair.getPublic(),
                SERVER_VALIDITY, KeyPurposeId.id_kp_clientAuth, List.of()), certificate));
    }

    /** A CRL listing {@code revoked} serial numbers, valid for {@link #CRL_VALIDITY}. */
    public X509CRL crl(Collection<BigInteger> revoked) {
        Instant now = clock.instant();
        try {
            X500Name issuer = X500Name.getInstance(certificate.getSubjectX500Principal().getEncoded());
            X509v2CRLBuilder builder = new JcaX509v2CRLBuilder(certificate.getSubjectX500Principal(), Date.from(now))
                    .setNextUpdate(Date.from(now.plus(CRL_VALIDITY)))
                    .addExtension(Extension.cRLNumber, false, new CRLNumber(BigInteger.valueOf(now.toEpochMilli())))
                    .addExtension(Extension.authorityKeyIdentifier, false,
                            new JcaX509ExtensionUtils().createAuthorityKeyIdentifier(certificate));
            for (BigInteger serial : revoked) {
                builder.addCRLEntry(serial, Date.from(now), CRLReason.cessationOfOperation);
            }
            Objects.requireNonNull(issuer);
            return new JcaX509CRLConverter().getCRL(builder.build(signer(key)));
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("could not sign a CRL: " + e.getMessage(), e);
        }
    }

    private X509Certificate issue(X500Name subject, PublicKey publicKey, Duration validity, KeyPurposeId purpose,
                                  List<String> hosts) {
        Instant now = clock.instant();
        Instant notAfter = now.plus(validity);
        if (notAfter.isAfter(certificate.getNotAfter().toInstant())) {
            notAfter = certificate.getNotAfter().toInstant();
        }
        try {
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(certificate, serial(),
                    Date.from(now.minus(BACKDATE)), Date.from(notAfter), subject, publicKey)
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
                    .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purpose))
                    .addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(publicKey))
                    .addExtension(Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(certificate));
            if (!hosts.isEmpty()) {
                builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(
                        hosts.stream().map(DeviceCa::generalName).toArray(GeneralName[]::new)));
            }
            return new JcaX509CertificateConverter().getCertificate(builder.build(signer(key)));
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("could not issue a certificate for " + subject + ": " + e.getMessage(), e);
        }
    }

    private static GeneralName generalName(String host) {
        boolean ip = host.matches("[0-9.]+") || host.contains(":");
        if (ip) {
            try {
                return new GeneralName(GeneralName.iPAddress, host);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("'" + host + "' is not an IP address", e);
            }
        }
        if (!host.matches("[A-Za-z0-9*]([A-Za-z0-9.-]{0,252})")) {
            throw new IllegalArgumentException("'" + host + "' is not a host name");
        }
        return new GeneralName(GeneralName.dNSName, host);
    }

    private static ContentSigner signer(PrivateKey key) {
        try {
            return new JcaContentSignerBuilder(SIGNATURE).build(key);
        } catch (OperatorCreationException e) {
            throw new IllegalStateException("no " + SIGNATURE + " signer: " + e.getMessage(), e);
        }
    }

    static KeyPair newKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK cannot make EC P-256 keys: " + e.getMessage(), e);
        }
    }

    private static boolean matches(PrivateKey key, PublicKey publicKey) {
        try {
            byte[] probe = "salle-ca-key-check".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            Signature s = Signature.getInstance(SIGNATURE);
            s.initSign(key);
            s.update(probe);
            byte[] sig = s.sign();
            Signature v = Signature.getInstance(SIGNATURE);
            v.initVerify(publicKey);
            v.update(probe);
            return v.verify(sig);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private static BigInteger serial() {
        return new BigInteger(127, RANDOM).add(BigInteger.ONE);
    }

    private static X500Name name(String commonName, String organisation) {
        return new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.O, organisation).addRDN(BCStyle.CN, commonName).build();
    }

    private static void requireId(String id) {
        if (id == null || !ID.matcher(id).matches()) {
            throw new IllegalArgumentException("the id '" + id
                    + "' is not allowed: use 1-64 of A-Z a-z 0-9 . _ - starting with a letter or digit");
        }
    }

    private static void requireName(String value, String what) {
        if (value == null || value.isBlank() || value.length() > 64 || value.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException("the " + what + " must be 1 to 64 characters without control characters");
        }
    }

    private static String describe(SubjectPublicKeyInfo info) {
        if (info == null) {
            return "missing";
        }
        ASN1ObjectIdentifier alg = info.getAlgorithm().getAlgorithm();
        return alg.getId() + (info.getAlgorithm().getParameters() == null ? "" : " " + info.getAlgorithm().getParameters());
    }
}

package dev.salle.provisioning.ca;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemReader;

/**
 * PEM text in and out: certificates, chains, CRLs, PKCS#8 private keys, public keys and PKCS#10 requests.
 * Readers refuse anything but the expected block types, with a message that says what was found.
 */
public final class Pem {

    /** A chain or request larger than this is refused before parsing. */
    public static final int MAX_TEXT = 64 * 1024;

    private Pem() {
    }

    public static String write(Object... objects) {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter pem = new JcaPEMWriter(out)) {
            for (Object o : objects) {
                if (o instanceof PrivateKey key) {
                    pem.writeObject(new PemObject("PRIVATE KEY", key.getEncoded()));
                } else if (o instanceof PublicKey key) {
                    pem.writeObject(new PemObject("PUBLIC KEY", key.getEncoded()));
                } else {
                    pem.writeObject(o);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not write PEM: " + e.getMessage(), e);
        }
        return out.toString();
    }

    /** Every {@code CERTIFICATE} block, in order; at least one. */
    public static List<X509Certificate> certificates(String text) {
        List<X509Certificate> out = new ArrayList<>();
        try {
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            for (PemObject block : blocks(text)) {
                expect(block, "CERTIFICATE");
                out.add((X509Certificate) factory.generateCertificate(new ByteArrayInputStream(block.getContent())));
            }
        } catch (CertificateException e) {
            throw new IllegalArgumentException("a CERTIFICATE block is not a valid X.509 certificate: " + e.getMessage(), e);
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("no CERTIFICATE block found");
        }
        return out;
    }

    public static X509CRL crl(String text) {
        PemObject block = single(text, "X509 CRL");
        try {
            return (X509CRL) CertificateFactory.getInstance("X.509")
                    .generateCRL(new ByteArrayInputStream(block.getContent()));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("the X509 CRL block is not a valid CRL: " + e.getMessage(), e);
        }
    }

    /** A PKCS#8 {@code PRIVATE KEY} (EC or RSA). */
    public static PrivateKey privateKey(String text) {
        PemObject block = single(text, "PRIVATE KEY");
        for (String algorithm : List.of("EC", "RSA")) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(block.getContent()));
            } catch (GeneralSecurityException e) {
                // try the next algorithm
            }
        }
        throw new IllegalArgumentException("the PRIVATE KEY block is neither an EC nor an RSA PKCS#8 key");
    }

    /** Every {@code PUBLIC KEY} block (X.509 SubjectPublicKeyInfo, EC), in order; at least one. */
    public static List<PublicKey> publicKeys(String text) {
        List<PublicKey> out = new ArrayList<>();
        for (PemObject block : blocks(text)) {
            expect(block, "PUBLIC KEY");
            try {
                out.add(KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(block.getContent())));
            } catch (GeneralSecurityException e) {
                throw new IllegalArgumentException("a PUBLIC KEY block is not an EC public key: " + e.getMessage(), e);
            }
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("no PUBLIC KEY block found");
        }
        return out;
    }

    /** A PKCS#10 {@code CERTIFICATE REQUEST}, parsed but not yet checked. */
    public static PKCS10CertificationRequest certificationRequest(String text) {
        PemObject block = single(text, "CERTIFICATE REQUEST");
        try {
            return new PKCS10CertificationRequest(block.getContent());
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("the CERTIFICATE REQUEST block is not a valid PKCS#10 request", e);
        }
    }

    private static PemObject single(String text, String type) {
        List<PemObject> blocks = blocks(text);
        if (blocks.size() != 1) {
            throw new IllegalArgumentException("expected one " + type + " block, found " + blocks.size());
        }
        expect(blocks.get(0), type);
        return blocks.get(0);
    }

    private static void expect(PemObject block, String type) {
        if (!type.equals(block.getType())) {
            throw new IllegalArgumentException("expected a " + type + " block, found " + block.getType());
        }
    }

    private static List<PemObject> blocks(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("no PEM text given");
        }
        if (text.length() > MAX_TEXT) {
            throw new IllegalArgumentException("PEM text of " + text.length() + " characters is over the limit of " + MAX_TEXT);
        }
        List<PemObject> out = new ArrayList<>();
        try (PemReader reader = new PemReader(new StringReader(text))) {
            for (int i = 0; i < 16; i++) {
                PemObject o = reader.readPemObject();
                if (o == null) {
                    return out;
                }
                out.add(o);
            }
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("the PEM text is damaged: " + e.getMessage(), e);
        }
        throw new IllegalArgumentException("more than 16 PEM blocks");
    }
}

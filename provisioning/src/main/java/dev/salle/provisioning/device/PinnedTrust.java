package dev.salle.provisioning.device;

import dev.salle.provisioning.ca.DeviceCa;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.Arrays;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * Trust for the enrolment server: a server is accepted only when its chain contains a CA whose
 * public key hashes (SHA-256 of the SubjectPublicKeyInfo) to the pin from the QR code, and the
 * server's certificate validates up to that CA (PKIX, at the clock's time). No system trust store
 * is consulted: a public CA cannot stand in for the organisation's. The JDK still checks the host
 * name against the certificate.
 */
public final class PinnedTrust implements X509TrustManager {

    /** The server's chain does not lead to the pinned CA. */
    public static final class PinMismatchException extends CertificateException {
        private static final long serialVersionUID = 1L;

        PinMismatchException(String message) {
            super(message);
        }
    }

    private final byte[] pin;
    private final Clock clock;

    public PinnedTrust(byte[] pin, Clock clock) {
        if (pin.length != 32) {
            throw new IllegalArgumentException("a CA pin is a SHA-256 of 32 bytes, got " + pin.length);
        }
        this.pin = pin.clone();
        this.clock = clock;
    }

    /** A TLS 1.2+ context trusting only servers certified by the pinned CA. */
    public SSLContext sslContext() {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {this}, new SecureRandom());
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("no TLS in this JDK: " + e.getMessage(), e);
        }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        if (chain == null || chain.length == 0) {
            throw new PinMismatchException("the enrolment server sent no certificate");
        }
        X509Certificate anchor = Arrays.stream(chain)
                .filter(c -> Arrays.equals(DeviceCa.pin(c), pin))
                .findFirst()
                .orElseThrow(() -> new PinMismatchException("the enrolment server's certificate chain does not include the CA "
                        + HexFormat.of().formatHex(pin, 0, 8) + "… from the QR code"));
        if (chain[0].equals(anchor)) {
            throw new PinMismatchException("the enrolment server presented the CA certificate itself, not a server certificate");
        }
        try {
            List<X509Certificate> path = Arrays.stream(chain).takeWhile(c -> !c.equals(anchor)).toList();
            PKIXParameters parameters = new PKIXParameters(Set.of(new TrustAnchor(anchor, null)));
            parameters.setRevocationEnabled(false);
            parameters.setDate(Date.from(clock.instant()));
            CertPathValidator.getInstance("PKIX")
                    .validate(CertificateFactory.getInstance("X.509").generateCertPath(path), parameters);
        } catch (GeneralSecurityException e) {
            throw new PinMismatchException("the enrolment server's certificate does not validate up to the pinned CA: "
                    + e.getMessage());
        }
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateException("a device does not accept client certificates");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return new X509Certificate[0];
    }
}

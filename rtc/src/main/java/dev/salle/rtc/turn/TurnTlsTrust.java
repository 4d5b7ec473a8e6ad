package dev.salle.rtc.turn;

import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * Which certificates a {@code turns:} server may present: those that chain to the system trust
 * store (the JDK's {@code cacerts}), and to any extra anchors given here (a site's own CA, a
 * test CA). The host name is checked separately, against the name in the TURN URL.
 *
 * @param extraAnchors CA certificates trusted besides the system's
 */
public record TurnTlsTrust(List<X509Certificate> extraAnchors) {

    /** The system trust store only. */
    public static final TurnTlsTrust SYSTEM = new TurnTlsTrust(List.of());

    /** Copies the list. */
    public TurnTlsTrust {
        extraAnchors = List.copyOf(Objects.requireNonNull(extraAnchors, "extraAnchors"));
    }

    /** The system trust store and {@code anchor}. */
    public static TurnTlsTrust withExtraAnchor(X509Certificate anchor) {
        return new TurnTlsTrust(List.of(anchor));
    }

    /** A socket factory whose handshakes check the chain against these anchors. */
    SSLSocketFactory socketFactory() throws GeneralSecurityException {
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        if (extraAnchors.isEmpty()) {
            factory.init((KeyStore) null);
        } else {
            TrustManagerFactory system = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            system.init((KeyStore) null);
            KeyStore anchors = KeyStore.getInstance(KeyStore.getDefaultType());
            try {
                anchors.load(null, null);
            } catch (java.io.IOException e) {
                throw new GeneralSecurityException("an empty key store could not be created", e);
            }
            int i = 0;
            for (TrustManager manager : system.getTrustManagers()) {
                if (manager instanceof X509TrustManager x509) {
                    for (X509Certificate ca : x509.getAcceptedIssuers()) {
                        anchors.setCertificateEntry("system-" + i++, ca);
                    }
                }
            }
            for (X509Certificate ca : extraAnchors) {
                anchors.setCertificateEntry("extra-" + i++, ca);
            }
            factory.init(anchors);
        }
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, factory.getTrustManagers(), null);
        return context.getSocketFactory();
    }

    @Override
    public String toString() {
        return "TurnTlsTrust[system" + (extraAnchors.isEmpty() ? "" : " + " + extraAnchors.size() + " extra") + "]";
    }
}

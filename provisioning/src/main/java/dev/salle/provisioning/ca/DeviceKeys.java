package dev.salle.provisioning.ca;

import java.security.KeyPair;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;

/**
 * The device's side: its own EC P-256 key pair, made on the device, and the PKCS#10 request that
 * proves it holds the private key. The private key never leaves the device.
 */
public final class DeviceKeys {

    private DeviceKeys() {
    }

    public static KeyPair generate() {
        return DeviceCa.newKeyPair();
    }

    /** A PEM certificate request signed by {@code pair}; the CA replaces the subject with the device id. */
    public static String certificateRequest(KeyPair pair) {
        try {
            var subject = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, "salle-device").build();
            var request = new JcaPKCS10CertificationRequestBuilder(subject, pair.getPublic())
                    .build(new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate()));
            return Pem.write(request);
        } catch (OperatorCreationException e) {
            throw new IllegalStateException("could not sign a certificate request: " + e.getMessage(), e);
        }
    }
}

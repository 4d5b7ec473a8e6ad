package dev.salle.provisioning.qr;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.Signature;
import java.util.Base64;

/**
 * Makes the text of an enrolment QR code: {@code SALLE1:} followed by base64url, without padding,
 * of the payload bytes, the signing key's id and the ECDSA P-256 / SHA-256 signature in its
 * 64-byte r‖s form over the payload bytes. Stateless; thread-safe.
 */
public final class PayloadSigner {

    /** The text every enrolment code starts with; the digit is the text format's version. */
    public static final String PREFIX = "SALLE1:";
    static final String ALGORITHM = "SHA256withECDSAinP1363Format";
    static final int SIGNATURE_LENGTH = 64;

    private PayloadSigner() {}

    /** Signs {@code payload} with the organisation's provisioning key pair. */
    public static String sign(EnrolmentPayload payload, KeyPair key) {
        byte[] body = PayloadCodec.encode(payload);
        byte[] signature;
        try {
            Signature s = Signature.getInstance(ALGORITHM);
            s.initSign(key.getPrivate());
            s.update(body);
            signature = s.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot sign with this key (a P-256 key pair is needed): " + e.getMessage(), e);
        }
        byte[] id = ProvisioningKey.id(key.getPublic());
        byte[] all = new byte[body.length + id.length + signature.length];
        System.arraycopy(body, 0, all, 0, body.length);
        System.arraycopy(id, 0, all, body.length, id.length);
        System.arraycopy(signature, 0, all, body.length + id.length, signature.length);
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(all);
    }
}

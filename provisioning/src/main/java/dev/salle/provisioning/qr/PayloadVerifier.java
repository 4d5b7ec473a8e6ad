package dev.salle.provisioning.qr;

import dev.salle.provisioning.qr.QrRejectedException.Reason;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.time.Clock;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * The device's reader of enrolment QR codes. Checks, in this order: the {@code SALLE} prefix and
 * its version, the size, base64url, the body's structure, the key id against the trust anchors,
 * the signature, and the expiry. The body is self-delimiting (its codec refuses a byte too few or
 * too many), so a code cut short, as a torn label or a half-read image gives, is
 * {@link Reason#MALFORMED} instead of having its last bytes taken for a key id and called another
 * organisation's. Any failure is a {@link QrRejectedException} with its reason; the
 * messages never contain the code. Immutable; thread-safe.
 */
public final class PayloadVerifier {

    /** Longer texts are refused before decoding: a version-15 QR code at level M holds about 400 characters. */
    public static final int MAX_TEXT = 1000;

    private final Map<String, PublicKey> anchors;
    private final Clock clock;

    /**
     * @param trustAnchors the provisioning keys the device's image trusts
     * @param clock tells the time for the expiry
     */
    public PayloadVerifier(List<PublicKey> trustAnchors, Clock clock) {
        if (trustAnchors.isEmpty()) {
            throw new IllegalArgumentException("a verifier needs at least one trusted provisioning key");
        }
        this.anchors = trustAnchors.stream().collect(Collectors.toUnmodifiableMap(ProvisioningKey::idHex, k -> k, (a, b) -> a));
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public EnrolmentPayload verify(String text) throws QrRejectedException {
        if (text == null || text.isEmpty()) {
            throw new QrRejectedException(Reason.NOT_SALLE, "the QR code is empty");
        }
        if (text.length() > MAX_TEXT) {
            throw new QrRejectedException(Reason.TOO_LARGE, "the QR text is " + text.length() + " characters; at most "
                    + MAX_TEXT);
        }
        if (!text.startsWith(PayloadSigner.PREFIX)) {
            if (text.matches("SALLE[0-9]+:.*")) {
                throw new QrRejectedException(Reason.UNSUPPORTED_VERSION, "text format " + text.substring(0, text.indexOf(':'))
                        + " is not supported (this device reads " + PayloadSigner.PREFIX + ")");
            }
            throw new QrRejectedException(Reason.NOT_SALLE, "the QR code is " + describe(text) + ", not a Salle enrolment code");
        }
        byte[] all;
        try {
            all = Base64.getUrlDecoder().decode(text.substring(PayloadSigner.PREFIX.length()));
        } catch (IllegalArgumentException e) {
            throw new QrRejectedException(Reason.MALFORMED, "the code is not base64url: " + e.getMessage());
        }
        int tail = ProvisioningKey.ID_LENGTH + PayloadSigner.SIGNATURE_LENGTH;
        if (all.length <= tail) {
            throw new QrRejectedException(Reason.MALFORMED, "the code is " + all.length + " bytes, too short to be signed");
        }
        byte[] body = Arrays.copyOf(all, all.length - tail);
        EnrolmentPayload payload = PayloadCodec.decode(body);
        byte[] id = Arrays.copyOfRange(all, body.length, body.length + ProvisioningKey.ID_LENGTH);
        byte[] signature = Arrays.copyOfRange(all, body.length + ProvisioningKey.ID_LENGTH, all.length);
        PublicKey key = anchors.get(HexFormat.of().formatHex(id));
        if (key == null) {
            throw new QrRejectedException(Reason.UNKNOWN_KEY, "the code is signed by key " + HexFormat.of().formatHex(id)
                    + ", which this device does not trust");
        }
        if (!verifies(key, body, signature)) {
            throw new QrRejectedException(Reason.BAD_SIGNATURE, "the signature does not match the code's contents");
        }
        if (!clock.instant().isBefore(payload.expiresAt())) {
            throw new QrRejectedException(Reason.EXPIRED, "the code expired at " + payload.expiresAt());
        }
        return payload;
    }

    private static boolean verifies(PublicKey key, byte[] body, byte[] signature) {
        try {
            Signature s = Signature.getInstance(PayloadSigner.ALGORITHM);
            s.initVerify(key);
            s.update(body);
            return s.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    /** What a foreign QR code looks like, for the log: never its contents. */
    private static String describe(String text) {
        String upper = text.toUpperCase(Locale.ROOT);
        if (upper.startsWith("WIFI:")) {
            return "a Wi-Fi network code";
        }
        if (upper.startsWith("HTTP://") || upper.startsWith("HTTPS://")) {
            return "a web link";
        }
        if (upper.startsWith("BEGIN:VCARD")) {
            return "a contact card";
        }
        return "some other text (" + text.length() + " characters)";
    }
}

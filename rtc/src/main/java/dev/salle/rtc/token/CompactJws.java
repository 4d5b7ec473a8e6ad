package dev.salle.rtc.token;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.crypto.impl.HMAC;
import dev.salle.rtc.token.TokenRejectedException.Reason;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import javax.crypto.spec.SecretKeySpec;

/**
 * The compact JWS serialisation (RFC 7515 §7.1) with HS256 (RFC 7518 §3.2): strict unpadded,
 * canonical base64url, and HMAC-SHA-256 through nimbus-jose-jwt. Stateless and thread-safe.
 *
 * <p>nimbus' {@code MACSigner}/{@code MACVerifier} refuse secrets under 256 bits, which would
 * refuse the documented development key; {@link ApiKeys} enforces the length instead, so the
 * HMAC here is computed with nimbus' lower-level {@link HMAC}.
 */
final class CompactJws {

    static final String HMAC_SHA256 = "HmacSHA256";
    private static final int HS256_BYTES = 32;
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

    private CompactJws() {}

    static String encode(byte[] bytes) {
        return ENCODER.encodeToString(bytes);
    }

    /** Decodes one part; {@code what} names it in the error ("header", "payload", "signature"). */
    static byte[] decode(String part, String what) throws TokenRejectedException {
        byte[] bytes;
        try {
            bytes = DECODER.decode(part);
        } catch (IllegalArgumentException e) {
            throw new TokenRejectedException(Reason.MALFORMED, "the token's " + what
                    + " is not base64url; pass the token exactly as minted");
        }
        // Refuses padding and non-zero trailing bits, so each token has exactly one spelling.
        if (!ENCODER.encodeToString(bytes).equals(part)) {
            throw new TokenRejectedException(Reason.MALFORMED, "the token's " + what
                    + " is not canonical unpadded base64url; pass the token exactly as minted");
        }
        return bytes;
    }

    /** HMAC-SHA-256 of {@code header.payload} as ASCII. */
    static byte[] sign(String signingInput, byte[] secret) {
        try {
            return HMAC.compute(HMAC_SHA256, new SecretKeySpec(secret, HMAC_SHA256), signingInput.getBytes(StandardCharsets.US_ASCII), null);
        } catch (JOSEException e) {
            throw new IllegalStateException("HmacSHA256 is not available in this JVM: " + e.getMessage(), e);
        }
    }

    /** Whether {@code signature} is the HS256 signature of {@code signingInput}; constant time. */
    static boolean verify(String signingInput, byte[] signature, byte[] secret) {
        return signature.length == HS256_BYTES && MessageDigest.isEqual(sign(signingInput, secret), signature);
    }
}

package dev.salle.rtc.turn;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Time-limited TURN credentials from a secret shared with the TURN server (the "TURN REST API"
 * scheme of draft-uberti-behave-turn-rest, coturn's {@code use-auth-secret}): username
 * {@code EXPIRY:IDENTITY} with EXPIRY in Unix seconds, password base64(HMAC-SHA1(secret, username)).
 * The server accepts them until EXPIRY without knowing the user. {@link #toString()} hides the
 * password.
 *
 * @param username {@code expiry:identity}
 * @param password the derived password
 */
public record TurnRestCredentials(String username, String password) {

    /**
     * Credentials for {@code identity} valid for {@code ttl} from {@code now}.
     *
     * @throws IllegalArgumentException when the secret is empty, the identity contains ':' or the ttl is not positive
     */
    public static TurnRestCredentials issue(byte[] secret, String identity, Instant now, Duration ttl) {
        Objects.requireNonNull(identity, "identity");
        if (secret == null || secret.length == 0) {
            throw new IllegalArgumentException("TURN secret must not be empty");
        }
        if (identity.isEmpty() || identity.indexOf(':') >= 0) {
            throw new IllegalArgumentException("TURN identity '" + identity + "' must be non-empty without ':'");
        }
        if (ttl == null || ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("TURN credential lifetime must be positive, not " + ttl);
        }
        String username = now.plus(ttl).getEpochSecond() + ":" + identity;
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(secret, "HmacSHA1"));
            String password = Base64.getEncoder().encodeToString(mac.doFinal(username.getBytes(StandardCharsets.UTF_8)));
            return new TurnRestCredentials(username, password);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA1 is required of every Java platform", e);
        }
    }

    @Override
    public String toString() {
        return "TurnRestCredentials[" + username + "]";
    }
}

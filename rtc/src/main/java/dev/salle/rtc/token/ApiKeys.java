package dev.salle.rtc.token;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The API keys this server accepts, each with its HS256 secret. Immutable and thread-safe.
 *
 * <p>The text format is LiveKit's {@code LIVEKIT_KEYS} / {@code keys:} format: one
 * {@code KEY: SECRET} pair per line; blank lines and lines starting with {@code #} are skipped.
 * A secret must be at least {@value #MIN_SECRET_CHARS} characters (HS256 wants 256 bits), except
 * the public development pair {@value #DEV_KEY}/{@value #DEV_SECRET} that LiveKit's {@code --dev}
 * mode uses; loading that pair logs a warning. Secrets never appear in messages,
 * logs or {@link #toString()}.
 */
public final class ApiKeys {

    /** Shortest secret accepted, in characters. */
    public static final int MIN_SECRET_CHARS = 32;
    /** The public development key, accepted with its short secret for local use only. */
    public static final String DEV_KEY = "devkey";
    /** The public development secret that goes with {@link #DEV_KEY}. */
    public static final String DEV_SECRET = "secret";

    private static final Logger LOG = LoggerFactory.getLogger(ApiKeys.class);
    private static final Pattern KEY = Pattern.compile("[A-Za-z0-9_.-]{1,128}");
    private static final Pattern SECRET = Pattern.compile("\\S{1,512}");

    private final Map<String, byte[]> secrets;

    private ApiKeys(Map<String, byte[]> secrets) {
        this.secrets = Collections.unmodifiableMap(secrets);
    }

    /**
     * Parses {@code KEY: SECRET} lines.
     *
     * @throws IllegalArgumentException naming the line and the key (never the secret) when a
     *     line is not a pair, a key repeats, a secret is too short, or there is no key at all
     */
    public static ApiKeys parse(String text) {
        Map<String, String> pairs = new LinkedHashMap<>();
        String[] lines = text.split("\\R", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int colon = line.indexOf(':');
            if (colon < 0) {
                throw new IllegalArgumentException("API keys line " + (i + 1)
                        + " is not 'KEY: SECRET' (no ':' found); write one key and its secret per line");
            }
            String key = line.substring(0, colon).strip();
            String secret = line.substring(colon + 1).strip();
            if (pairs.containsKey(key)) {
                throw new IllegalArgumentException("API keys line " + (i + 1) + " repeats key '" + key
                        + "'; give each key once");
            }
            pairs.put(key, secret);
        }
        return of(pairs);
    }

    /** The environment variable LiveKit reads its keys from. */
    public static final String ENVIRONMENT_VARIABLE = "LIVEKIT_KEYS";

    /**
     * Parses {@value #ENVIRONMENT_VARIABLE} from {@code environment} (pass {@code System.getenv()}).
     *
     * @throws IllegalArgumentException when the variable is unset or blank, or as {@link #parse(String)}
     */
    public static ApiKeys fromEnvironment(Map<String, String> environment) {
        String value = environment.get(ENVIRONMENT_VARIABLE);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(ENVIRONMENT_VARIABLE + " is not set; set it to 'KEY: SECRET'"
                    + " lines (e.g. " + ENVIRONMENT_VARIABLE + "=\"APIkey: <32+ character secret>\")");
        }
        return parse(value);
    }

    /**
     * Takes key → secret pairs.
     *
     * @throws IllegalArgumentException as {@link #parse(String)}
     */
    public static ApiKeys of(Map<String, String> keyToSecret) {
        if (keyToSecret.isEmpty()) {
            throw new IllegalArgumentException("no API key configured; give at least one 'KEY: SECRET' pair");
        }
        Map<String, byte[]> secrets = new LinkedHashMap<>();
        keyToSecret.forEach((key, secret) -> {
            checkPair(key, secret);
            secrets.put(key, secret.getBytes(StandardCharsets.UTF_8));
        });
        return new ApiKeys(secrets);
    }

    private static void checkPair(String key, String secret) {
        if (key == null || !KEY.matcher(key).matches()) {
            throw new IllegalArgumentException("API key '" + key
                    + "' is not allowed; use 1 to 128 characters from A-Z a-z 0-9 _ . -");
        }
        if (secret == null || !SECRET.matcher(secret).matches()) {
            throw new IllegalArgumentException("the secret of API key '" + key
                    + "' is empty, too long or contains spaces; use 32 to 512 non-space characters");
        }
        if (DEV_KEY.equals(key) && DEV_SECRET.equals(secret)) {
            LOG.warn("API key '{}' has the public development secret: anyone can mint tokens for it;"
                    + " use it on a developer machine only", DEV_KEY);
            return;
        }
        if (secret.length() < MIN_SECRET_CHARS) {
            throw new IllegalArgumentException("the secret of API key '" + key + "' has " + secret.length()
                    + " characters, fewer than the " + MIN_SECRET_CHARS
                    + " HS256 needs; generate a longer one (e.g. openssl rand -base64 32)");
        }
    }

    /** The configured key names, in configuration order. */
    public Set<String> keyIds() {
        return secrets.keySet();
    }

    /** The secret for {@code key}, for signing and verifying within this package only. */
    Optional<byte[]> secretFor(String key) {
        byte[] secret = secrets.get(key);
        return secret == null ? Optional.empty() : Optional.of(secret.clone());
    }

    @Override
    public String toString() {
        return "ApiKeys" + secrets.keySet();
    }
}

package dev.salle.bridge.config;

import dev.salle.rtc.token.ApiKeys;
import java.util.List;
import java.util.Map;

/**
 * Where the API keys come from, in livekit-server's order: {@code --keys} options, else the
 * {@value #ENV} environment variable, else the public development key with {@code --dev}.
 * Stateless.
 */
public final class KeySource {

    /** The environment variable livekit-server reads keys from. */
    public static final String ENV = "LIVEKIT_KEYS";

    /** What to do when no key is given; shown by both {@code bridge} and {@code token}. */
    public static final String HOW_TO_FIX = "no API keys configured. Give one with --keys \"KEY: SECRET\""
            + " (a secret of at least " + ApiKeys.MIN_SECRET_CHARS + " characters, e.g. from"
            + " 'openssl rand -base64 32'), or set " + ENV + "=\"KEY: SECRET\", or add --dev to use the public"
            + " development key " + ApiKeys.DEV_KEY + "/" + ApiKeys.DEV_SECRET + " on 127.0.0.1 only.";

    private KeySource() {
    }

    /**
     * Resolves the keys.
     *
     * @param keyOptions the {@code --keys} values, each one or more {@code KEY: SECRET} lines
     * @param dev whether {@code --dev} was given
     * @param env the process environment
     * @throws ConfigException when no key is given ({@link #HOW_TO_FIX}) or a pair is refused
     */
    public static ApiKeys resolve(List<String> keyOptions, boolean dev, Map<String, String> env)
            throws ConfigException {
        String text = String.join("\n", keyOptions);
        String from = "--keys";
        if (text.isBlank()) {
            text = env.getOrDefault(ENV, "");
            from = ENV;
        }
        if (text.isBlank()) {
            if (dev) {
                return ApiKeys.of(Map.of(ApiKeys.DEV_KEY, ApiKeys.DEV_SECRET));
            }
            throw new ConfigException(HOW_TO_FIX);
        }
        try {
            return ApiKeys.parse(text);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(from + ": " + e.getMessage());
        }
    }
}

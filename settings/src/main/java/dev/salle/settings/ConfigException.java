package dev.salle.settings;

/**
 * A configuration that cannot be used. The message names the key (and the line, for a file), the
 * bad value, and what is allowed.
 */
public final class ConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String key;

    public ConfigException(String key, String message) {
        super(message);
        this.key = key;
    }

    /** The offending key, or an empty string when the problem is not about one key. */
    public String key() {
        return key;
    }
}

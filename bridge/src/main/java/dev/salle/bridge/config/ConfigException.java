package dev.salle.bridge.config;

/**
 * A configuration value was refused at start-up. The message names the key, the value (never a
 * secret) and what is allowed; the launchers print it and exit with code 2.
 */
public final class ConfigException extends Exception {

    private static final long serialVersionUID = 1L;

    public ConfigException(String message) {
        super(message);
    }
}

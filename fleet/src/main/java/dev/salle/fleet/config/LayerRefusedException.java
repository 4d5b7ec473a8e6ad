package dev.salle.fleet.config;

/** A layered value the fleet will not store; the message names the key and says what is allowed. */
public final class LayerRefusedException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final String key;

    public LayerRefusedException(String key, String message) {
        super(message);
        this.key = key;
    }

    /** The refused key. */
    public String key() {
        return key;
    }
}

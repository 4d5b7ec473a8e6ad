package dev.salle.device.fleet;

/** A publish or subscribe through a {@link FleetLink} did not complete. */
public class FleetLinkException extends Exception {

    private static final long serialVersionUID = 1L;

    public FleetLinkException(String message) {
        super(message);
    }

    public FleetLinkException(String message, Throwable cause) {
        super(message, cause);
    }
}

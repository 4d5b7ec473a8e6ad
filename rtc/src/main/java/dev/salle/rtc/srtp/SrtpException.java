package dev.salle.rtc.srtp;

/** A packet could not be protected or unprotected; {@link #status()} says why. */
public final class SrtpException extends Exception {
  private static final long serialVersionUID = 1L;

  private final SrtpStatus status;

  public SrtpException(SrtpStatus status, String message) {
    super(message);
    this.status = status;
  }

  public SrtpStatus status() {
    return status;
  }
}

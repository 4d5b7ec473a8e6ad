package dev.salle.rtc.sdp;

/**
 * A session description could not be parsed. Carries the 1-based line number (0 when the
 * problem concerns the whole text) and a message naming the bad value and what is expected.
 */
public final class SdpParseException extends Exception {
  private static final long serialVersionUID = 1L;

  /** Which rule the input broke, for callers that count or branch on it. */
  public enum Reason {
    TOO_LARGE,
    EMPTY,
    MISSING_VERSION,
    MISSING_ORIGIN,
    MISSING_SESSION_NAME,
    MISSING_TIMING,
    LINE_WITHOUT_EQUALS,
    MALFORMED_LINE,
    BAD_NUMBER,
    DUPLICATE_MID,
    BAD_ATTRIBUTE
  }

  private final Reason reason;
  private final int lineNumber;

  public SdpParseException(Reason reason, int lineNumber, String message) {
    super(lineNumber > 0 ? "SDP line " + lineNumber + ": " + message : "SDP: " + message);
    this.reason = reason;
    this.lineNumber = lineNumber;
  }

  public Reason reason() {
    return reason;
  }

  /** 1-based line number of the offending line, or 0 for whole-text problems. */
  public int lineNumber() {
    return lineNumber;
  }
}

package dev.salle.rtc.dtls;

/**
 * Which side of the DTLS handshake this endpoint plays. The endpoint whose {@code a=setup} is
 * {@code active} is the client and sends the ClientHello
 * (<a href="https://www.rfc-editor.org/rfc/rfc5763#section-5">RFC 5763 §5</a>); see
 * {@link SetupRole} for the mapping.
 */
public enum DtlsRole {
    /** Sends the ClientHello ({@code a=setup:active}). */
    CLIENT,
    /** Waits for the ClientHello ({@code a=setup:passive}). */
    SERVER
}

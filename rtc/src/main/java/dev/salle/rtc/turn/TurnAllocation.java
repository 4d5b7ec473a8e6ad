package dev.salle.rtc.turn;

import java.net.InetSocketAddress;
import java.time.Duration;

/**
 * A granted allocation (<a href="https://www.rfc-editor.org/rfc/rfc8656#section-7.3">RFC 8656
 * section 7.3</a>).
 *
 * @param relayed the relayed transport address on the server: the relayed candidate's address
 * @param mapped the client's address as the server saw it (server-reflexive)
 * @param lifetime how long the server keeps the allocation without a Refresh
 */
public record TurnAllocation(InetSocketAddress relayed, InetSocketAddress mapped, Duration lifetime) {
}

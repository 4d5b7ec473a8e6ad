/**
 * A TURN client (<a href="https://www.rfc-editor.org/rfc/rfc8656">RFC 8656</a>) over UDP, TCP or
 * TLS (the relayed side is UDP in every case; {@link dev.salle.rtc.turn.TurnTlsTrust} says which
 * CAs a {@code turns:} server may chain to): one
 * {@link dev.salle.rtc.turn.TurnClient} holds one allocation on one TURN server, authenticated with
 * long-term credentials, refreshes it and its permissions before they expire, and relays datagrams
 * to and from peers with Send and Data indications, or ChannelData once a channel is bound.
 * {@link dev.salle.rtc.turn.TurnServerUrl} parses the {@code turn:} and {@code turns:} URLs a LiveKit JoinResponse
 * hands out in {@code ice_servers}.
 *
 * <p>Everything the server sends is checked before it changes anything: a malformed, unauthenticated
 * or unexpected message is dropped and counted ({@link dev.salle.rtc.turn.TurnDropReason}).
 */
package dev.salle.rtc.turn;

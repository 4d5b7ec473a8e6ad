/**
 * ICE-lite on one UDP port (RFC 8445 §2.5): the bridge answers connectivity checks, learns each
 * peer's address from its authenticated Binding requests, and demultiplexes every later datagram
 * (DTLS, RTP, RTCP) by that address. Many sessions share the port; STUN finds its session by the
 * local ufrag in USERNAME.
 */
package dev.salle.rtc.ice;

/**
 * ICE on one UDP port (RFC 8445 §2.5): the bridge answers connectivity checks as a lite agent, a
 * device checks as a full one; each peer's authenticated checks bind its address, and every later
 * datagram (DTLS, RTP, RTCP) is demultiplexed by that address. Many sessions share the port; STUN
 * finds its session by the local ufrag in USERNAME.
 *
 * <p>ICE over TCP (RFC 6544) beside it, for networks that block UDP: {@link dev.salle.rtc.ice.TcpMux}
 * is the passive side for a port's sessions, {@link dev.salle.rtc.ice.ConnectivityChecks} the active
 * side; both carry RFC 4571 frames ({@link dev.salle.rtc.ice.FrameReader}), and an authenticated
 * connection is one more path of its session, under DTLS and SRTP unchanged.
 */
package dev.salle.rtc.ice;

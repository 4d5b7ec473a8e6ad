/**
 * Stream plumbing the transports share: {@link dev.salle.rtc.io.QueuedStreamWriter} writes a TCP
 * or TLS connection's packets from a thread of its own, so that a peer or server that stops
 * reading never blocks the sender (ICE over TCP, TURN over TCP and TLS).
 */
package dev.salle.rtc.io;

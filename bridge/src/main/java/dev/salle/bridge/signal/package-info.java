/**
 * LiveKit signalling v0 over the WebSocket at {@code /rtc}: admission (query, token, room
 * capacity) before the upgrade, in-memory rooms with their participants and track bookkeeping,
 * keepalive, leave and shutdown. No media yet: offers, answers and trickle are accepted and
 * dropped until the {@code rtc} module's peer connections are wired in.
 *
 * <p>{@link dev.salle.bridge.signal.RtcSignalling} is the Jetty handler the composition root
 * mounts; everything else is internal to this package.
 */
package dev.salle.bridge.signal;

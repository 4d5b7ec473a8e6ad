/**
 * The client side of joining a LiveKit-based meeting: {@link dev.salle.rtc.client.VisioRoomClient}
 * asks Visio's room API (or the on-site bridge's compatible one) for LiveKit access, waiting in the
 * lobby when the room is restricted; {@link dev.salle.rtc.client.LiveKitSignalClient} opens the
 * v0 signalling connection ({@link dev.salle.rtc.client.SignalConnection}) with that access; and
 * {@link dev.salle.rtc.client.ReconnectPolicy} decides when to try again after a lost connection.
 * Signalling only, no media yet (see {@code docs/protocol/client.md}). Used by the device; the
 * bridge never uses this package.
 */
package dev.salle.rtc.client;

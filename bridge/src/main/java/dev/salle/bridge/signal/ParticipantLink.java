package dev.salle.bridge.signal;

import livekit.LivekitRtc.SignalResponse;

/**
 * The way to one participant's client: its WebSocket in production, a recorder in unit tests.
 * Implementations are thread-safe and never block: sends are queued in call order.
 */
interface ParticipantLink {

    /** Queues one message; a failure is logged and ends the link, it is not thrown. */
    void send(SignalResponse message);

    /** Closes after the messages already queued; idempotent. */
    void close(int statusCode, String reason);
}

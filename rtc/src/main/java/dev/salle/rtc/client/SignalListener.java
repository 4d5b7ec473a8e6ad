package dev.salle.rtc.client;

import livekit.LivekitRtc.SignalResponse;

/**
 * Receives what the server sends on a {@link SignalConnection} after its {@code JoinResponse}:
 * participant updates, offers, answers, trickle, track_published, mute, speakers_changed, leave, …
 * ({@code pong}s are consumed by the ping loop and also passed on).
 *
 * <p>Threading: calls come from the WebSocket's receiving thread or the client's scheduler, in
 * order and never concurrently for one connection (they hold the connection's lock). Return
 * quickly; sending from a callback is allowed.
 */
public interface SignalListener {

    /** One message from the server, in arrival order. */
    void onMessage(SignalResponse message);

    /** The connection ended; called once, after the last {@link #onMessage}. */
    void onClosed(SignalClosed closed);
}

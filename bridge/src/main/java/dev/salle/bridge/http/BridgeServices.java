package dev.salle.bridge.http;

import dev.salle.bridge.config.BridgeConfig;
import dev.salle.bridge.lobby.Lobby;
import dev.salle.bridge.lobby.RequestThrottle;
import dev.salle.bridge.metrics.BridgeMetrics;
import dev.salle.bridge.room.JoinTokens;
import dev.salle.bridge.room.RoomRegistry;
import dev.salle.rtc.token.AccessTokenVerifier;
import java.util.Objects;

/**
 * What the HTTP endpoints work with, wired by the composition root. Immutable; every member is
 * thread-safe.
 *
 * @param config the validated configuration
 * @param verifier checks access tokens and admin bearer tokens
 * @param joinTokens mints guest tokens
 * @param rooms the registered rooms
 * @param lobby the lobbies of restricted rooms
 * @param entryThrottle throttles request-entry per source address
 * @param metrics counters and gauges
 */
public record BridgeServices(BridgeConfig config, AccessTokenVerifier verifier, JoinTokens joinTokens,
        RoomRegistry rooms, Lobby lobby, RequestThrottle entryThrottle, BridgeMetrics metrics) {

    public BridgeServices {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(verifier, "verifier");
        Objects.requireNonNull(joinTokens, "joinTokens");
        Objects.requireNonNull(rooms, "rooms");
        Objects.requireNonNull(lobby, "lobby");
        Objects.requireNonNull(entryThrottle, "entryThrottle");
        Objects.requireNonNull(metrics, "metrics");
    }
}

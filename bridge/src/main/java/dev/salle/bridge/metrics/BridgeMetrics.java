package dev.salle.bridge.metrics;

import java.util.function.LongSupplier;

/**
 * The series the bridge's HTTP side and room API count, registered on one
 * {@link MetricsRegistry}. Thread-safe. The media plane registers its own series on
 * {@link #registry()}.
 */
public final class BridgeMetrics {

    private final MetricsRegistry registry;
    private final LabeledCounter httpRequests;
    private final LabeledCounter tokenRejections;
    private final LabeledCounter lobbyRequests;
    private final LabeledCounter apiErrors;
    private volatile LongSupplier participants;

    /**
     * @param rooms the number of rooms that exist now
     * @param participants the number of participants connected now
     */
    public BridgeMetrics(MetricsRegistry registry, LongSupplier rooms, LongSupplier participants) {
        this.registry = registry;
        registry.gauge("salle_bridge_rooms", "Rooms that exist on this bridge.", rooms);
        this.participants = participants;
        registry.gauge("salle_bridge_participants", "Participants connected to this bridge.",
                () -> this.participants.getAsLong());
        httpRequests = registry.counter("salle_bridge_http_requests_total",
                "HTTP requests answered, by route and status code.", "path", "code");
        tokenRejections = registry.counter("salle_bridge_token_rejections_total",
                "Access tokens refused, by reason.", "reason");
        lobbyRequests = registry.counter("salle_bridge_lobby_requests_total",
                "Lobby request-entry calls, by outcome.", "outcome");
        apiErrors = registry.counter("salle_bridge_api_errors_total",
                "Requests refused with a JSON error, by error code.", "error");
    }

    /** Makes the participants gauge read {@code count} from now on (the signalling sets it when it mounts). */
    public void countParticipantsWith(LongSupplier count) {
        this.participants = java.util.Objects.requireNonNull(count, "count");
    }

    public MetricsRegistry registry() {
        return registry;
    }

    /** Counts one answered request; {@code route} is a template such as {@code /api/v1.0/rooms/{id}/}. */
    public void httpRequest(String route, int status) {
        httpRequests.increment(route, Integer.toString(status));
    }

    public void tokenRejected(String reason) {
        tokenRejections.increment(reason);
    }

    public void lobbyRequest(String outcome) {
        lobbyRequests.increment(outcome);
    }

    public void apiError(String code) {
        apiErrors.increment(code);
    }

    public LabeledCounter httpRequests() {
        return httpRequests;
    }

    public LabeledCounter tokenRejections() {
        return tokenRejections;
    }

    public LabeledCounter lobbyRequests() {
        return lobbyRequests;
    }

    public LabeledCounter apiErrors() {
        return apiErrors;
    }
}

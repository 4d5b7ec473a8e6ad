package dev.salle.bridge.signal;

import dev.salle.bridge.metrics.BridgeMetrics;
import dev.salle.bridge.metrics.LabeledCounter;
import java.util.Locale;

/**
 * The signalling's series on the bridge's registry. Thread-safe. Labels are enum names in lower
 * case, never ids.
 */
final class SignalMetrics {

    private final BridgeMetrics bridge;
    private final LabeledCounter received;
    private final LabeledCounter sent;
    private final LabeledCounter rejectedFrames;
    private final LabeledCounter refusedJoins;
    private final LabeledCounter disconnects;

    SignalMetrics(BridgeMetrics bridge) {
        this.bridge = bridge;
        var r = bridge.registry();
        received = r.counter("salle_bridge_signal_requests_total",
                "Signalling messages received from clients, by type.", "type");
        sent = r.counter("salle_bridge_signal_responses_total", "Signalling messages sent to clients, by type.", "type");
        rejectedFrames = r.counter("salle_bridge_signal_rejected_frames_total",
                "WebSocket frames refused (the socket is closed), by reason.", "reason");
        refusedJoins = r.counter("salle_bridge_signal_refused_joins_total",
                "Connections to /rtc refused before the upgrade, by reason.", "reason");
        disconnects = r.counter("salle_bridge_signal_disconnects_total",
                "Participants that left, by reason.", "reason");
    }

    static String label(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }

    void received(Enum<?> type) {
        received.increment(label(type));
    }

    void sent(Enum<?> type) {
        sent.increment(label(type));
    }

    void rejectedFrame(String reason) {
        rejectedFrames.increment(reason);
    }

    void refusedJoin(String reason) {
        refusedJoins.increment(reason);
    }

    void tokenRejected(Enum<?> reason) {
        bridge.tokenRejected(label(reason));
    }

    void disconnected(Enum<?> reason) {
        disconnects.increment(label(reason));
    }

    LabeledCounter receivedCounter() {
        return received;
    }
}

package dev.salle.device.fleet;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;

/**
 * Keeps the newest {@code capacity} telemetry messages while the link is down; the oldest is
 * dropped (and counted) when full. Not thread-safe: used on the agent's executor only.
 */
final class TelemetryOutbox {

    private final int capacity;
    private final Deque<OutboundMessage> queue = new ArrayDeque<>();
    private long dropped;

    TelemetryOutbox(int capacity) {
        this.capacity = capacity;
    }

    void add(OutboundMessage message) {
        if (capacity == 0) {
            dropped++;
            return;
        }
        while (queue.size() >= capacity) {
            queue.removeFirst();
            dropped++;
        }
        queue.addLast(message);
    }

    Optional<OutboundMessage> peek() {
        return Optional.ofNullable(queue.peekFirst());
    }

    void removeFirst() {
        queue.removeFirst();
    }

    boolean isEmpty() {
        return queue.isEmpty();
    }

    int size() {
        return queue.size();
    }

    long dropped() {
        return dropped;
    }
}

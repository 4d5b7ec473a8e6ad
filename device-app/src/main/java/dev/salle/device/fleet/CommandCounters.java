package dev.salle.device.fleet;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts command requests: received, rejected (by reason) and failed on the device. Thread-safe.
 *
 * <p>Rejection reasons: {@code unknown-command}, {@code malformed}, {@code oversized},
 * {@code invalid-argument}, {@code no-response-topic}, {@code bad-response-topic}.
 */
public final class CommandCounters {

    private final LongAdder received = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final Map<String, LongAdder> rejected = new ConcurrentHashMap<>();

    void received() {
        received.increment();
    }

    void rejected(String reason) {
        rejected.computeIfAbsent(reason, r -> new LongAdder()).increment();
    }

    void failed() {
        failed.increment();
    }

    public long receivedCount() {
        return received.sum();
    }

    public long failedCount() {
        return failed.sum();
    }

    public long rejectedCount(String reason) {
        LongAdder adder = rejected.get(reason);
        return adder == null ? 0 : adder.sum();
    }

    /** Rejections by reason, sorted by reason. */
    public Map<String, Long> rejectedByReason() {
        Map<String, Long> copy = new TreeMap<>();
        rejected.forEach((reason, adder) -> copy.put(reason, adder.sum()));
        return copy;
    }
}

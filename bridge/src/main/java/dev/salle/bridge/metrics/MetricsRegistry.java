package dev.salle.bridge.metrics;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.LongSupplier;
import java.util.regex.Pattern;

/**
 * The bridge's metrics: counter families and gauges, each under a unique Prometheus name.
 * Thread-safe. Registration happens at start-up (a name may be registered once); incrementing and
 * {@link #writePrometheusText()} may happen from any thread at any time.
 *
 * <p>Gauges are read when the text is written, so whoever owns the number (the room registry,
 * later the SFU) registers a supplier and keeps no copy here.
 */
public final class MetricsRegistry {

    private static final Pattern NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern LABEL = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");

    private final Map<String, Series> byName = new ConcurrentHashMap<>();
    private final List<Series> inOrder = new CopyOnWriteArrayList<>();

    /**
     * Registers a counter family.
     *
     * @throws IllegalArgumentException when the name or a label name is not a Prometheus name, or
     *     the name is taken
     */
    public LabeledCounter counter(String name, String help, String... labelNames) {
        for (String l : labelNames) {
            if (!LABEL.matcher(l).matches()) {
                throw new IllegalArgumentException("label name '" + l + "' of metric " + name
                        + " is not a Prometheus label name; use [a-zA-Z_][a-zA-Z0-9_]*");
            }
        }
        LabeledCounter c = new LabeledCounter(name, help, List.of(labelNames));
        register(name, c);
        return c;
    }

    /**
     * Registers a gauge whose value is read from {@code value} at each scrape; the supplier must be
     * thread-safe and quick.
     */
    public void gauge(String name, String help, LongSupplier value) {
        register(name, new Gauge(name, help, value, "gauge"));
    }

    /**
     * Registers a counter kept elsewhere (e.g. a {@code LongAdder} on a packet path, where a
     * labelled counter's lookup would cost too much), read at each scrape; it must only grow.
     */
    public void counterOf(String name, String help, LongSupplier value) {
        register(name, new Gauge(name, help, value, "counter"));
    }

    /**
     * Registers a counter with one label whose values and counts are kept elsewhere (e.g. a
     * {@code DropCounters} by reason), read at each scrape; counts must only grow.
     */
    public void counterOf(String name, String help, String label,
            java.util.function.Supplier<java.util.Map<String, Long>> values) {
        register(name, new Series() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public String help() {
                return help;
            }

            @Override
            public String type() {
                return "counter";
            }

            @Override
            public void writeTo(StringBuilder out) {
                values.get().forEach((value, count) -> LabeledCounter.writeSample(out, name, List.of(label),
                        List.of(value), count));
            }
        });
    }

    private void register(String name, Series metric) {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("metric name '" + name
                    + "' is not a Prometheus name; use [a-zA-Z_:][a-zA-Z0-9_:]*");
        }
        if (byName.putIfAbsent(name, metric) != null) {
            throw new IllegalArgumentException("metric " + name + " is registered twice; register each name once");
        }
        inOrder.add(metric);
    }

    /** Every metric in the Prometheus text exposition format 0.0.4, in registration order. */
    public String writePrometheusText() {
        StringBuilder out = new StringBuilder();
        for (Series m : inOrder) {
            out.append("# HELP ").append(m.name()).append(' ')
                    .append(m.help().replace("\\", "\\\\").replace("\n", "\\n")).append('\n');
            out.append("# TYPE ").append(m.name()).append(' ').append(m.type()).append('\n');
            m.writeTo(out);
        }
        return out.toString();
    }

    private record Gauge(String name, String help, LongSupplier value, String type) implements Series {

        @Override
        public void writeTo(StringBuilder out) {
            out.append(name).append(' ').append(value.getAsLong()).append('\n');
        }
    }
}

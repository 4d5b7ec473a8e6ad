package dev.salle.bridge.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
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

    private final Map<String, Object> byName = new ConcurrentHashMap<>();
    private final List<Object> inOrder = new java.util.concurrent.CopyOnWriteArrayList<>();

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
        register(name, new Gauge(name, help, value));
    }

    private void register(String name, Object metric) {
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
        for (Object m : new ArrayList<>(inOrder)) {
            if (m instanceof Gauge g) {
                header(out, g.name(), g.help(), "gauge");
                out.append(g.name()).append(' ').append(g.value().getAsLong()).append('\n');
            } else if (m instanceof LabeledCounter c) {
                header(out, c.name(), c.help(), "counter");
                c.snapshot().forEach((values, count) -> {
                    out.append(c.name());
                    if (!values.isEmpty()) {
                        out.append('{');
                        for (int i = 0; i < values.size(); i++) {
                            out.append(i == 0 ? "" : ",").append(c.labelNames().get(i)).append("=\"")
                                    .append(escapeLabel(values.get(i))).append('"');
                        }
                        out.append('}');
                    }
                    out.append(' ').append(count).append('\n');
                });
            }
        }
        return out.toString();
    }

    private static void header(StringBuilder out, String name, String help, String type) {
        out.append("# HELP ").append(name).append(' ')
                .append(help.replace("\\", "\\\\").replace("\n", "\\n")).append('\n');
        out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
    }

    private static String escapeLabel(String v) {
        return v.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }

    private record Gauge(String name, String help, LongSupplier value) {
    }
}

package dev.salle.bridge.metrics;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * A monotonically increasing counter family: one count per combination of label values.
 * Thread-safe and lock-free on the increment path. Label values are free text; callers must keep
 * their number small (route templates, enum names), never ids or tokens.
 */
public final class LabeledCounter implements Series {

    private final String name;
    private final String help;
    private final List<String> labelNames;
    private final Map<List<String>, LongAdder> counts = new ConcurrentHashMap<>();

    LabeledCounter(String name, String help, List<String> labelNames) {
        this.name = name;
        this.help = help;
        this.labelNames = List.copyOf(labelNames);
    }

    /**
     * Adds one to the series with these label values, given in the order of the label names.
     *
     * @throws IllegalArgumentException when the number of values does not match the labels
     */
    public void increment(String... labelValues) {
        if (labelValues.length != labelNames.size()) {
            throw new IllegalArgumentException("counter " + name + " has labels " + labelNames + ", got "
                    + labelValues.length + " values; pass one value per label");
        }
        for (String v : labelValues) {
            Objects.requireNonNull(v, "label value of " + name);
        }
        counts.computeIfAbsent(List.of(labelValues), k -> new LongAdder()).increment();
    }

    /** The current count of one series, 0 when it was never incremented. */
    public long count(String... labelValues) {
        LongAdder a = counts.get(List.of(labelValues));
        return a == null ? 0 : a.sum();
    }

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
        snapshot().forEach((values, count) -> writeSample(out, name, labelNames, values, count));
    }

    /** One sample line: {@code name{label="value",…} count}, label values escaped. */
    static void writeSample(StringBuilder out, String name, List<String> labelNames, List<String> values, long count) {
        out.append(name);
        if (!values.isEmpty()) {
            out.append('{');
            for (int i = 0; i < values.size(); i++) {
                out.append(i == 0 ? "" : ",").append(labelNames.get(i)).append("=\"")
                        .append(escapeLabel(values.get(i))).append('"');
            }
            out.append('}');
        }
        out.append(' ').append(count).append('\n');
    }

    private static String escapeLabel(String v) {
        return v.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }

    /** A snapshot of every series. */
    Map<List<String>, Long> snapshot() {
        Map<List<String>, Long> out = new TreeMap<>(Comparator.comparing(Object::toString));
        counts.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }
}

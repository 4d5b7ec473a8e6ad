package dev.salle.bridge.metrics;

/**
 * One metric family in the Prometheus text format: its name, help, type and samples.
 * Implementations are thread-safe; {@link #writeTo} may run while others update the values.
 */
interface Series {

    String name();

    String help();

    /** {@code counter} or {@code gauge}. */
    String type();

    /** Appends the sample lines (without {@code # HELP} and {@code # TYPE}). */
    void writeTo(StringBuilder out);
}

package dev.salle.bridge.bench;

import java.util.Locale;

/**
 * The figures of one load run, normalised per CPU-second of the bridge process: the bridge's own
 * counters (/metrics) over the window, its CPU time, and what the subscribers measured.
 *
 * @param seconds the measuring window's wall time
 * @param bridgeCpuSeconds CPU time (user + system) the bridge process used in the window
 * @param loadCpuSeconds CPU time the load client used in the window (it shares the machine)
 * @param packetsSent RTP packets the publishers sent
 * @param packetsIn RTP packets the bridge received from publishers
 * @param packetsOut RTP packets the bridge forwarded to subscribers
 * @param bytesOut unprotected RTP bytes forwarded
 * @param received RTP packets the subscribers received and unprotected
 * @param p50Nanos median one-way latency publisher → bridge → subscriber
 * @param p99Nanos 99th percentile of the same
 */
record LoadReport(int publishers, int subscribers, double seconds, double bridgeCpuSeconds, double loadCpuSeconds,
        double packetsSent, double packetsIn, double packetsOut, double bytesOut, long received, long p50Nanos, long p99Nanos) {

    double packetsOutPerSecond() {
        return packetsOut / seconds;
    }

    double megabitsOutPerSecond() {
        return bytesOut * 8 / 1e6 / seconds;
    }

    /** Share of one core the bridge used. */
    double bridgeCores() {
        return bridgeCpuSeconds / seconds;
    }

    double packetsPerCpuSecond() {
        return packetsOut / bridgeCpuSeconds;
    }

    double megabitsPerCpuSecond() {
        return bytesOut * 8 / 1e6 / bridgeCpuSeconds;
    }

    /** Received by subscribers over forwarded by the bridge: below 1 when packets were lost on the way. */
    double delivered() {
        return packetsOut == 0 ? 0 : received / packetsOut;
    }

    static String tableHeader() {
        return "| P×S | streams out | sent pps | in pps | out pps | out Mbit/s | bridge CPU | pkts per CPU-s | Mbit per CPU-s"
                + " | latency p50 / p99 | delivered | load client CPU |\n"
                + "|---|---|---|---|---|---|---|---|---|---|---|---|";
    }

    String tableRow() {
        return String.format(Locale.ROOT,
                "| %d×%d | %d | %.0f | %.0f | %.0f | %.1f | %.0f %% | %.0f | %.1f | %.2f / %.2f ms | %.1f %% | %.0f %% |",
                publishers, subscribers, 2 * publishers * subscribers, packetsSent / seconds, packetsIn / seconds, packetsOutPerSecond(),
                megabitsOutPerSecond(), 100 * bridgeCores(), packetsPerCpuSecond(), megabitsPerCpuSecond(),
                p50Nanos / 1e6, p99Nanos / 1e6, 100 * delivered(), 100 * loadCpuSeconds / seconds);
    }
}

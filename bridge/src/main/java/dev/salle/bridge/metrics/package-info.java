/**
 * A small metrics registry (counters with labels, gauges read on demand) and its Prometheus text
 * exposition ({@code GET /metrics}). The HTTP side, the room API and, later, the media plane each
 * register their own series on the one {@link dev.salle.bridge.metrics.MetricsRegistry}.
 */
package dev.salle.bridge.metrics;

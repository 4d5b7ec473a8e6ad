/**
 * The bridge's one HTTP port (Jetty 12 core handlers, no servlets): LiveKit's {@code /rtc}
 * endpoints, Prometheus {@code /metrics}, and the Visio-compatible room and lobby API under
 * {@code /api/v1.0/rooms/}. Bad input is answered with a specific 4xx JSON error
 * {@code {"error": code, "message": text}} and changes nothing.
 */
package dev.salle.bridge.http;

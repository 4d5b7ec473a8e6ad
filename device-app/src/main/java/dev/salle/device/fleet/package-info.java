/**
 * The fleet agent: how a room device reports itself to, and takes commands from, its fleet manager
 * over MQTT 5 (protocol in {@code docs/fleet-protocol.md}).
 *
 * <p>{@link dev.salle.device.fleet.FleetAgent} holds the policy (state, telemetry, outbox, command
 * dispatch); {@link dev.salle.device.fleet.FleetLink} is the transport role and
 * {@link dev.salle.device.fleet.PahoFleetLink} its Eclipse Paho implementation, with our own
 * jittered exponential reconnect backoff. The device app plugs in through
 * {@link dev.salle.device.fleet.DeviceReport} and {@link dev.salle.device.fleet.DeviceCommands}, and
 * lets the fleet look at its screen and recent log lines through
 * {@link dev.salle.device.fleet.DeviceDiagnostics} ({@code snapshot}, {@code collect-logs}).
 */
package dev.salle.device.fleet;

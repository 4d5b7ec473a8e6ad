package dev.salle.device.fleet;

import java.util.Map;

/**
 * Implemented by the device app: what the fleet agent reports.
 *
 * <p>Threading: called from the agent's executor; implementations must be thread-safe and fast
 * (read a snapshot, do not wait for hardware).
 */
public interface DeviceReport {

    /** The current state snapshot, published retained on connect and by {@link FleetAgent#publishState()}. */
    DeviceState state();

    /**
     * Telemetry fields for the next telemetry message (cpu, memory, temperature, peripherals, media
     * elements, pipeline state, uptime). Values must be JSON-serialisable (strings, numbers, booleans,
     * lists, maps). Leave out what cannot be read.
     */
    Map<String, Object> telemetry();
}

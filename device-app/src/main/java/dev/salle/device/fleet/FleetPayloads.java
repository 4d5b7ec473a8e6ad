package dev.salle.device.fleet;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

/** Builds the JSON payloads of the fleet protocol. Thread-safe. */
final class FleetPayloads {

    private static final ObjectMapper MAPPER = JsonMapper.builder().build();

    private final Clock clock;

    FleetPayloads(Clock clock) {
        this.clock = clock;
    }

    byte[] online(DeviceState state) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("online", true);
        identity(json, state);
        json.put("call", state.call());
        json.put("since", state.since().toString());
        json.put("ts", clock.instant().toString());
        return write(json);
    }

    /** The offline state; the will carries no {@code ts} because the broker sends it later. */
    byte[] offline(DeviceState state, String reason, boolean withTimestamp) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("online", false);
        json.put("reason", reason);
        identity(json, state);
        if (withTimestamp) {
            json.put("ts", clock.instant().toString());
        }
        return write(json);
    }

    byte[] telemetry(long seq, Map<String, Object> fields, Map<String, Object> fleet) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("seq", seq);
        json.put("ts", clock.instant().toString());
        fields.forEach((key, value) -> {
            if (!key.equals("seq") && !key.equals("ts") && !key.equals("fleet")) {
                json.put(key, value);
            }
        });
        json.put("fleet", fleet);
        return write(json);
    }

    byte[] event(String type, Map<String, Object> details) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("type", type);
        json.put("ts", clock.instant().toString());
        json.put("details", details);
        return write(json);
    }

    byte[] reply(CommandResult result) {
        Map<String, Object> json = new LinkedHashMap<>();
        switch (result) {
            case CommandResult.Ok ok -> {
                json.put("ok", true);
                json.put("result", ok.result());
            }
            case CommandResult.Failed failed -> {
                json.put("ok", false);
                json.put("error", Map.of("code", failed.code().wire(), "message", failed.message()));
            }
        }
        return write(json);
    }

    private static void identity(Map<String, Object> json, DeviceState state) {
        json.put("version", state.version());
        json.put("room", state.room());
        json.put("site", state.site());
    }

    /** Serialises; a value the device app supplied that JSON cannot hold fails with its key set. */
    static byte[] write(Map<String, Object> json) {
        try {
            return MAPPER.writeValueAsBytes(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write fleet payload with keys " + json.keySet()
                    + " as JSON: " + e.getOriginalMessage() + "; supply only strings, numbers, booleans, lists and maps", e);
        }
    }
}

package dev.salle.device.fleet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;

/** Reads payloads in tests. */
final class FleetJson {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private FleetJson() {}

    static JsonNode read(byte[] payload) {
        try {
            return MAPPER.readTree(payload);
        } catch (IOException e) {
            throw new UncheckedIOException("payload is not JSON: " + new String(payload, java.nio.charset.StandardCharsets.UTF_8), e);
        }
    }
}

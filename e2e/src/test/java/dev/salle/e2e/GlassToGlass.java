package dev.salle.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Glass-to-glass latency from a flashing test camera ({@code media.camera=test-flash}, which logs
 * {@code test camera flash: white at EPOCH_MS} per switch) and the flips a browser saw in the frames
 * it rendered ({@code livekit-browser.mjs --watch-video 1}: {@code [{"to":"white","at":EPOCH_MS}]}).
 * Both sides read the same wall clock: they run on one machine.
 */
final class GlassToGlass {

    private static final Pattern FLASH_LINE = Pattern.compile("test camera flash: (black|white) at (\\d+)");

    /** A switch of the picture to {@code colour} ("black" or "white") at a wall-clock time. */
    record Switch(String colour, long epochMillis) {}

    private GlassToGlass() {}

    /** The switch a line of the device's output reports, if it is such a line. */
    static Optional<Switch> parseFlashLine(String line) {
        Matcher m = FLASH_LINE.matcher(line);
        return m.find() ? Optional.of(new Switch(m.group(1), Long.parseLong(m.group(2)))) : Optional.empty();
    }

    /** A browser's {@code flips} array as switches; a missing node is none. */
    static List<Switch> browserFlips(JsonNode flips) {
        List<Switch> out = new ArrayList<>();
        for (JsonNode f : flips) {
            out.add(new Switch(f.path("to").asText(), f.path("at").asLong()));
        }
        return out;
    }

    /**
     * For each rendered flip, in order, its time minus that of the latest camera switch to the same
     * colour at or before it, in milliseconds. A flip with no such switch (it came before the first
     * switch the device logged) is left out.
     */
    static List<Long> latencies(List<Switch> camera, List<Switch> rendered) {
        List<Long> out = new ArrayList<>();
        for (Switch flip : rendered) {
            camera.stream()
                    .filter(s -> s.colour().equals(flip.colour()) && s.epochMillis() <= flip.epochMillis())
                    .mapToLong(Switch::epochMillis).max()
                    .ifPresent(at -> out.add(flip.epochMillis() - at));
        }
        return out;
    }
}

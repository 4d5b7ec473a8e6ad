package dev.salle.fleet.console;

import dev.salle.fleet.registry.DeviceRecord;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The filters of {@code GET /api/devices}: {@code site}, {@code room} and {@code version} (exact
 * values), {@code state} ({@code online}, {@code offline}, or a call state, which only an online
 * device is in) and {@code health} ({@code ok}, {@code problem}, {@code unknown}: see
 * {@link HealthSummary}); and the page of the devices that pass: {@code offset} (default 0) and
 * {@code limit} (default {@value #DEFAULT_LIMIT}, at most {@value #MAX_LIMIT}). Each at most once;
 * an unknown parameter or value is refused with a message that names it and says what is allowed.
 * Immutable.
 */
record DeviceFilter(Optional<String> site, Optional<String> room, Optional<String> version, Optional<String> state,
                    Optional<String> health, int offset, int limit) {

    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 500;
    private static final int MAX_OFFSET = 10_000_000;
    static final List<String> PARAMETERS = List.of("site", "room", "version", "state", "health", "offset", "limit");
    /** {@code online}, {@code offline} and the call states of {@code docs/fleet-protocol.md}. */
    static final Set<String> STATES = new TreeSet<>(Set.of("online", "offline", "idle", "joining", "in_call", "leaving", "error",
            "provisioning"));
    static final Set<String> HEALTH = new TreeSet<>(Set.of(HealthSummary.OK, HealthSummary.PROBLEM, HealthSummary.UNKNOWN));
    private static final int MAX_VALUE_CHARS = 200;

    /**
     * The filter from a request's query parameters (name → its values).
     *
     * @throws IllegalArgumentException naming the parameter, the bad value and what is allowed
     */
    static DeviceFilter parse(Map<String, List<String>> query) {
        for (var e : query.entrySet()) {
            if (!PARAMETERS.contains(e.getKey())) {
                throw new IllegalArgumentException("unknown filter '" + shorten(e.getKey()) + "': the devices can be filtered by "
                        + String.join(", ", PARAMETERS.subList(0, 5)) + ", and paged with offset and limit");
            }
            if (e.getValue().size() != 1) {
                throw new IllegalArgumentException("filter '" + e.getKey() + "' is given " + e.getValue().size()
                        + " times: give it once");
            }
            String value = e.getValue().getFirst();
            if (value.isBlank() || value.length() > MAX_VALUE_CHARS) {
                throw new IllegalArgumentException("filter '" + e.getKey() + "' must be 1 to " + MAX_VALUE_CHARS
                        + " characters, got '" + shorten(value) + "'; leave it out to see every device");
            }
        }
        Optional<String> state = one(query, "state");
        if (state.isPresent() && !STATES.contains(state.get())) {
            throw new IllegalArgumentException("filter 'state' is '" + shorten(state.get()) + "': use one of " + STATES);
        }
        Optional<String> health = one(query, "health");
        if (health.isPresent() && !HEALTH.contains(health.get())) {
            throw new IllegalArgumentException("filter 'health' is '" + shorten(health.get()) + "': use one of " + HEALTH);
        }
        int offset = number(query, "offset", 0, 0, MAX_OFFSET);
        int limit = number(query, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT);
        return new DeviceFilter(one(query, "site"), one(query, "room"), one(query, "version"), state, health, offset, limit);
    }

    private static int number(Map<String, List<String>> query, String name, int absent, int min, int max) {
        Optional<String> text = one(query, name);
        if (text.isEmpty()) {
            return absent;
        }
        int value = text.get().matches("[0-9]{1,9}") ? Integer.parseInt(text.get()) : -1;
        if (value < min || value > max) {
            throw new IllegalArgumentException("'" + name + "' is '" + shorten(text.get()) + "': use a whole number from "
                    + min + " to " + max);
        }
        return value;
    }

    /** Whether the device passes every filter given; {@code healthStatus} is its {@link HealthSummary} status. */
    boolean matches(DeviceRecord d, String healthStatus) {
        return (site.isEmpty() || site.equals(d.site()))
                && (room.isEmpty() || room.equals(d.room()))
                && (version.isEmpty() || version.equals(d.version()))
                && (health.isEmpty() || health.get().equals(healthStatus))
                && (state.isEmpty() || switch (state.get()) {
                    case "online" -> d.online();
                    case "offline" -> !d.online();
                    default -> d.online() && state.equals(d.call());
                });
    }

    private static Optional<String> one(Map<String, List<String>> query, String name) {
        return Optional.ofNullable(query.get(name)).map(List::getFirst);
    }

    private static String shorten(String text) {
        return text.length() <= 60 ? text : text.substring(0, 60) + "…";
    }
}

package dev.salle.device.fleet;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.salle.device.meeting.MeetingAddress;
import java.io.IOException;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Parses command requests strictly: anything unexpected is rejected, never guessed. Thread-safe. */
final class CommandParser {

    static final int MAX_PAYLOAD_BYTES = 64 * 1024;
    static final int MAX_URL_CHARS = 2048;
    static final int DEFAULT_IDENTIFY_SECONDS = 30;
    static final int MAX_IDENTIFY_SECONDS = 3600;

    /** The outcome: a command, or a rejection with its reply code and counter reason. */
    sealed interface Parsed {
        record Accepted(FleetCommand command) implements Parsed {}

        record Rejected(CommandError code, String reason, String message) implements Parsed {}
    }

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    Parsed parse(byte[] payload) {
        if (payload.length > MAX_PAYLOAD_BYTES) {
            return new Parsed.Rejected(CommandError.MALFORMED, "oversized", "request of " + payload.length
                    + " bytes is larger than " + MAX_PAYLOAD_BYTES + " bytes: send smaller requests");
        }
        JsonNode root;
        try {
            root = MAPPER.readTree(payload);
        } catch (IOException e) {
            return malformed("request is not valid UTF-8 JSON (" + firstLine(e.getMessage())
                    + "): send {\"command\":…,\"args\":{…}}");
        }
        if (root == null || !root.isObject()) {
            return malformed("request is not a JSON object: send {\"command\":…,\"args\":{…}}");
        }
        for (Iterator<String> names = root.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!name.equals("command") && !name.equals("args")) {
                return malformed("unknown top-level key '" + name + "': only 'command' and 'args' are allowed");
            }
        }
        JsonNode command = root.get("command");
        if (command == null || !command.isTextual()) {
            return malformed("'command' is missing or not a string: got " + (command == null ? "nothing" : command));
        }
        JsonNode args = root.get("args");
        if (args != null && !args.isObject()) {
            return malformed("'args' must be a JSON object, got " + args.getNodeType());
        }
        ObjectArgs a = new ObjectArgs(command.asText(), args);
        return switch (command.asText()) {
            case "ping" -> a.only(Set.of()).orElse(new Parsed.Accepted(new FleetCommand.Ping()));
            case "restart" -> a.only(Set.of()).orElse(new Parsed.Accepted(new FleetCommand.Restart()));
            case "leave" -> a.only(Set.of()).orElse(new Parsed.Accepted(new FleetCommand.Leave()));
            case "get-config" -> a.only(Set.of()).orElse(new Parsed.Accepted(new FleetCommand.GetConfig()));
            case "identify" -> a.only(Set.of("seconds")).orElseGet(() -> identify(a));
            case "join" -> a.only(Set.of("meetingUrl")).orElseGet(() -> join(a));
            case "set-config" -> a.only(Set.of("changes")).orElseGet(() -> setConfig(a));
            case "factory-reset" -> a.only(Set.of("confirm")).orElseGet(() -> factoryReset(a));
            case "update" -> a.only(Set.of("url")).orElseGet(() -> update(a));
            case "snapshot" -> a.only(Set.of()).orElse(new Parsed.Accepted(new FleetCommand.Snapshot()));
            case "collect-logs" -> a.only(Set.of("lines")).orElseGet(() -> collectLogs(a));
            default -> new Parsed.Rejected(CommandError.UNKNOWN_COMMAND, "unknown-command",
                    "unknown command '" + truncate(command.asText()) + "': use ping, identify, restart, join, leave,"
                            + " get-config, set-config, factory-reset, update, snapshot or collect-logs");
        };
    }

    private static Parsed identify(ObjectArgs a) {
        JsonNode seconds = a.get("seconds");
        if (seconds == null) {
            return new Parsed.Accepted(new FleetCommand.Identify(Duration.ofSeconds(DEFAULT_IDENTIFY_SECONDS)));
        }
        if (!seconds.isIntegralNumber() || seconds.asLong() < 1 || seconds.asLong() > MAX_IDENTIFY_SECONDS) {
            return invalid("seconds", "must be an integer from 1 to " + MAX_IDENTIFY_SECONDS + ", got " + seconds);
        }
        return new Parsed.Accepted(new FleetCommand.Identify(Duration.ofSeconds(seconds.asLong())));
    }

    private static Parsed collectLogs(ObjectArgs a) {
        JsonNode lines = a.get("lines");
        if (lines == null) {
            return new Parsed.Accepted(new FleetCommand.CollectLogs(LogExcerpt.DEFAULT_LINES));
        }
        if (!lines.isIntegralNumber() || lines.asLong() < 1 || lines.asLong() > LogExcerpt.MAX_LINES) {
            return invalid("lines", "must be an integer from 1 to " + LogExcerpt.MAX_LINES + ", got " + truncate(lines.toString()));
        }
        return new Parsed.Accepted(new FleetCommand.CollectLogs(lines.asInt()));
    }

    private static Parsed join(ObjectArgs a) {
        JsonNode url = a.get("meetingUrl");
        if (url == null) {
            return new Parsed.Accepted(new FleetCommand.Join(Optional.empty()));
        }
        if (!url.isTextual()) {
            return invalid("meetingUrl", "must be a string, got " + truncate(url.toString()));
        }
        try {
            // the control API's rule: one check for every way a join names a meeting
            return new Parsed.Accepted(new FleetCommand.Join(Optional.of(MeetingAddress.check("meetingUrl", url.asText()))));
        } catch (IllegalArgumentException e) {
            return new Parsed.Rejected(CommandError.INVALID_ARGUMENT, "invalid-argument", e.getMessage());
        }
    }

    private static Parsed setConfig(ObjectArgs a) {
        JsonNode changes = a.get("changes");
        if (changes == null || !changes.isObject() || changes.isEmpty()) {
            return invalid("changes", "must be a non-empty object of key to new value, got "
                    + (changes == null ? "nothing" : changes.isObject() ? "an empty object" : "a " + changes.getNodeType()));
        }
        Map<String, Object> map = new LinkedHashMap<>();
        changes.properties().forEach(e -> map.put(e.getKey(), MAPPER.convertValue(e.getValue(), Object.class)));
        return new Parsed.Accepted(new FleetCommand.SetConfig(map));
    }

    private static Parsed factoryReset(ObjectArgs a) {
        JsonNode confirm = a.get("confirm");
        if (confirm == null || !confirm.isTextual() || confirm.asText().isEmpty() || confirm.asText().length() > 64) {
            return invalid("confirm", "must be the device's id, to confirm the reset; got "
                    + (confirm == null ? "nothing" : truncate(confirm.toString())));
        }
        return new Parsed.Accepted(new FleetCommand.FactoryReset(confirm.asText()));
    }

    private static Parsed update(ObjectArgs a) {
        JsonNode url = a.get("url");
        if (url == null || !url.isTextual() || url.asText().length() > MAX_URL_CHARS) {
            return invalid("url", "must be the bundle's https:// address; got " + (url == null ? "nothing" : truncate(url.toString())));
        }
        java.net.URI uri;
        try {
            uri = java.net.URI.create(url.asText());
        } catch (IllegalArgumentException e) {
            return invalid("url", "is not a URI: " + truncate(url.asText()));
        }
        if (!"https".equals(uri.getScheme()) || uri.getHost() == null || uri.getRawUserInfo() != null) {
            return invalid("url", "must be https://host/… without user info; got " + truncate(url.asText()));
        }
        return new Parsed.Accepted(new FleetCommand.Update(uri));
    }

    private static Parsed malformed(String message) {
        return new Parsed.Rejected(CommandError.MALFORMED, "malformed", message);
    }

    private static Parsed invalid(String key, String message) {
        return new Parsed.Rejected(CommandError.INVALID_ARGUMENT, "invalid-argument", "'" + key + "' " + message);
    }

    static String truncate(String text) {
        return text.length() <= 80 ? text : text.substring(0, 80) + "…";
    }

    private static String firstLine(String text) {
        if (text == null) {
            return "no detail";
        }
        int newline = text.indexOf('\n');
        return truncate(newline < 0 ? text : text.substring(0, newline));
    }

    /** The {@code args} object of one request. */
    private record ObjectArgs(String command, JsonNode args) {

        JsonNode get(String key) {
            return args == null ? null : args.get(key);
        }

        /** A rejection when args holds a key outside {@code allowed}. */
        Optional<Parsed> only(Set<String> allowed) {
            if (args == null) {
                return Optional.empty();
            }
            for (Iterator<String> names = args.fieldNames(); names.hasNext(); ) {
                String name = names.next();
                if (!allowed.contains(name)) {
                    String takes = allowed.isEmpty() ? "it takes no arguments" : "it takes " + allowed;
                    return Optional.of(invalid(truncate(name), "is not an argument of " + command + ": " + takes));
                }
            }
            return Optional.empty();
        }
    }
}

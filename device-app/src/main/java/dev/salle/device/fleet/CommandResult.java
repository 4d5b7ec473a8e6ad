package dev.salle.device.fleet;

import java.util.Map;
import java.util.Objects;

/** The outcome of a fleet command: a result object, or an error code with a message. */
public sealed interface CommandResult {

    /** Succeeded; {@code result} becomes the reply's {@code result} object. */
    record Ok(Map<String, Object> result) implements CommandResult {
        public Ok {
            result = Map.copyOf(result);
        }
    }

    /** Failed; the message says what failed, the value, and what to do. */
    record Failed(CommandError code, String message) implements CommandResult {
        public Failed {
            Objects.requireNonNull(code, "code");
            Objects.requireNonNull(message, "message");
        }
    }

    static CommandResult ok() {
        return new Ok(Map.of());
    }

    static CommandResult ok(Map<String, Object> result) {
        return new Ok(result);
    }

    static CommandResult failed(CommandError code, String message) {
        return new Failed(code, message);
    }

    /** An argument or config key was rejected; the message starts with the key. */
    static CommandResult invalidArgument(String key, String message) {
        return new Failed(CommandError.INVALID_ARGUMENT, "'" + key + "': " + message);
    }
}

package dev.salle.device.update;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The trial record, {@code trial.json} in the update's work folder on the data partition: which
 * slot an update went into, the slot it came from, its version, how far it got, and why it failed.
 * It lives outside both slots, so the previous slot still knows about a trial after the boot loader
 * or the firmware went back to it. A record that cannot be read is logged, counted and forgotten.
 * Not thread-safe: the slots that own it are used by the update agent alone.
 */
final class TrialFile {

    static final String A = "A";
    static final String B = "B";

    /** How far a trial got. */
    enum State {
        /** Written into the other slot, not yet to be started. */
        INSTALLED("installed"),
        /** To be started, or running, on trial. */
        TRIAL("trial");

        private final String json;

        State(String json) {
            this.json = json;
        }
    }

    /** One record; {@code failure} is the code the slot on trial left when its check failed. */
    record Trial(String slot, String previous, String version, State state, Optional<String> failure) {

        Trial with(State next) {
            return new Trial(slot, previous, version, next, failure);
        }

        Trial failed(String code) {
            return new Trial(slot, previous, version, state, Optional.of(code));
        }
    }

    private static final Logger log = LoggerFactory.getLogger(TrialFile.class);

    private final Path file;
    private final AtomicLong badState;
    private final ObjectMapper json = new ObjectMapper();

    /** @param badState counts the records that could not be read */
    TrialFile(Path workDir, AtomicLong badState) {
        this.file = workDir.resolve("trial.json");
        this.badState = badState;
    }

    static String other(String slot) {
        return slot.equals(A) ? B : A;
    }

    Path path() {
        return file;
    }

    Optional<Trial> read() {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            JsonNode r = json.readTree(Files.readString(file));
            String slot = r.path("slot").asText();
            String previous = r.path("previous").asText();
            String state = r.path("state").asText();
            if (r.isObject() && (slot.equals(A) || slot.equals(B)) && previous.equals(other(slot))) {
                for (State s : State.values()) {
                    if (s.json.equals(state)) {
                        return Optional.of(new Trial(slot, previous, r.path("version").asText("unknown"), s,
                                r.hasNonNull("failure") ? Optional.of(r.path("failure").asText()) : Optional.empty()));
                    }
                }
            }
            throw new IOException("not a trial record: " + r);
        } catch (IOException e) {
            badState.incrementAndGet();
            log.warn("the trial record {} cannot be read ({}); forgetting it", file, e.getMessage());
            delete();
            return Optional.empty();
        }
    }

    void write(Trial t) {
        ObjectNode r = json.createObjectNode().put("slot", t.slot()).put("previous", t.previous())
                .put("version", t.version()).put("state", t.state().json);
        t.failure().ifPresent(f -> r.put("failure", f));
        try {
            Files.createDirectories(file.getParent());
            DurableFile.replace(file, r.toString().getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the trial record " + file + ": " + e.getMessage(), e);
        }
    }

    void delete() {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the trial record " + file + ": " + e.getMessage(), e);
        }
    }
}

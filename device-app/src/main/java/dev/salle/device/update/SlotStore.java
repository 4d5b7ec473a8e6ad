package dev.salle.device.update;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.salle.bundle.BundleVersion;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A/B slots on a PC: two folders, {@code a/} and {@code b/}, each holding a payload and its
 * {@code VERSION}, a file {@code active} naming the slot to run, and while a new slot is on trial a
 * file {@code trial} naming the slot to go back to. Every pointer is written to a temporary file
 * and renamed, so a power cut leaves the old pointer or the new one. On the image the real slot
 * mechanism (RAUC, tryboot) takes this class's place. Not thread-safe: the update agent is its only
 * user.
 */
public final class SlotStore implements Slots {

    public static final String A = "a";
    public static final String B = "b";

    private final Path root;
    private final ObjectMapper json = new ObjectMapper();

    public SlotStore(Path root) {
        this.root = root;
    }

    /** The slot that runs (A when nothing was ever installed). */
    @Override
    public String active() {
        Path pointer = root.resolve("active");
        try {
            String slot = Files.exists(pointer) ? Files.readString(pointer).strip() : A;
            return slot.equals(B) ? B : A;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + pointer + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String inactive() {
        return active().equals(A) ? B : A;
    }

    /** The version installed in a slot, if any. */
    @Override
    public Optional<BundleVersion> version(String slot) {
        Path file = root.resolve(slot).resolve("VERSION");
        try {
            return Files.exists(file) ? Optional.of(BundleVersion.parse(Files.readString(file).strip())) : Optional.empty();
        } catch (IOException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** The payload file of a slot. */
    public Path payload(String slot) {
        return root.resolve(slot).resolve("payload");
    }

    /** Replaces the inactive slot's content with a verified payload. The active slot is never touched. */
    @Override
    public void install(Path verifiedPayload, BundleVersion version) {
        String slot = inactive();
        Path target = root.resolve(slot);
        Path staging = root.resolve(slot + ".new");
        try {
            deleteTree(staging);
            Files.createDirectories(staging);
            Files.copy(verifiedPayload, staging.resolve("payload"));
            Files.writeString(staging.resolve("VERSION"), version.toString());
            deleteTree(target);
            Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot install into slot " + slot + " under " + root + ": " + e.getMessage(), e);
        }
    }

    /** Makes the inactive slot active, on trial: {@link #rollBack()} returns to the current one. */
    @Override
    public void startTrial() {
        String previous = active();
        String next = inactive();
        write("trial", json.createObjectNode().put("previous", previous).put("slot", next).toString());
        write("active", next);
    }

    /** The slot to go back to, while a trial runs. */
    @Override
    public Optional<String> trialPrevious() {
        Path file = root.resolve("trial");
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            JsonNode n = json.readTree(Files.readString(file));
            String previous = n.path("previous").asText();
            return previous.equals(A) || previous.equals(B) ? Optional.of(previous) : Optional.of(A);
        } catch (IOException e) {
            return Optional.of(inactive());
        }
    }

    /** The trial passed: the new slot stays. */
    @Override
    public void commit() {
        try {
            Files.deleteIfExists(root.resolve("trial"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot end the trial in " + root + ": " + e.getMessage(), e);
        }
    }

    /** The trial failed: the previous slot becomes active again. */
    @Override
    public void rollBack() {
        Optional<String> previous = trialPrevious();
        if (previous.isEmpty()) {
            return;
        }
        write("active", previous.get());
        commit();
    }

    private void write(String name, String text) {
        try {
            Files.createDirectories(root);
            Path tmp = root.resolve(name + ".tmp");
            Files.writeString(tmp, text);
            Files.move(tmp, root.resolve(name), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + root.resolve(name) + ": " + e.getMessage(), e);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}

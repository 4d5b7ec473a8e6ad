package dev.salle.device.update;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.salle.bundle.BundleVersion;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The OS image's slots: root partitions {@code salle-a} and {@code salle-b}, chosen at every boot
 * by GRUB from its environment block with RAUC's variables ({@code ORDER}, {@code A_OK},
 * {@code A_TRY}, {@code B_OK}, {@code B_TRY}; docs/image.md). GRUB sets the chosen slot's
 * {@code _TRY=1} before starting it; this class sets it back to 0 once the slot proved itself, so
 * a slot that never does is skipped at the next boot. The booted slot is the kernel's
 * {@code salle.slot=} argument.
 *
 * <p>A trial is recorded in {@code trial.json} in the update's work folder, on the data partition,
 * so the previous slot still knows about it after the boot loader went back: that is how a failed
 * boot is reported ({@link #failedTrial()}). Not thread-safe: the update agent is its only user.
 */
public final class GrubSlots implements Slots {

    public static final String A = "A";
    public static final String B = "B";
    private static final Logger log = LoggerFactory.getLogger(GrubSlots.class);
    private static final Pattern SLOT_ARG = Pattern.compile("(?:^|\\s)salle\\.slot=([AB])(?:\\s|$)");
    private static final int CHUNK = 1 << 20;
    private static final AtomicLong BAD_STATE = new AtomicLong();

    private final ImageLayout layout;
    private final String booted;
    private final ObjectMapper json = new ObjectMapper();

    /**
     * @throws IllegalStateException when the kernel's command line names no slot (not booted from the image)
     */
    public GrubSlots(ImageLayout layout) {
        this.layout = layout;
        String cmdline;
        try {
            cmdline = Files.readString(layout.cmdline());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + layout.cmdline() + ": " + e.getMessage(), e);
        }
        Matcher m = SLOT_ARG.matcher(cmdline.strip());
        if (!m.find()) {
            throw new IllegalStateException("update.mechanism is grub but the kernel's command line (" + layout.cmdline()
                    + ") has no salle.slot=A|B: this system was not started by the image's boot loader");
        }
        this.booted = m.group(1);
    }

    /** How many unreadable boot-state files (GRUB environment, trial record) this process met and replaced. */
    public static long badStateCount() {
        return BAD_STATE.get();
    }

    @Override
    public String active() {
        return booted;
    }

    @Override
    public String inactive() {
        return other(booted);
    }

    @Override
    public Optional<BundleVersion> version(String slot) {
        if (slot.equals(booted)) {
            return layout.runningVersion().flatMap(GrubSlots::parseVersion);
        }
        return record().filter(r -> r.path("slot").asText().equals(slot))
                .flatMap(r -> parseVersion(r.path("version").asText()));
    }

    @Override
    public void install(Path verifiedPayload, BundleVersion version) {
        String slot = inactive();
        Path target = layout.partition(slot);
        try {
            long size = Files.size(verifiedPayload);
            long capacity = capacity(target);
            if (size > capacity) {
                throw new IllegalStateException("the slot image has " + size + " bytes but slot " + slot + " (" + target
                        + ") holds " + capacity);
            }
            deleteRecord();
            // a half-written slot must never be started: it is not good until its trial begins
            writeEnv(loadEnv().with(slot + "_OK", "0").with(slot + "_TRY", "0"));
            byte[] written = copy(verifiedPayload, target);
            byte[] readBack = digest(target, size);
            if (!Arrays.equals(written, readBack)) {
                throw new IllegalStateException("slot " + slot + " (" + target + ") does not read back what was written");
            }
            ObjectNode r = json.createObjectNode().put("slot", slot).put("previous", booted).put("version", version.toString())
                    .put("state", "installed");
            writeRecord(r);
            log.info("installed {} ({} bytes) into slot {} ({}), read back and checked", version, size, slot, target);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot install into slot " + slot + " (" + target + "): " + e.getMessage(), e);
        }
    }

    @Override
    public void startTrial() {
        JsonNode r = record().orElseThrow(() -> new IllegalStateException("nothing was installed to try"));
        String next = r.path("slot").asText();
        writeRecord(((ObjectNode) r).put("state", "trial"));
        // the running slot is the fallback: good and not tried, whatever this start got to confirm
        writeEnv(loadEnv().with("ORDER", next + " " + booted).with(next + "_OK", "1").with(next + "_TRY", "0")
                .with(booted + "_OK", "1").with(booted + "_TRY", "0"));
    }

    @Override
    public Optional<String> trialPrevious() {
        // an install that never reached its trial (a crash in between) is no trial: the next start forgets it
        return record().filter(r -> r.path("state").asText().equals("trial")).map(r -> r.path("previous").asText());
    }

    @Override
    public void commit() {
        writeEnv(loadEnv().with(booted + "_OK", "1").with(booted + "_TRY", "0"));
        deleteRecord();
    }

    @Override
    public void rollBack() {
        record().ifPresent(r -> writeRecord(((ObjectNode) r).put("failure", "health-check-failed")));
        String previous = trialPrevious().orElse(other(booted));
        writeEnv(loadEnv().with("ORDER", previous + " " + booted).with(booted + "_OK", "0"));
    }

    @Override
    public boolean rollBackReportedAfterRestart() {
        return true;
    }

    @Override
    public Optional<FailedTrial> failedTrial() {
        return record().filter(r -> r.path("previous").asText().equals(booted) && r.path("state").asText().equals("trial"))
                .map(r -> new FailedTrial(r.path("version").asText("unknown"),
                        r.hasNonNull("failure") ? r.path("failure").asText() : "boot-failed"));
    }

    @Override
    public void clearFailedTrial() {
        String failed = other(booted);
        writeEnv(loadEnv().with("ORDER", booted + " " + failed).with(failed + "_OK", "0")
                .with(booted + "_OK", "1").with(booted + "_TRY", "0"));
        deleteRecord();
    }

    @Override
    public void markRunningGood() {
        GrubEnv env = loadEnv();
        if (!env.get(booted + "_OK").orElse("").equals("1") || !env.get(booted + "_TRY").orElse("").equals("0")) {
            writeEnv(env.with(booted + "_OK", "1").with(booted + "_TRY", "0"));
        }
        // an install that never started its trial leaves a record: the other slot holds nothing to try
        record().filter(r -> r.path("state").asText().equals("installed")).ifPresent(r -> deleteRecord());
    }

    private static String other(String slot) {
        return slot.equals(A) ? B : A;
    }

    private static Optional<BundleVersion> parseVersion(String text) {
        try {
            return Optional.of(BundleVersion.parse(text));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** The environment, or a fresh one that keeps the running slot when it cannot be read. */
    private GrubEnv loadEnv() {
        try {
            return GrubEnv.read(layout.grubEnv());
        } catch (IOException | GrubEnvException e) {
            BAD_STATE.incrementAndGet();
            log.warn("the boot-slot state {} cannot be read ({}); writing one that keeps slot {}", layout.grubEnv(),
                    e.getMessage(), booted);
            String o = other(booted);
            GrubEnv fresh = GrubEnv.of(new java.util.LinkedHashMap<>(java.util.Map.of()))
                    .with("ORDER", booted + " " + o).with(booted + "_OK", "1").with(booted + "_TRY", "0")
                    .with(o + "_OK", "0").with(o + "_TRY", "0");
            writeEnv(fresh);
            return fresh;
        }
    }

    private void writeEnv(GrubEnv env) {
        try {
            env.write(layout.grubEnv());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the boot-slot state " + layout.grubEnv() + ": " + e.getMessage(), e);
        }
    }

    private Path recordFile() {
        return layout.workDir().resolve("trial.json");
    }

    private Optional<JsonNode> record() {
        Path file = recordFile();
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            JsonNode r = json.readTree(Files.readString(file));
            String slot = r.path("slot").asText();
            String previous = r.path("previous").asText();
            if (r.isObject() && (slot.equals(A) || slot.equals(B)) && previous.equals(other(slot))) {
                return Optional.of(r);
            }
            throw new IOException("not a trial record: " + r);
        } catch (IOException e) {
            BAD_STATE.incrementAndGet();
            log.warn("the trial record {} cannot be read ({}); forgetting it", file, e.getMessage());
            deleteRecord();
            return Optional.empty();
        }
    }

    private void writeRecord(JsonNode r) {
        Path file = recordFile();
        try {
            Files.createDirectories(file.getParent());
            Path tmp = file.resolveSibling("trial.json.new");
            Files.writeString(tmp, r.toString());
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ch.force(true);
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            GrubEnv.syncFolder(file.getParent());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the trial record " + file + ": " + e.getMessage(), e);
        }
    }

    private void deleteRecord() {
        try {
            Files.deleteIfExists(recordFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the trial record " + recordFile() + ": " + e.getMessage(), e);
        }
    }

    /** A partition's size from sysfs, or a regular file's length (tests). */
    static long capacity(Path device) throws IOException {
        Path real = device.toRealPath();
        if (Files.isRegularFile(real)) {
            return Files.size(real);
        }
        Path sectors = Path.of("/sys/class/block", real.getFileName().toString(), "size");
        return Long.parseLong(Files.readString(sectors).strip()) * 512;
    }

    private static byte[] copy(Path from, Path to) throws IOException {
        MessageDigest sha = sha256();
        try (FileChannel in = FileChannel.open(from, StandardOpenOption.READ);
             FileChannel out = FileChannel.open(to, StandardOpenOption.WRITE)) {
            ByteBuffer buf = ByteBuffer.allocateDirect(CHUNK);
            long position = 0;
            while (in.read(buf) > 0) {
                buf.flip();
                sha.update(buf.duplicate());
                while (buf.hasRemaining()) {
                    position += out.write(buf, position);
                }
                buf.clear();
            }
            out.force(true);
        }
        return sha.digest();
    }

    private static byte[] digest(Path file, long length) throws IOException {
        MessageDigest sha = sha256();
        try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer buf = ByteBuffer.allocateDirect(CHUNK);
            long position = 0;
            while (position < length) {
                buf.clear();
                buf.limit((int) Math.min(CHUNK, length - position));
                int n = in.read(buf, position);
                if (n < 0) {
                    throw new IOException("the slot ends after " + position + " of " + length + " bytes");
                }
                position += n;
                buf.flip();
                sha.update(buf);
            }
        }
        return sha.digest();
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this Java runtime", e);
        }
    }
}

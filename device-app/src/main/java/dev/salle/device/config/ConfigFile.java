package dev.salle.device.config;

import dev.salle.settings.ConfigException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The config file's text format: one {@code key = value} per line, {@code #} starts a comment
 * line, blank lines are ignored, values are taken as written after trimming. A key may appear once.
 * This class knows the syntax only; {@link ConfigValues} checks keys and values.
 */
public final class ConfigFile {

    /** Larger files are refused: a config file is a few dozen lines. */
    public static final int MAX_BYTES = 64 * 1024;

    private ConfigFile() {}

    /**
     * Parses config text.
     *
     * @param source where the text came from, for error messages (a path)
     * @throws ConfigException naming the line when a line is not {@code key = value} or a key repeats
     */
    public static Map<String, String> parse(String text, String source) {
        if (text.length() > MAX_BYTES) {
            throw new ConfigException("", source + " is larger than " + MAX_BYTES + " bytes; is it really a config file?");
        }
        Map<String, String> values = new LinkedHashMap<>();
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int eq = line.indexOf('=');
            if (eq <= 0) {
                throw new ConfigException("", source + " line " + (i + 1) + ": expected 'key = value', found '"
                        + abbreviate(line) + "'");
            }
            String key = line.substring(0, eq).strip();
            String value = line.substring(eq + 1).strip();
            if (values.putIfAbsent(key, value) != null) {
                throw new ConfigException(key, source + " line " + (i + 1) + ": key '" + key
                        + "' is set twice; keep one line");
            }
        }
        return values;
    }

    /** Reads and parses a file; a missing or unreadable file is a {@link ConfigException} naming it. */
    public static Map<String, String> load(Path file) {
        try {
            if (Files.size(file) > MAX_BYTES) {
                throw new ConfigException("", file + " is larger than " + MAX_BYTES + " bytes; is it really a config file?");
            }
            return parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
        } catch (IOException e) {
            throw new ConfigException("", "cannot read config file " + file + ": " + e
                    + "; check the path given with --config and its permissions");
        }
    }

    /** Writes the values as config text, in the given order. */
    public static String format(Map<String, String> values) {
        StringBuilder out = new StringBuilder("# Salle device configuration. Keys and defaults: docs/configuration.md\n");
        values.forEach((k, v) -> out.append(k).append(" = ").append(v).append('\n'));
        return out.toString();
    }

    /**
     * Replaces the file's content atomically (write a sibling, then rename), so a power cut leaves
     * either the old or the new file, never half of one.
     */
    public static void saveAtomically(Path file, Map<String, String> values) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Path tmp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
        try {
            Files.writeString(tmp, format(values), StandardCharsets.UTF_8);
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static String abbreviate(String s) {
        return s.length() <= 60 ? s : s.substring(0, 57) + "...";
    }
}

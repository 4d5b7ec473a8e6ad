package dev.salle.device.logs;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * The newest log lines in memory: at most {@code capacity} lines of at most {@value #MAX_LINE_CHARS}
 * characters each (longer ones are cut), each redacted ({@link LogRedaction}) before it is kept.
 * Thread-safe: any thread may add while another reads.
 */
public final class RecentLogBuffer {

    /** A line is cut to this many characters, with {@code …} at the end. */
    public static final int MAX_LINE_CHARS = 1000;

    private final int capacity;
    private final ArrayDeque<String> lines;
    private long dropped;

    /** @param capacity how many lines to keep, 1 to 100,000; the oldest go first */
    public RecentLogBuffer(int capacity) {
        if (capacity < 1 || capacity > 100_000) {
            throw new IllegalArgumentException("a log buffer keeps 1 to 100000 lines, not " + capacity);
        }
        this.capacity = capacity;
        this.lines = new ArrayDeque<>(capacity);
    }

    /** Keeps the line (redacted, cut to length), dropping the oldest when full. */
    public void add(String line) {
        String kept = LogRedaction.redact(line.length() > MAX_LINE_CHARS ? line.substring(0, MAX_LINE_CHARS) + "…" : line);
        synchronized (lines) {
            if (lines.size() == capacity) {
                lines.removeFirst();
                dropped++;
            }
            lines.addLast(kept);
        }
    }

    /** At most {@code max} of the newest lines, oldest first. */
    public List<String> newest(int max) {
        synchronized (lines) {
            int skip = Math.max(0, lines.size() - max);
            List<String> out = new ArrayList<>(Math.min(max, lines.size()));
            int i = 0;
            for (String line : lines) {
                if (i++ >= skip) {
                    out.add(line);
                }
            }
            return out;
        }
    }

    /** How many lines the buffer holds up to. */
    public int capacity() {
        return capacity;
    }

    /** How many old lines made room for newer ones so far. */
    public long dropped() {
        synchronized (lines) {
            return dropped;
        }
    }
}

package dev.salle.fleet.bundles;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The answer to a {@code Range} header for a file of a known size (RFC 9110, section 14): one byte
 * range is served as a part; a header that does not parse, names another unit, or asks for several
 * ranges is ignored and the whole file is served, as the RFC allows; a range that starts past the
 * end cannot be satisfied.
 */
sealed interface RangeRequest {

    /** Serve the whole file. {@code ignored} is true when a Range header was there but not usable. */
    record Whole(boolean ignored) implements RangeRequest {
    }

    /** Serve bytes {@code first..last}, both included. */
    record Part(long first, long last) implements RangeRequest {
        long length() {
            return last - first + 1;
        }
    }

    /** 416: the range starts at or past the end. */
    record Unsatisfiable() implements RangeRequest {
    }

    /** At most 18 digits, so that no position overflows a long. */
    Pattern ONE = Pattern.compile("bytes=(?:([0-9]{1,18})-([0-9]{0,18})|-([0-9]{1,18}))");

    static RangeRequest of(String header, long size) {
        if (header == null) {
            return new Whole(false);
        }
        Matcher m = ONE.matcher(header.strip());
        if (!m.matches()) {
            return new Whole(true);
        }
        if (m.group(3) != null) { // the last N bytes
            long suffix = Long.parseLong(m.group(3));
            if (suffix == 0 || size == 0) {
                return new Unsatisfiable();
            }
            return new Part(Math.max(0, size - suffix), size - 1);
        }
        long first = Long.parseLong(m.group(1));
        if (!m.group(2).isEmpty() && Long.parseLong(m.group(2)) < first) {
            return new Whole(true); // "bytes=9-3" is not a range
        }
        if (first >= size) {
            return new Unsatisfiable();
        }
        long last = m.group(2).isEmpty() ? size - 1 : Long.parseLong(m.group(2));
        return new Part(first, Math.min(last, size - 1));
    }
}

package dev.salle.settings;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The type of a setting, which parses and checks its text value. {@link #parse} throws
 * {@link IllegalArgumentException} with a message that says what is allowed; the caller adds the
 * key.
 */
public sealed interface SettingType<T> {

    T parse(String text);

    /** What is allowed, for error messages and docs. */
    String allowed();

    /** Text: any value, possibly empty, at most {@code maxLength} characters. */
    record Text(int maxLength) implements SettingType<String> {
        @Override
        public String parse(String text) {
            if (text.length() > maxLength) {
                throw new IllegalArgumentException("expected text of at most " + maxLength + " characters");
            }
            if (text.chars().anyMatch(c -> c < 0x20)) {
                throw new IllegalArgumentException("expected text without control characters");
            }
            return text;
        }

        @Override
        public String allowed() {
            return "text of at most " + maxLength + " characters";
        }
    }

    /** An integer in {@code [min, max]}. */
    record Int(int min, int max) implements SettingType<Integer> {
        @Override
        public Integer parse(String text) {
            int value;
            try {
                value = Integer.parseInt(text.strip());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(allowed());
            }
            if (value < min || value > max) {
                throw new IllegalArgumentException(allowed());
            }
            return value;
        }

        @Override
        public String allowed() {
            return "an integer from " + min + " to " + max;
        }
    }

    /** {@code true} or {@code false}. */
    record Bool() implements SettingType<Boolean> {
        @Override
        public Boolean parse(String text) {
            return switch (text.strip().toLowerCase(Locale.ROOT)) {
                case "true", "yes", "on" -> true;
                case "false", "no", "off" -> false;
                default -> throw new IllegalArgumentException(allowed());
            };
        }

        @Override
        public String allowed() {
            return "true or false";
        }
    }

    /** One of a fixed set of words. */
    record Choice(List<String> choices) implements SettingType<String> {
        public Choice {
            choices = List.copyOf(choices);
        }

        @Override
        public String parse(String text) {
            String value = text.strip();
            if (!choices.contains(value)) {
                throw new IllegalArgumentException(allowed());
            }
            return value;
        }

        @Override
        public String allowed() {
            return "one of " + String.join(", ", choices);
        }
    }

    /** A duration with its unit: {@code 250ms}, {@code 30s}, {@code 5m}, {@code 1h}, within bounds. */
    record Span(Duration min, Duration max) implements SettingType<Duration> {
        private static final Pattern FORMAT = Pattern.compile("(\\d{1,9})(ms|s|m|h)");

        @Override
        public Duration parse(String text) {
            Matcher m = FORMAT.matcher(text.strip());
            if (!m.matches()) {
                throw new IllegalArgumentException(allowed());
            }
            long n = Long.parseLong(m.group(1));
            Duration d = switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                default -> Duration.ofHours(n);
            };
            if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
                throw new IllegalArgumentException(allowed());
            }
            return d;
        }

        @Override
        public String allowed() {
            return "a duration with a unit (ms, s, m, h) from " + format(min) + " to " + format(max);
        }

        static String format(Duration d) {
            if (d.toMillisPart() != 0 || d.isZero()) {
                return d.toMillis() + "ms";
            }
            if (d.toSecondsPart() != 0) {
                return d.toSeconds() + "s";
            }
            if (d.toMinutesPart() != 0) {
                return d.toMinutes() + "m";
            }
            return d.toHours() + "h";
        }
    }

    /** Text that must match a pattern; {@code description} says what is allowed. */
    record Matching(Pattern pattern, String description) implements SettingType<String> {
        @Override
        public String parse(String text) {
            String value = text.strip();
            if (!pattern.matcher(value).matches()) {
                throw new IllegalArgumentException(allowed());
            }
            return value;
        }

        @Override
        public String allowed() {
            return description;
        }
    }

    /**
     * Empty (any free port), or {@code FIRST-LAST}: at least {@code minPorts} ports from 1024 to
     * 65535, for firewalls that open a fixed range.
     */
    record PortRange(int minPorts) implements SettingType<UdpPortRange> {
        private static final Pattern RANGE = Pattern.compile("([0-9]{1,5})-([0-9]{1,5})");

        @Override
        public UdpPortRange parse(String text) {
            String t = text.strip();
            if (t.isEmpty()) {
                return UdpPortRange.ANY;
            }
            Matcher m = RANGE.matcher(t);
            if (!m.matches()) {
                throw new IllegalArgumentException(allowed());
            }
            int first = Integer.parseInt(m.group(1));
            int last = Integer.parseInt(m.group(2));
            if (first < 1024 || last > 65535 || last - first + 1 < minPorts) {
                throw new IllegalArgumentException(allowed());
            }
            return new UdpPortRange(first, last);
        }

        @Override
        public String allowed() {
            return "empty (any free port) or FIRST-LAST, at least " + minPorts + " ports from 1024 to 65535, e.g. 50000-50099";
        }
    }
}

package dev.salle.bridge.room;

import java.util.Optional;
import java.util.random.RandomGenerator;
import java.util.regex.Pattern;

/**
 * Visio meeting slugs: {@code abc-defg-hij} ({@code [a-z]{3}-[a-z]{4}-[a-z]{3}}), or the same ten
 * letters without hyphens, which is read as the hyphenated form. Stateless.
 */
public final class Slug {

    private static final Pattern HYPHENATED = Pattern.compile("[a-z]{3}-[a-z]{4}-[a-z]{3}");
    private static final Pattern LETTERS = Pattern.compile("[a-z]{10}");

    private Slug() {
    }

    /** The slug in its hyphenated form, or empty when {@code text} is not a slug. */
    public static Optional<String> normalize(String text) {
        if (text == null) {
            return Optional.empty();
        }
        if (HYPHENATED.matcher(text).matches()) {
            return Optional.of(text);
        }
        if (LETTERS.matcher(text).matches()) {
            return Optional.of(text.substring(0, 3) + "-" + text.substring(3, 7) + "-" + text.substring(7));
        }
        return Optional.empty();
    }

    /** A new random slug. */
    public static String random(RandomGenerator random) {
        StringBuilder s = new StringBuilder(12);
        for (int i = 0; i < 10; i++) {
            if (i == 3 || i == 7) {
                s.append('-');
            }
            s.append((char) ('a' + random.nextInt(26)));
        }
        return s.toString();
    }
}

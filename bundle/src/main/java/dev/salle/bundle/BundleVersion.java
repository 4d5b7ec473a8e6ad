package dev.salle.bundle;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A release version, {@code MAJOR.MINOR.PATCH} with an optional {@code -label} (a pre-release,
 * ordered before the release: {@code 1.2.0-rc1 < 1.2.0}; labels compare as text).
 */
public record BundleVersion(int major, int minor, int patch, String label) implements Comparable<BundleVersion> {

    private static final Pattern FORM = Pattern.compile("(0|[1-9][0-9]{0,5})\\.(0|[1-9][0-9]{0,5})\\.(0|[1-9][0-9]{0,5})(?:-([0-9A-Za-z.]{1,32}))?");

    /** @throws IllegalArgumentException when the text is not a version */
    public static BundleVersion parse(String text) {
        Matcher m = text == null ? null : FORM.matcher(text);
        if (m == null || !m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a version: use MAJOR.MINOR.PATCH, e.g. 1.4.2 or 1.5.0-rc1");
        }
        return new BundleVersion(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)),
                m.group(4) == null ? "" : m.group(4));
    }

    @Override
    public int compareTo(BundleVersion o) {
        int c = Integer.compare(major, o.major);
        if (c == 0) {
            c = Integer.compare(minor, o.minor);
        }
        if (c == 0) {
            c = Integer.compare(patch, o.patch);
        }
        if (c == 0 && !label.equals(o.label)) {
            c = label.isEmpty() ? 1 : o.label.isEmpty() ? -1 : label.compareTo(o.label);
        }
        return c;
    }

    @Override
    public String toString() {
        return major + "." + minor + "." + patch + (label.isEmpty() ? "" : "-" + label);
    }
}

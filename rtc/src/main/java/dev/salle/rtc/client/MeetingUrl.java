package dev.salle.rtc.client;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A meeting link: a Visio URL such as {@code https://visio.example/abc-defg-hij}, or the on-site
 * bridge's {@code http://HOST:7880/abc-defg-hij}. Immutable.
 *
 * @param base the server, {@code scheme://host[:port]}, without a path
 * @param slug the meeting slug, {@code abc-defg-hij} or the 10-letter form {@code abcdefghij}
 */
public record MeetingUrl(URI base, String slug) {

    /** Visio's slug: three, four and three lowercase letters, or ten letters without hyphens. */
    public static final Pattern SLUG = Pattern.compile("[a-z]{3}-[a-z]{4}-[a-z]{3}|[a-z]{10}");
    private static final int MAX_CHARS = 2048;

    public MeetingUrl {
        Objects.requireNonNull(base, "base");
        Objects.requireNonNull(slug, "slug");
        if (!SLUG.matcher(slug).matches()) {
            throw new IllegalArgumentException("slug '" + shown(slug) + "' is not a meeting slug like abc-defg-hij");
        }
    }

    /**
     * Parses a meeting link, e.g. from a QR code or the fleet.
     *
     * @throws IllegalArgumentException naming what is wrong: not a URL, not http(s), no host, user
     *     info, or a path that is not one meeting slug
     */
    public static MeetingUrl parse(String link) {
        Objects.requireNonNull(link, "link");
        String text = link.strip();
        if (text.isEmpty() || text.length() > MAX_CHARS) {
            throw new IllegalArgumentException("meeting link has " + text.length() + " characters; give a link like"
                    + " https://visio.example/abc-defg-hij (1 to " + MAX_CHARS + " characters)");
        }
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("'" + shown(text) + "' is not a URL (" + e.getReason()
                    + "); give a link like https://visio.example/abc-defg-hij");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http")) {
            throw new IllegalArgumentException("'" + shown(text) + "' is not an http or https link; give a link like"
                    + " https://visio.example/abc-defg-hij");
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw new IllegalArgumentException("'" + shown(text) + "' has no host; give a link like"
                    + " https://visio.example/abc-defg-hij");
        }
        if (uri.getRawUserInfo() != null) {
            throw new IllegalArgumentException("'" + shown(text) + "' carries user info before the host;"
                    + " meeting links have none");
        }
        String path = uri.getPath() == null ? "" : uri.getPath();
        if (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        String slug = path.startsWith("/") ? path.substring(1) : path;
        if (!SLUG.matcher(slug).matches()) {
            throw new IllegalArgumentException("'" + shown(text) + "' does not end in a meeting slug; the path must be"
                    + " one slug like /abc-defg-hij (lowercase letters)");
        }
        URI base = URI.create(scheme + "://" + uri.getRawAuthority());
        return new MeetingUrl(base, slug);
    }

    /** The room API address of this meeting, {@code base/api/v1.0/rooms/{slug}/}. */
    URI roomApi() {
        return URI.create(base + "/api/v1.0/rooms/" + slug + "/");
    }

    @Override
    public String toString() {
        return base + "/" + slug;
    }

    static String shown(String outside) {
        String clipped = outside.length() <= 80 ? outside : outside.substring(0, 80) + "…";
        return clipped.codePoints().map(c -> Character.isISOControl(c) ? '?' : c)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
    }
}

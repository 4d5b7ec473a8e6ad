package dev.salle.device.meeting;

import dev.salle.rtc.client.MeetingUrl;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;

/**
 * A room's meeting, as {@code call.meeting} or a join command gives it:
 * <ul>
 *   <li>a Visio or on-site bridge link, {@code https://visio.example/abc-defg-hij} (the room API
 *       hands out the token, with the lobby when there is one);</li>
 *   <li>a direct LiveKit address with its token, {@code wss://lk.example?access_token=JWT} (or
 *       {@code ws://});</li>
 *   <li>{@code local:}, the camera and microphone self-test.</li>
 * </ul>
 * Immutable; {@link #toString()} never shows a token.
 */
public sealed interface MeetingAddress {

    /** The media self-test. */
    record Local() implements MeetingAddress {}

    /** A meeting reached through a room API. */
    record Visio(MeetingUrl url) implements MeetingAddress {}

    /** A LiveKit server and a token for it. */
    record Direct(URI server, String token) implements MeetingAddress {
        @Override
        public String toString() {
            return "Direct[" + server + ", token redacted]";
        }
    }

    /** The longest meeting a join may name, in characters. */
    int MAX_LENGTH = 2048;

    /**
     * Checks a meeting that a join names (the control API's {@code meeting}, the fleet's
     * {@code meetingUrl}), one rule for both: {@code local:<name>} (a local media test, as in
     * {@code call.meeting}) or an absolute {@code http}, {@code https}, {@code ws} or {@code wss}
     * URL with a host and without user info, at most {@value #MAX_LENGTH} characters. Whether
     * the address then leads to a meeting is {@link #parse}'s and the join's to say, on screen.
     *
     * @param key the request's name for it, which each message starts with
     * @return the meeting unchanged
     * @throws IllegalArgumentException saying what is wrong, starting with {@code 'key'}
     */
    static String check(String key, String meeting) {
        String k = "'" + key + "'";
        if (meeting.length() > MAX_LENGTH) {
            throw new IllegalArgumentException(k + " is " + meeting.length() + " characters long; at most " + MAX_LENGTH
                    + " are allowed");
        }
        if (meeting.isBlank()) {
            throw new IllegalArgumentException(k + " is empty; leave the key out to join the room's own meeting (call.meeting)");
        }
        if (meeting.startsWith("local:")) {
            if (!meeting.matches("local:[a-z0-9-]{0,40}")) {
                throw new IllegalArgumentException(k + " local: names may only hold up to 40 lower-case letters, digits and '-'");
            }
            return meeting;
        }
        String allowed = "local:<name> or an absolute http, https, ws or wss URL";
        URI uri;
        try {
            uri = new URI(meeting);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(k + " is not a valid URL (" + e.getReason() + " at index " + e.getIndex()
                    + "); it must be " + allowed);
        }
        if (!uri.isAbsolute()) {
            throw new IllegalArgumentException(k + " has no scheme; it must be " + allowed);
        }
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        if (!java.util.Set.of("http", "https", "ws", "wss").contains(scheme)) {
            throw new IllegalArgumentException(k + " uses the scheme '" + (scheme.length() <= 20 ? scheme : scheme.substring(0, 17) + "...")
                    + "', which is not allowed; it must be " + allowed);
        }
        if (uri.getRawUserInfo() != null || (uri.getRawAuthority() != null && uri.getRawAuthority().contains("@"))) {
            throw new IllegalArgumentException(k + " carries a user name or password before '@'; remove it, the device never sends one");
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw new IllegalArgumentException(k + " has no host name; it must be " + allowed);
        }
        return meeting;
    }

    /**
     * Reads a meeting address.
     *
     * @throws IllegalArgumentException with a sentence for the screen when it is none of the forms
     */
    static MeetingAddress parse(String text) {
        String t = text == null ? "" : text.strip();
        if (t.isEmpty()) {
            throw new IllegalArgumentException("No meeting is set for this room.");
        }
        if (t.startsWith("local:")) {
            return new Local();
        }
        String lower = t.toLowerCase(Locale.ROOT);
        if (lower.startsWith("ws://") || lower.startsWith("wss://")) {
            return direct(t);
        }
        try {
            return new Visio(MeetingUrl.parse(t));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("The meeting address is not usable: " + e.getMessage());
        }
    }

    private static MeetingAddress direct(String t) {
        URI uri;
        try {
            uri = new URI(t);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("The meeting address is not a URL (" + e.getReason() + ").");
        }
        if (uri.getHost() == null || uri.getRawUserInfo() != null) {
            throw new IllegalArgumentException("The LiveKit address needs a host and no user info, like"
                    + " wss://livekit.example?access_token=…");
        }
        String token = query(uri, "access_token").orElseThrow(() -> new IllegalArgumentException(
                "The LiveKit address has no access_token; add ?access_token=… or use a Visio meeting link."));
        URI server = URI.create(uri.getScheme() + "://" + uri.getRawAuthority()
                + (uri.getRawPath() == null ? "" : uri.getRawPath()));
        return new Direct(server, token);
    }

    private static Optional<String> query(URI uri, String name) {
        String q = uri.getRawQuery();
        if (q == null) {
            return Optional.empty();
        }
        for (String pair : q.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0 && pair.substring(0, eq).equals(name) && eq < pair.length() - 1) {
                return Optional.of(URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return Optional.empty();
    }
}

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

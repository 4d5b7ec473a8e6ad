package dev.salle.device.page;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks a meeting given to {@code POST /api/join}: {@code local:<name>} (a local media test, as
 * in {@code call.meeting}) or an absolute {@code http}, {@code https}, {@code ws} or {@code wss}
 * URL with a host and without user-info.
 */
final class MeetingAddress {

    static final int MAX_LENGTH = 2048;

    private static final Pattern LOCAL = Pattern.compile("local:[a-z0-9-]{0,40}");
    private static final Set<String> SCHEMES = Set.of("http", "https", "ws", "wss");
    private static final String ALLOWED = "local:<name> or an absolute http, https, ws or wss URL";

    private MeetingAddress() {}

    /** Returns the meeting unchanged when it is allowed; otherwise says why not. */
    static String check(String meeting) throws BadControlRequest {
        if (meeting.length() > MAX_LENGTH) {
            throw new BadControlRequest("'meeting' is " + meeting.length() + " characters long; at most " + MAX_LENGTH + " are allowed");
        }
        if (meeting.isBlank()) {
            throw new BadControlRequest("'meeting' is empty; leave the key out to join the room's own meeting (call.meeting)");
        }
        if (meeting.startsWith("local:")) {
            if (!LOCAL.matcher(meeting).matches()) {
                throw new BadControlRequest("'meeting' local: names may only hold up to 40 lower-case letters, digits and '-'");
            }
            return meeting;
        }
        URI uri;
        try {
            uri = new URI(meeting);
        } catch (URISyntaxException e) {
            throw new BadControlRequest("'meeting' is not a valid URL (" + e.getReason() + " at index " + e.getIndex() + "); it must be "
                    + ALLOWED);
        }
        if (!uri.isAbsolute()) {
            throw new BadControlRequest("'meeting' has no scheme; it must be " + ALLOWED);
        }
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        if (!SCHEMES.contains(scheme)) {
            throw new BadControlRequest("'meeting' uses the scheme '" + abbreviate(scheme) + "', which is not allowed; it must be " + ALLOWED);
        }
        if (uri.getRawUserInfo() != null || (uri.getRawAuthority() != null && uri.getRawAuthority().contains("@"))) {
            throw new BadControlRequest("'meeting' carries a user name or password before '@'; remove it, the device never sends one");
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw new BadControlRequest("'meeting' has no host name; it must be " + ALLOWED);
        }
        return meeting;
    }

    private static String abbreviate(String s) {
        return s.length() <= 20 ? s : s.substring(0, 17) + "...";
    }
}

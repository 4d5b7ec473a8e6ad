package dev.salle.device.logs;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Removes what looks like a secret from a log line: the value after a key ending in {@code pin},
 * {@code password}, {@code passwd}, {@code pwd}, {@code secret} or {@code token} ({@code key=v},
 * {@code key: v}, {@code "key":"v"}), bearer and basic credentials, JSON web tokens, and the
 * password in a URL's user info. The device's code must not log secrets in the first place; this
 * is the second line. It errs on the side of removing too much. Stateless and thread-safe.
 */
public final class LogRedaction {

    /** What stands where a secret was. */
    public static final String REDACTED = "<redacted>";

    // a key starts where a run of name characters starts: without the look-behind, a long run of
    // such characters (base64, say) would be tried from every position, quadratic in its length
    private static final String KEY = "(?<![A-Za-z0-9_.-])([A-Za-z0-9_.-]*(?:pin|passw(?:or)?d|pwd|secret|token))";
    private static final List<String> KEY_ENDINGS = List.of("pin", "passw", "pwd", "secret", "token");
    private static final List<Pattern> QUOTED_OR_PLAIN = List.of(
            // "key": "value with spaces", key="value", key: "value"
            Pattern.compile("(?i)" + KEY + "(\"?\\s*[=:]\\s*\")([^\"]*)"),
            // key=value, key: value, "key":12345
            Pattern.compile("(?i)" + KEY + "(\"?\\s*[=:]\\s*)([^\\s\"',;&)}\\]]+)"));
    private static final Pattern SCHEME_CREDENTIALS = Pattern.compile("(?i)\\b(bearer|basic)(\\s+)[A-Za-z0-9._~+/=-]+");
    private static final Pattern JWT = Pattern.compile("\\beyJ[A-Za-z0-9_-]*\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]*");
    private static final Pattern URL_PASSWORD = Pattern.compile("(://[^/\\s:@]+:)[^/\\s@]+@");

    private LogRedaction() {
    }

    /** The line with every secret-looking value replaced by {@value #REDACTED}. */
    public static String redact(String line) {
        String out = JWT.matcher(line).replaceAll(REDACTED);
        out = SCHEME_CREDENTIALS.matcher(out).replaceAll("$1$2" + Matcher.quoteReplacement(REDACTED));
        out = URL_PASSWORD.matcher(out).replaceAll("$1" + Matcher.quoteReplacement(REDACTED) + "@");
        String lower = out.toLowerCase(java.util.Locale.ROOT);
        if (KEY_ENDINGS.stream().noneMatch(lower::contains)) {
            return out; // the common case: nothing that looks like a key, no regular expression to run
        }
        for (Pattern p : QUOTED_OR_PLAIN) {
            out = p.matcher(out).replaceAll(m -> m.group(3).equals(REDACTED) ? Matcher.quoteReplacement(m.group())
                    : Matcher.quoteReplacement(m.group(1) + m.group(2) + REDACTED));
        }
        return out;
    }
}

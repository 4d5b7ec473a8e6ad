package dev.salle.rtc.signal;

import dev.salle.rtc.signal.RtcQueryException.Reason;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.StringJoiner;
import java.util.regex.Pattern;

/**
 * The query parameters of a v0 LiveKit connect request,
 * {@code /rtc?access_token=JWT&auto_subscribe=1&sdk=js&version=V&protocol=17}, validated.
 * Immutable.
 *
 * <p>Booleans are {@code 1}/{@code true} or {@code 0}/{@code false}. Parameters not listed here
 * ({@code os}, {@code browser}, {@code device_model}, {@code network}, …) are informational and
 * ignored; a listed one given twice is refused. The token is only checked to be present: verify
 * it with {@link dev.salle.rtc.token.AccessTokenVerifier}.
 *
 * @param accessToken the JWT ({@code access_token}), not empty; never put it in a log
 * @param autoSubscribe subscribe to every published track ({@code auto_subscribe}, default true)
 * @param sdk the client SDK ({@code sdk}, e.g. {@code js}), {@code ""} when absent
 * @param sdkVersion the SDK version ({@code version}), {@code ""} when absent
 * @param protocol the signalling protocol version the client speaks ({@code protocol})
 * @param clientProtocol the client protocol version ({@code client_protocol}), if given
 * @param reconnect the client resumes an existing session ({@code reconnect}, default false)
 * @param participantSid the session to resume ({@code sid}), if given
 * @param adaptiveStream the client adapts video quality to its view ({@code adaptive_stream},
 *     default false)
 */
public record RtcConnectParams(
        String accessToken,
        boolean autoSubscribe,
        String sdk,
        String sdkVersion,
        int protocol,
        OptionalInt clientProtocol,
        boolean reconnect,
        Optional<String> participantSid,
        boolean adaptiveStream) {

    /** The signalling protocol version this code is built against. */
    public static final int SERVER_PROTOCOL = 17;
    /** Longest query accepted, in characters; a token may take 8 KiB of it. */
    public static final int MAX_QUERY_CHARS = 16 * 1024;
    /** Largest protocol number accepted in {@code protocol} and {@code client_protocol}. */
    public static final int MAX_PROTOCOL = 1000;

    private static final Pattern SDK = Pattern.compile("[A-Za-z0-9_.-]{1,32}");
    private static final Pattern VERSION = Pattern.compile("[A-Za-z0-9_.+-]{1,64}");
    private static final java.util.Set<String> KNOWN = java.util.Set.of("access_token", "auto_subscribe", "sdk",
            "version", "protocol", "client_protocol", "reconnect", "sid", "adaptive_stream");

    public RtcConnectParams {
        if (accessToken == null || accessToken.isEmpty()) {
            throw new IllegalArgumentException("accessToken must not be empty");
        }
        Objects.requireNonNull(sdk, "sdk");
        Objects.requireNonNull(sdkVersion, "sdkVersion");
        Objects.requireNonNull(clientProtocol, "clientProtocol");
        Objects.requireNonNull(participantSid, "participantSid");
    }

    /** The parameters of a first connect as the JS SDK sends them. */
    public static RtcConnectParams join(String accessToken, String sdk, String sdkVersion) {
        return new RtcConnectParams(accessToken, true, sdk, sdkVersion, SERVER_PROTOCOL, OptionalInt.empty(),
                false, Optional.empty(), false);
    }

    /**
     * Parses a raw query string (what follows {@code ?}, still percent-encoded; {@code +} is a
     * space).
     *
     * @throws RtcQueryException naming the first parameter at fault
     */
    public static RtcConnectParams parse(String rawQuery) throws RtcQueryException {
        return parse(rawQuery, java.util.Optional.empty());
    }

    /**
     * As {@link #parse(String)}, with the token of an {@code Authorization: Bearer} header used
     * when the query has no {@code access_token} (LiveKit accepts both; the Rust-based SDKs such as
     * rtc-node send the header).
     *
     * @param bearerToken the header's token, without the {@code Bearer } prefix
     * @throws RtcQueryException naming the first parameter at fault
     */
    public static RtcConnectParams parse(String rawQuery, java.util.Optional<String> bearerToken)
            throws RtcQueryException {
        if (rawQuery == null) {
            rawQuery = "";
        }
        if (rawQuery.length() > MAX_QUERY_CHARS) {
            throw new RtcQueryException(Reason.TOO_LONG, "", "query of " + rawQuery.length()
                    + " characters is longer than the " + MAX_QUERY_CHARS + " accepted");
        }
        Map<String, String> p = decode(rawQuery);
        String token = p.getOrDefault("access_token", "");
        if (token.isEmpty()) {
            token = bearerToken.orElse("");
        }
        if (token.isEmpty()) {
            throw new RtcQueryException(Reason.MISSING, "access_token",
                    "no access_token parameter nor Authorization: Bearer header; connect with /rtc?access_token=<JWT>&protocol="
                            + SERVER_PROTOCOL);
        }
        String protocol = p.get("protocol");
        if (protocol == null || protocol.isEmpty()) {
            throw new RtcQueryException(Reason.MISSING, "protocol", "no protocol parameter; this server speaks protocol "
                    + SERVER_PROTOCOL + ", add &protocol=" + SERVER_PROTOCOL);
        }
        String sid = p.get("sid");
        if (sid != null && !ParticipantIds.isParticipantSid(sid)) {
            throw badValue("sid", sid, "a participant sid PA_ followed by " + ParticipantIds.RANDOM_CHARS
                    + " letters or digits");
        }
        return new RtcConnectParams(
                token,
                bool(p, "auto_subscribe", true),
                text(p, "sdk", SDK, "1 to 32 characters from A-Z a-z 0-9 _ . -"),
                text(p, "version", VERSION, "1 to 64 characters from A-Z a-z 0-9 _ . + -"),
                protocolNumber("protocol", protocol),
                p.containsKey("client_protocol")
                        ? OptionalInt.of(protocolNumber("client_protocol", p.get("client_protocol")))
                        : OptionalInt.empty(),
                bool(p, "reconnect", false),
                Optional.ofNullable(sid),
                bool(p, "adaptive_stream", false));
    }

    /** The query string a client sends for these parameters (percent-encoded, no leading {@code ?}). */
    public String toQueryString() {
        StringJoiner q = new StringJoiner("&");
        q.add("access_token=" + URLEncoder.encode(accessToken, StandardCharsets.UTF_8));
        q.add("auto_subscribe=" + (autoSubscribe ? "1" : "0"));
        if (!sdk.isEmpty()) {
            q.add("sdk=" + URLEncoder.encode(sdk, StandardCharsets.UTF_8));
        }
        if (!sdkVersion.isEmpty()) {
            q.add("version=" + URLEncoder.encode(sdkVersion, StandardCharsets.UTF_8));
        }
        q.add("protocol=" + protocol);
        clientProtocol.ifPresent(c -> q.add("client_protocol=" + c));
        if (reconnect) {
            q.add("reconnect=1");
        }
        participantSid.ifPresent(s -> q.add("sid=" + s));
        if (adaptiveStream) {
            q.add("adaptive_stream=1");
        }
        return q.toString();
    }

    @Override
    public String toString() {
        // The token is a bearer credential: keep it out of logs.
        return "RtcConnectParams[sdk=" + sdk + ", version=" + sdkVersion + ", protocol=" + protocol
                + ", autoSubscribe=" + autoSubscribe + ", reconnect=" + reconnect + ", sid=" + participantSid.orElse("")
                + ", adaptiveStream=" + adaptiveStream + "]";
    }

    private static Map<String, String> decode(String rawQuery) throws RtcQueryException {
        Map<String, String> out = new HashMap<>();
        if (rawQuery.isEmpty()) {
            return out;
        }
        for (String pair : rawQuery.split("&", -1)) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = percentDecode(eq < 0 ? pair : pair.substring(0, eq), "a parameter name");
            if (!KNOWN.contains(name)) {
                continue;
            }
            String value = percentDecode(eq < 0 ? "" : pair.substring(eq + 1), name);
            if (out.putIfAbsent(name, value) != null) {
                throw new RtcQueryException(Reason.DUPLICATE, name, "parameter " + name
                        + " is given more than once; give it once");
            }
        }
        return out;
    }

    private static String percentDecode(String s, String what) throws RtcQueryException {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            String parameter = what.startsWith("a ") ? "" : what;
            throw new RtcQueryException(Reason.MALFORMED, parameter, "bad percent-encoding in " + what
                    + "; encode the query with encodeURIComponent or URLSearchParams");
        }
    }

    private static boolean bool(Map<String, String> p, String name, boolean absent) throws RtcQueryException {
        String v = p.get(name);
        if (v == null) {
            return absent;
        }
        return switch (v) {
            case "1", "true" -> true;
            case "0", "false" -> false;
            default -> throw badValue(name, v, "1, 0, true or false");
        };
    }

    private static String text(Map<String, String> p, String name, Pattern allowed, String what)
            throws RtcQueryException {
        String v = p.get(name);
        if (v == null) {
            return "";
        }
        if (!allowed.matcher(v).matches()) {
            throw badValue(name, v, what);
        }
        return v;
    }

    private static int protocolNumber(String name, String v) throws RtcQueryException {
        int n;
        try {
            n = Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw badValue(name, v, "a whole number from 0 to " + MAX_PROTOCOL);
        }
        if (n < 0 || n > MAX_PROTOCOL) {
            throw badValue(name, v, "a whole number from 0 to " + MAX_PROTOCOL);
        }
        return n;
    }

    private static RtcQueryException badValue(String name, String value, String allowed) {
        String clipped = value.length() <= 64 ? value : value.substring(0, 64) + "…";
        // The value came from outside: no control characters into messages and logs.
        String shown = clipped.codePoints()
                .map(c -> Character.isISOControl(c) ? '?' : c)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
                .toString();
        return new RtcQueryException(Reason.BAD_VALUE, name, "parameter " + name + " is '" + shown
                + "', expected " + allowed);
    }
}

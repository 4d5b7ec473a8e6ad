package dev.salle.rtc.turn;

import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A TURN or STUN server URL as WebRTC's {@code RTCIceServer.urls} and LiveKit's
 * {@code ICEServer.urls} carry them (<a href="https://www.rfc-editor.org/rfc/rfc7065#section-3">RFC
 * 7065 section 3</a>, <a href="https://www.rfc-editor.org/rfc/rfc7064#section-3">RFC 7064</a>):
 * {@code turn:host[:port][?transport=udp|tcp]}, {@code turns:…}, {@code stun:host[:port]}.
 * Parsed strictly: anything else is refused with a message that names the bad part.
 *
 * @param scheme stun, turn or turns
 * @param host a host name, an IPv4 address, or an IPv6 address without brackets
 * @param port the port: given, or 3478 (5349 for turns)
 * @param transport udp or tcp; a turn URL without {@code ?transport} means udp, turns means tcp
 */
public record TurnServerUrl(Scheme scheme, String host, int port, Transport transport) {

    /** The URL scheme. */
    public enum Scheme { STUN, TURN, TURNS }

    /** The transport to the server. */
    public enum Transport { UDP, TCP }

    private static final Pattern URL = Pattern.compile(
        "(stun|turn|turns):(\\[[0-9A-Fa-f:.]+\\]|[A-Za-z0-9.-]+)(?::([0-9]{1,5}))?(?:\\?transport=(udp|tcp))?");

    /** Checks the parts. */
    public TurnServerUrl {
        Objects.requireNonNull(scheme, "scheme");
        Objects.requireNonNull(transport, "transport");
        if (host == null || host.isEmpty() || host.length() > 253) {
            throw new IllegalArgumentException("TURN URL host must be 1..253 characters, not " + host);
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("TURN URL port must be 1..65535, not " + port);
        }
    }

    /**
     * Parses one URL.
     *
     * @throws IllegalArgumentException naming the URL and what is allowed
     */
    public static TurnServerUrl parse(String url) {
        Matcher m = url == null ? null : URL.matcher(url.trim());
        if (m == null || !m.matches()) {
            throw new IllegalArgumentException("ICE server URL '" + url + "' is not stun:HOST[:PORT] or"
                + " turn[s]:HOST[:PORT][?transport=udp|tcp]");
        }
        Scheme scheme = Scheme.valueOf(m.group(1).toUpperCase(Locale.ROOT));
        String host = m.group(2).startsWith("[") ? m.group(2).substring(1, m.group(2).length() - 1) : m.group(2);
        if (scheme == Scheme.STUN && m.group(4) != null) {
            throw new IllegalArgumentException("ICE server URL '" + url + "': a stun: URL takes no ?transport");
        }
        int port = m.group(3) == null ? (scheme == Scheme.TURNS ? 5349 : 3478) : Integer.parseInt(m.group(3));
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("ICE server URL '" + url + "' has port " + port + "; allowed: 1..65535");
        }
        Transport transport = m.group(4) != null ? Transport.valueOf(m.group(4).toUpperCase(Locale.ROOT))
            : scheme == Scheme.TURNS ? Transport.TCP : Transport.UDP;
        return new TurnServerUrl(scheme, host, port, transport);
    }

    /**
     * Whether this client can allocate on it: {@code turn:} over UDP or TCP, {@code turns:} over
     * TLS (not {@code turns:…?transport=udp}, which would be DTLS).
     */
    public boolean supported() {
        return scheme == Scheme.TURN || scheme == Scheme.TURNS && transport == Transport.TCP;
    }

    /** How a client reaches this server; only for {@link #supported()} URLs. */
    public TurnServer.Transport clientTransport() {
        if (!supported()) {
            throw new IllegalStateException("no TURN client transport for " + this);
        }
        return scheme == Scheme.TURNS ? TurnServer.Transport.TLS
            : transport == Transport.TCP ? TurnServer.Transport.TCP : TurnServer.Transport.UDP;
    }

    @Override
    public String toString() {
        String h = host.contains(":") ? "[" + host + "]" : host;
        return scheme.name().toLowerCase(Locale.ROOT) + ":" + h + ":" + port
            + (scheme == Scheme.STUN ? "" : "?transport=" + transport.name().toLowerCase(Locale.ROOT));
    }
}

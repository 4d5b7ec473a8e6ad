package dev.salle.bridge.config;

import dev.salle.rtc.token.ApiKeys;
import java.net.URI;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Everything the bridge needs to start. Immutable; build it with {@link #validated} so that a bad
 * value fails start-up with a message naming the key. Defaults follow livekit-server: HTTP and
 * signalling on {@value #DEFAULT_PORT}, media on UDP {@value #DEFAULT_UDP_PORT} and, for networks that
 * block UDP, ICE over TCP on {@value #DEFAULT_TCP_PORT}.
 *
 * @param bind the address to listen on; {@value #ALL_INTERFACES} for every interface
 * @param port the HTTP and signalling TCP port, 0 for any free one (tests)
 * @param udpPort the media UDP port (ICE-lite, every peer connection on it); 0 picks a free one
 * @param tcpPort the media TCP port (passive ICE-TCP, RFC 6544, for clients whose UDP is blocked);
 *     {@value #TCP_OFF} turns it off
 * @param keys the API keys tokens are verified and minted with
 * @param dev development mode: the public dev key; {@code bind} must then be a loopback address
 * @param publicUrl the {@code ws://} or {@code wss://} URL clients should use, when the
 *     request's Host header is not the right one (behind a proxy)
 * @param limits resource limits
 * @param tls the certificate and key for HTTPS (and {@code wss://}); empty for plain HTTP. Browsers
 *     give pages camera and microphone only over HTTPS (or on localhost), so a bridge that serves
 *     the web client to a site's network needs it.
 */
public record BridgeConfig(String bind, int port, int udpPort, int tcpPort, ApiKeys keys, boolean dev,
        Optional<URI> publicUrl, BridgeLimits limits, Optional<TlsFiles> tls, Optional<TurnOffer> turn) {

    public static final int DEFAULT_PORT = 7880;
    public static final int DEFAULT_UDP_PORT = 7882;
    public static final int DEFAULT_TCP_PORT = 7881;
    /** {@code tcpPort} when ICE-TCP is off. */
    public static final int TCP_OFF = 0;
    public static final String ALL_INTERFACES = "0.0.0.0";
    public static final String LOOPBACK = "127.0.0.1";

    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9.:\\-\\[\\]]{1,253}");

    public BridgeConfig {
        Objects.requireNonNull(bind, "bind");
        Objects.requireNonNull(keys, "keys");
        Objects.requireNonNull(publicUrl, "publicUrl");
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(tls, "tls");
        Objects.requireNonNull(turn, "turn");
    }

    /** A copy serving HTTPS with these files. */
    public BridgeConfig withTls(TlsFiles files) {
        return new BridgeConfig(bind, port, udpPort, tcpPort, keys, dev, publicUrl, limits, Optional.of(files), turn);
    }

    /** A copy that hands clients these TURN servers in every JoinResponse. */
    public BridgeConfig withTurn(Optional<TurnOffer> offer) {
        return new BridgeConfig(bind, port, udpPort, tcpPort, keys, dev, publicUrl, limits, tls, offer);
    }

    /**
     * Builds and validates a configuration without ICE-TCP (UDP media only).
     *
     * @throws ConfigException naming the first bad key, its value and what is allowed
     */
    public static BridgeConfig validated(String bind, int port, int udpPort, ApiKeys keys, boolean dev,
            Optional<String> publicUrl, BridgeLimits limits) throws ConfigException {
        return validated(bind, port, udpPort, TCP_OFF, keys, dev, publicUrl, limits);
    }

    /**
     * Builds and validates a configuration.
     *
     * @param tcpPort 1 to 65535, or {@value #TCP_OFF} for no ICE-TCP
     * @throws ConfigException naming the first bad key, its value and what is allowed
     */
    public static BridgeConfig validated(String bind, int port, int udpPort, int tcpPort, ApiKeys keys, boolean dev,
            Optional<String> publicUrl, BridgeLimits limits) throws ConfigException {
        if (!HOST.matcher(bind).matches()) {
            throw new ConfigException("bind is '" + bind + "'; give an IP address or host name, "
                    + ALL_INTERFACES + " for every interface");
        }
        if (dev && !isLoopback(bind)) {
            throw new ConfigException("bind is '" + bind + "' but --dev uses the public key devkey/secret, so it"
                    + " listens on loopback only (127.0.0.1, ::1 or localhost); drop --bind, or give real keys"
                    + " with --keys instead of --dev to listen on other addresses");
        }
        if (port < 0 || port > 65535) {
            throw new ConfigException("port is " + port + "; allowed: 0 (any free port) to 65535");
        }
        if (udpPort < 0 || udpPort > 65535) {
            throw new ConfigException("udp-port is " + udpPort + "; allowed: 0 (any free port) to 65535");
        }
        if (tcpPort < 0 || tcpPort > 65535) {
            throw new ConfigException("tcp-port is " + tcpPort + "; allowed: 1 to 65535, or 0 or off for no ICE-TCP");
        }
        if (tcpPort != TCP_OFF && tcpPort == port) {
            throw new ConfigException("tcp-port is " + tcpPort + ", the same as port (HTTP and signalling); give the"
                    + " media TCP port its own number (default " + DEFAULT_TCP_PORT + ")");
        }
        Optional<URI> url = Optional.empty();
        if (publicUrl.isPresent()) {
            url = Optional.of(parsePublicUrl(publicUrl.get()));
        }
        return new BridgeConfig(bind, port, udpPort, tcpPort, keys, dev, url, limits.validate(), Optional.empty(),
                Optional.empty());
    }

    /** Whether media may also come over TCP (RFC 6544). */
    public boolean iceTcp() {
        return tcpPort != TCP_OFF;
    }

    private static boolean isLoopback(String bind) {
        return bind.startsWith("127.") || bind.equals("::1") || bind.equals("[::1]") || bind.equals("localhost");
    }

    private static URI parsePublicUrl(String text) throws ConfigException {
        URI uri;
        try {
            uri = URI.create(text);
        } catch (IllegalArgumentException e) {
            throw new ConfigException("public-url is '" + text + "', not a URL; give e.g. wss://bridge.example.org");
        }
        String scheme = uri.getScheme();
        if (!("ws".equals(scheme) || "wss".equals(scheme)) || uri.getHost() == null) {
            throw new ConfigException("public-url is '" + text + "'; it must be a ws:// or wss:// URL with a host,"
                    + " e.g. wss://bridge.example.org");
        }
        return uri;
    }

    @Override
    public String toString() {
        return "BridgeConfig[bind=" + bind + ", port=" + port + ", udpPort=" + udpPort + ", tcpPort=" + tcpPort
                + ", keys=" + keys
                + ", dev=" + dev + ", publicUrl=" + publicUrl + ", limits=" + limits + ", tls=" + tls + "]";
    }
}

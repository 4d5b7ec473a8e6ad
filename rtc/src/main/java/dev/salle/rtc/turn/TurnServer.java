package dev.salle.rtc.turn;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Objects;

/**
 * A TURN server to allocate on, with long-term credentials
 * (<a href="https://www.rfc-editor.org/rfc/rfc8489#section-9.2">RFC 8489 section 9.2</a>).
 * reached over UDP, TCP or TLS (<a href="https://www.rfc-editor.org/rfc/rfc8656#section-3.1">RFC
 * 8656 section 3.1</a>). {@link #toString()} never shows the password.
 *
 * @param address the server's address, resolved
 * @param username the USERNAME
 * @param password the password; the key is MD5(username ":" realm ":" password)
 * @param transport how the client reaches the server; the relayed side is UDP in every case
 * @param hostName the host of the URL, which a TLS server's certificate must name
 * @param trust the CAs a TLS server's certificate may chain to
 */
public record TurnServer(InetSocketAddress address, String username, String password, Transport transport,
        String hostName, TurnTlsTrust trust) {

    /** How the client reaches its server. */
    public enum Transport {
        /** {@code turn:…} or {@code ?transport=udp}. */
        UDP,
        /** {@code turn:…?transport=tcp}. */
        TCP,
        /** {@code turns:…}. */
        TLS
    }

    /** A server over UDP. */
    public TurnServer(InetSocketAddress address, String username, String password) {
        this(address, username, password, Transport.UDP, address.getHostString(), TurnTlsTrust.SYSTEM);
    }

    /** Checks that the address is resolved and the credentials are present and fit STUN's limits. */
    public TurnServer {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(transport, "transport");
        Objects.requireNonNull(trust, "trust");
        if (hostName == null || hostName.isEmpty()) {
            throw new IllegalArgumentException("TURN server " + address + " needs the host name of its URL");
        }
        if (address.isUnresolved()) {
            throw new IllegalArgumentException("TURN server address " + address + " is not resolved");
        }
        if (username == null || username.isEmpty() || username.getBytes(StandardCharsets.UTF_8).length > 508) {
            throw new IllegalArgumentException("TURN username must be 1..508 bytes of UTF-8, not "
                + (username == null ? "null" : username.length() + " characters"));
        }
        if (password == null || password.isEmpty()) {
            throw new IllegalArgumentException("TURN password for user " + username + " must not be empty");
        }
    }

    /** The long-term key for {@code realm}: MD5 of {@code username:realm:password} in UTF-8. */
    byte[] longTermKey(String realm) {
        try {
            return MessageDigest.getInstance("MD5")
                .digest((username + ":" + realm + ":" + password).getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is required of every Java platform", e);
        }
    }

    @Override
    public String toString() {
        return "TurnServer[" + address + (transport == Transport.UDP ? "" : " over " + transport
            + (transport == Transport.TLS ? " as " + hostName : "")) + ", user " + username + "]";
    }
}

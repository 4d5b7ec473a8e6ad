package dev.salle.rtc.peer;

import dev.salle.rtc.sdp.LocalCodec;
import dev.salle.rtc.sdp.Setup;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What a {@link PeerConnection} puts into its SDP and how long it waits. Immutable;
 * validated on construction.
 *
 * @param codecs codecs we accept when answering (any kind); must not be empty
 * @param headerExtensions RTP header extension URIs we understand (RFC 8285)
 * @param acceptSimulcast answer {@code a=simulcast:send} offers with {@code recv}
 * @param sctpPort our SCTP port for data channels, 0 to reject data channel sections
 * @param maxMessageSizeBytes our {@code a=max-message-size}
 * @param answerSetup our {@code a=setup} when answering an {@code actpass} offer:
 *     {@link Setup#PASSIVE} (we are the DTLS server, the SFU's usual choice) or {@link Setup#ACTIVE}
 * @param iceTimeout how long to wait for the first authenticated STUN check after the remote
 *     description arrived; default {@code 15s}
 * @param advertisedAddress the address in our host candidate; empty to use the mux's bound
 *     address, which must then not be a wildcard address (unless {@code fullIce}: then every
 *     interface's address is a candidate)
 * @param fullIce false: ICE-lite, the server's way (we only answer checks and write
 *     {@code a=ice-lite}); true: a full agent, the client's way (we also send checks to the remote
 *     candidates, controlling when we offered or the peer is lite, RFC 8445 §6.1.1)
 * @param consentTimeout for a full agent: how long the peer may leave our consent checks on the
 *     selected pair unanswered, with no authenticated media either, before
 *     {@link PeerConnection.Listener#consentLost} (RFC 7675 §5.1); default {@code 30s}, the RFC's
 *     consent expiry. A client that acts on a dead path sooner (as browsers report ICE
 *     {@code disconnected} after about 5 s) sets less; keep it well above the 2.5 s check interval
 */
public record PeerConfig(List<LocalCodec> codecs, Set<String> headerExtensions, boolean acceptSimulcast,
        int sctpPort, long maxMessageSizeBytes, Setup answerSetup, Duration iceTimeout,
        Optional<InetAddress> advertisedAddress, boolean fullIce, Duration consentTimeout) {

    /** As the canonical constructor, with {@link #DEFAULT_CONSENT_TIMEOUT}. */
    public PeerConfig(List<LocalCodec> codecs, Set<String> headerExtensions, boolean acceptSimulcast,
            int sctpPort, long maxMessageSizeBytes, Setup answerSetup, Duration iceTimeout,
            Optional<InetAddress> advertisedAddress, boolean fullIce) {
        this(codecs, headerExtensions, acceptSimulcast, sctpPort, maxMessageSizeBytes, answerSetup, iceTimeout,
                advertisedAddress, fullIce, DEFAULT_CONSENT_TIMEOUT);
    }

    /** An ICE-lite configuration, as the bridge uses. */
    public PeerConfig(List<LocalCodec> codecs, Set<String> headerExtensions, boolean acceptSimulcast,
            int sctpPort, long maxMessageSizeBytes, Setup answerSetup, Duration iceTimeout,
            Optional<InetAddress> advertisedAddress) {
        this(codecs, headerExtensions, acceptSimulcast, sctpPort, maxMessageSizeBytes, answerSetup, iceTimeout,
                advertisedAddress, false);
    }

    /** Default wait for the first ICE check. */
    public static final Duration DEFAULT_ICE_TIMEOUT = Duration.ofSeconds(15);
    /** Default consent expiry: 30 s, RFC 7675 §5.1. */
    public static final Duration DEFAULT_CONSENT_TIMEOUT = Duration.ofSeconds(30);
    /** Default {@code a=max-message-size}: 256 KiB, as libwebrtc. */
    public static final long DEFAULT_MAX_MESSAGE_SIZE_BYTES = 262_144;

    public PeerConfig {
        codecs = List.copyOf(Objects.requireNonNull(codecs, "codecs"));
        if (codecs.isEmpty()) {
            throw new IllegalArgumentException("peer codecs is empty; list at least one codec, e.g. LocalCodec.opus()");
        }
        headerExtensions = Set.copyOf(Objects.requireNonNull(headerExtensions, "headerExtensions"));
        if (sctpPort < 0 || sctpPort > 65535) {
            throw new IllegalArgumentException("peer sctpPort " + sctpPort + " is not 0..65535 (0 rejects data channels)");
        }
        if (maxMessageSizeBytes < 0) {
            throw new IllegalArgumentException("peer maxMessageSizeBytes " + maxMessageSizeBytes + " is negative");
        }
        if (answerSetup != Setup.ACTIVE && answerSetup != Setup.PASSIVE) {
            throw new IllegalArgumentException("peer answerSetup " + answerSetup + " is not allowed; use PASSIVE or ACTIVE");
        }
        Objects.requireNonNull(iceTimeout, "iceTimeout");
        if (iceTimeout.isNegative() || iceTimeout.isZero()) {
            throw new IllegalArgumentException("peer iceTimeout " + iceTimeout + " must be positive, e.g. 15s");
        }
        Objects.requireNonNull(consentTimeout, "consentTimeout");
        if (consentTimeout.isNegative() || consentTimeout.isZero()) {
            throw new IllegalArgumentException("peer consentTimeout " + consentTimeout + " must be positive, e.g. 30s");
        }
        Objects.requireNonNull(advertisedAddress, "advertisedAddress");
        if (advertisedAddress.filter(InetAddress::isAnyLocalAddress).isPresent()) {
            throw new IllegalArgumentException("peer advertisedAddress " + advertisedAddress.get()
                    + " is a wildcard; give the address browsers can reach");
        }
    }

    /**
     * Defaults around the given codecs: no header extensions, no simulcast, no data channels,
     * passive setup, {@link #DEFAULT_ICE_TIMEOUT}, the mux's address.
     */
    public static PeerConfig of(List<LocalCodec> codecs) {
        return new PeerConfig(codecs, Set.of(), false, 0, DEFAULT_MAX_MESSAGE_SIZE_BYTES, Setup.PASSIVE,
                DEFAULT_ICE_TIMEOUT, Optional.empty());
    }

    /** A copy with another ICE wait. */
    public PeerConfig withIceTimeout(Duration timeout) {
        return new PeerConfig(codecs, headerExtensions, acceptSimulcast, sctpPort, maxMessageSizeBytes, answerSetup,
                timeout, advertisedAddress, fullIce, consentTimeout);
    }

    /** A copy that accepts and offers data channels on this SCTP port (5000 in browsers), 0 for none. */
    public PeerConfig withSctpPort(int port) {
        return new PeerConfig(codecs, headerExtensions, acceptSimulcast, port, maxMessageSizeBytes, answerSetup,
                iceTimeout, advertisedAddress, fullIce, consentTimeout);
    }

    /**
     * A copy for the client side of a connection (a room device): a full ICE agent that sends
     * checks, and {@code a=setup:active} when answering, as browsers do.
     */
    public PeerConfig asClient() {
        return new PeerConfig(codecs, headerExtensions, acceptSimulcast, sctpPort, maxMessageSizeBytes, Setup.ACTIVE,
                iceTimeout, advertisedAddress, true, consentTimeout);
    }

    /** A copy with another consent expiry (see {@link #consentTimeout()}). */
    public PeerConfig withConsentTimeout(Duration timeout) {
        return new PeerConfig(codecs, headerExtensions, acceptSimulcast, sctpPort, maxMessageSizeBytes, answerSetup,
                iceTimeout, advertisedAddress, fullIce, timeout);
    }

    /** A copy with these RTP header extensions understood. */
    public PeerConfig withHeaderExtensions(Set<String> extensions) {
        return new PeerConfig(codecs, extensions, acceptSimulcast, sctpPort, maxMessageSizeBytes, answerSetup,
                iceTimeout, advertisedAddress, fullIce, consentTimeout);
    }

    /** A copy with another answer setup. */
    public PeerConfig withAnswerSetup(Setup setup) {
        return new PeerConfig(codecs, headerExtensions, acceptSimulcast, sctpPort, maxMessageSizeBytes, setup,
                iceTimeout, advertisedAddress, fullIce, consentTimeout);
    }
}

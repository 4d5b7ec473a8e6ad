package dev.salle.rtc.sctp;

/**
 * Limits of one {@link SctpAssociation}. Immutable; validated on construction.
 *
 * @param maxInboundMessageBytes the largest message we accept: our {@code a=max-message-size};
 *     longer messages are dropped and counted
 * @param maxOutboundMessageBytes the largest message we send: the peer's
 *     {@code a=max-message-size} (RFC 8841 §6: 65536 when absent); larger sends are refused
 * @param maxChannels how many channels may be open at once, both sides together (at most
 *     {@link #STREAMS})
 * @param mtu the largest SCTP packet, in bytes: what one DTLS record carries
 */
public record SctpConfig(int maxInboundMessageBytes, int maxOutboundMessageBytes, int maxChannels, int mtu) {

    /** Inbound and outbound streams negotiated: stream ids are 0..1023, as in libwebrtc. */
    public static final int STREAMS = 1024;
    /** Largest message size either side may configure: 16 MiB. */
    public static final int MAX_MESSAGE_BYTES_LIMIT = 16 << 20;
    /** Default message size each way: 256 KiB, as libwebrtc advertises. */
    public static final int DEFAULT_MAX_MESSAGE_BYTES = 262_144;
    /** Message size to assume when the peer's SDP has no {@code a=max-message-size} (RFC 8841 §6.1). */
    public static final int ABSENT_MAX_MESSAGE_BYTES = 65_536;
    /** Default channel limit. */
    public static final int DEFAULT_MAX_CHANNELS = 256;
    /** Default SCTP packet size: fits a 1200-byte DTLS datagram with any of our cipher suites. */
    public static final int DEFAULT_MTU = 1100;

    public SctpConfig {
        checkSize("maxInboundMessageBytes", maxInboundMessageBytes);
        checkSize("maxOutboundMessageBytes", maxOutboundMessageBytes);
        if (maxChannels < 1 || maxChannels > STREAMS) {
            throw new IllegalArgumentException("sctp maxChannels " + maxChannels + " is not 1.." + STREAMS);
        }
        if (mtu < 576 || mtu > 65_535) {
            throw new IllegalArgumentException("sctp mtu " + mtu + " is not 576..65535 bytes");
        }
    }

    /** 256 KiB both ways, {@link #DEFAULT_MAX_CHANNELS} channels, {@link #DEFAULT_MTU}. */
    public static SctpConfig defaults() {
        return new SctpConfig(DEFAULT_MAX_MESSAGE_BYTES, DEFAULT_MAX_MESSAGE_BYTES, DEFAULT_MAX_CHANNELS, DEFAULT_MTU);
    }

    /** A copy with another outbound limit (the peer's {@code a=max-message-size}). */
    public SctpConfig withMaxOutboundMessageBytes(int bytes) {
        return new SctpConfig(maxInboundMessageBytes, bytes, maxChannels, mtu);
    }

    /** A copy with another channel limit. */
    public SctpConfig withMaxChannels(int channels) {
        return new SctpConfig(maxInboundMessageBytes, maxOutboundMessageBytes, channels, mtu);
    }

    /** A copy with another SCTP packet size. */
    public SctpConfig withMtu(int bytes) {
        return new SctpConfig(maxInboundMessageBytes, maxOutboundMessageBytes, maxChannels, bytes);
    }

    /** The socket send and receive buffer: room for a few of the largest messages, at least 1 MiB. */
    int bufferBytes() {
        long largest = Math.max(maxInboundMessageBytes, maxOutboundMessageBytes);
        return (int) Math.min(Integer.MAX_VALUE, Math.max(1L << 20, 4 * largest));
    }

    private static void checkSize(String key, int value) {
        if (value < 1 || value > MAX_MESSAGE_BYTES_LIMIT) {
            throw new IllegalArgumentException("sctp " + key + " " + value + " is not 1.." + MAX_MESSAGE_BYTES_LIMIT
                    + " bytes");
        }
    }
}

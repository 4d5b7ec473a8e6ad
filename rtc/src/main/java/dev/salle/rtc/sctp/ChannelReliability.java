package dev.salle.rtc.sctp;

/**
 * How a data channel delivers messages: ordered or not, and reliable or partially reliable
 * (PR-SCTP, <a href="https://www.rfc-editor.org/rfc/rfc3758">RFC 3758</a>), as the channel type
 * and reliability parameter of a DATA_CHANNEL_OPEN say
 * (<a href="https://www.rfc-editor.org/rfc/rfc8832#section-5.1">RFC 8832 §5.1</a>).
 *
 * @param ordered whether messages arrive in the order sent
 * @param policy reliable, or give up after a number of retransmissions or a lifetime
 * @param value the retransmission count or the lifetime in milliseconds; 0 when reliable
 */
public record ChannelReliability(boolean ordered, Policy policy, long value) {

    /** When an SCTP message may be abandoned. */
    public enum Policy {
        /** Never: retransmit until delivered. */
        RELIABLE,
        /** After {@code value} retransmissions ({@code maxRetransmits}). */
        MAX_RETRANSMITS,
        /** After {@code value} milliseconds ({@code maxPacketLifeTime}). */
        MAX_LIFETIME_MILLIS
    }

    public ChannelReliability {
        if (policy == null) {
            throw new IllegalArgumentException("channel reliability policy is null; use RELIABLE, MAX_RETRANSMITS or MAX_LIFETIME_MILLIS");
        }
        if (value < 0 || value > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("channel reliability value " + value + " is not 0..4294967295");
        }
        if (policy == Policy.RELIABLE && value != 0) {
            throw new IllegalArgumentException("a reliable channel has no reliability value, got " + value);
        }
    }

    /** Ordered and reliable: the browsers' default. */
    public static ChannelReliability reliable() {
        return new ChannelReliability(true, Policy.RELIABLE, 0);
    }

    /** Reliable but unordered. */
    public static ChannelReliability unordered() {
        return new ChannelReliability(false, Policy.RELIABLE, 0);
    }

    /** Gives up on a message after {@code count} retransmissions. */
    public static ChannelReliability maxRetransmits(long count, boolean ordered) {
        return new ChannelReliability(ordered, Policy.MAX_RETRANSMITS, count);
    }

    /** Gives up on a message {@code millis} after it was sent. */
    public static ChannelReliability maxLifetimeMillis(long millis, boolean ordered) {
        return new ChannelReliability(ordered, Policy.MAX_LIFETIME_MILLIS, millis);
    }

    /** The DCEP channel type byte (RFC 8832 §5.1). */
    int channelType() {
        int base = switch (policy) {
            case RELIABLE -> 0x00;
            case MAX_RETRANSMITS -> 0x01;
            case MAX_LIFETIME_MILLIS -> 0x02;
        };
        return ordered ? base : base | 0x80;
    }
}

package dev.salle.rtc.demux;

/**
 * What a datagram on a multiplexed port is, judged by its first bytes only.
 *
 * @see PacketClassifier
 */
public enum PacketKind {
    /** STUN message: first byte 0..3. */
    STUN,
    /** DTLS record: first byte 20..63. */
    DTLS,
    /** TURN ChannelData: first byte 64..79. */
    TURN_CHANNEL,
    /** RTP packet: first byte 128..191 and second byte outside 192..223. */
    RTP,
    /** RTCP packet: first byte 128..191 and packet type (second byte) 192..223. */
    RTCP,
    /** Anything else, including an empty datagram: to be dropped. */
    UNKNOWN
}

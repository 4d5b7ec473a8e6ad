package dev.salle.rtc.rtcp;

/**
 * A well-framed RTCP packet of a type or feedback format this package does not parse (APP, XR,
 * other feedback): reported so it can be counted or forwarded as is.
 *
 * @param packetType the packet type
 * @param count the count or FMT field
 * @param length the packet length in bytes
 */
public record UnknownRtcp(int packetType, int count, int length) implements RtcpMessage {
}

package dev.salle.rtc.sctp;

import dev.salle.rtc.sctp.DcepException.Reason;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Reads and writes DCEP messages
 * (<a href="https://www.rfc-editor.org/rfc/rfc8832#section-5">RFC 8832 §5</a>). Parsing is strict:
 * anything malformed is refused with a {@link DcepException} naming the {@link Reason}, and
 * never throws anything else. Stateless and thread-safe.
 */
public final class DcepCodec {

    /** Message type of DATA_CHANNEL_OPEN. */
    static final int OPEN = 0x03;
    /** Message type of DATA_CHANNEL_ACK. */
    static final int ACK = 0x02;
    /** Longest label or protocol we accept, in UTF-8 bytes (browsers allow 65535; nobody needs that). */
    public static final int MAX_LABEL_BYTES = 1024;
    private static final int OPEN_HEADER = 12;

    private DcepCodec() {}

    /**
     * Parses one DCEP message.
     *
     * @throws DcepException with the reason the bytes are not a valid OPEN or ACK
     */
    public static DcepMessage parse(byte[] buffer, int offset, int length) throws DcepException {
        Objects.checkFromIndexSize(offset, length, buffer.length);
        if (length == 0) {
            throw new DcepException(Reason.EMPTY, "DCEP message is empty; expected OPEN (0x03) or ACK (0x02)");
        }
        int type = buffer[offset] & 0xFF;
        if (type == ACK) {
            if (length != 1) {
                throw new DcepException(Reason.BAD_LENGTHS, "DCEP ACK is " + length + " bytes; it must be exactly 1");
            }
            return new DcepMessage.Ack();
        }
        if (type != OPEN) {
            throw new DcepException(Reason.UNKNOWN_MESSAGE_TYPE, "DCEP message type 0x" + Integer.toHexString(type)
                    + " is unknown; expected OPEN (0x03) or ACK (0x02)");
        }
        if (length < OPEN_HEADER) {
            throw new DcepException(Reason.TRUNCATED, "DCEP OPEN is " + length + " bytes, shorter than its "
                    + OPEN_HEADER + "-byte header");
        }
        ByteBuffer b = ByteBuffer.wrap(buffer, offset, length);
        b.get();
        int channelType = b.get() & 0xFF;
        int priority = b.getShort() & 0xFFFF;
        long parameter = b.getInt() & 0xFFFF_FFFFL;
        int labelLength = b.getShort() & 0xFFFF;
        int protocolLength = b.getShort() & 0xFFFF;
        if (labelLength > MAX_LABEL_BYTES || protocolLength > MAX_LABEL_BYTES) {
            throw new DcepException(Reason.LABEL_TOO_LONG, "DCEP OPEN label of " + labelLength + " bytes or protocol of "
                    + protocolLength + " bytes exceeds " + MAX_LABEL_BYTES + " bytes");
        }
        if (OPEN_HEADER + labelLength + protocolLength != length) {
            throw new DcepException(Reason.BAD_LENGTHS, "DCEP OPEN says label " + labelLength + " + protocol "
                    + protocolLength + " bytes after the header, but " + (length - OPEN_HEADER) + " bytes follow it");
        }
        ChannelReliability reliability = reliability(channelType, parameter);
        String label = utf8(buffer, offset + OPEN_HEADER, labelLength, "label");
        String protocol = utf8(buffer, offset + OPEN_HEADER + labelLength, protocolLength, "protocol");
        return new DcepMessage.Open(reliability, priority, label, protocol);
    }

    /** Writes one DCEP message. */
    public static byte[] encode(DcepMessage message) {
        return switch (message) {
            case DcepMessage.Ack ack -> new byte[] {ACK};
            case DcepMessage.Open open -> encodeOpen(open);
        };
    }

    private static byte[] encodeOpen(DcepMessage.Open open) {
        byte[] label = open.label().getBytes(StandardCharsets.UTF_8);
        byte[] protocol = open.protocol().getBytes(StandardCharsets.UTF_8);
        if (label.length > MAX_LABEL_BYTES || protocol.length > MAX_LABEL_BYTES) {
            throw new IllegalArgumentException("data channel label of " + label.length + " bytes or protocol of "
                    + protocol.length + " bytes exceeds " + MAX_LABEL_BYTES + " bytes of UTF-8; shorten it");
        }
        ChannelReliability r = open.reliability();
        ByteBuffer b = ByteBuffer.allocate(OPEN_HEADER + label.length + protocol.length);
        b.put((byte) OPEN).put((byte) r.channelType()).putShort((short) open.priority()).putInt((int) r.value())
                .putShort((short) label.length).putShort((short) protocol.length).put(label).put(protocol);
        return b.array();
    }

    private static ChannelReliability reliability(int channelType, long parameter) throws DcepException {
        boolean ordered = (channelType & 0x80) == 0;
        ChannelReliability.Policy policy = switch (channelType & 0x7F) {
            case 0x00 -> ChannelReliability.Policy.RELIABLE;
            case 0x01 -> ChannelReliability.Policy.MAX_RETRANSMITS;
            case 0x02 -> ChannelReliability.Policy.MAX_LIFETIME_MILLIS;
            default -> throw new DcepException(Reason.UNKNOWN_CHANNEL_TYPE, "DCEP OPEN channel type 0x"
                    + Integer.toHexString(channelType) + " is not defined by RFC 8832 §5.1");
        };
        if (policy == ChannelReliability.Policy.RELIABLE && parameter != 0) {
            throw new DcepException(Reason.BAD_RELIABILITY_PARAMETER, "DCEP OPEN of a reliable channel carries"
                    + " reliability parameter " + parameter + "; it must be 0");
        }
        return new ChannelReliability(ordered, policy, parameter);
    }

    private static String utf8(byte[] buffer, int offset, int length, String what) throws DcepException {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(buffer, offset, length)).toString();
        } catch (CharacterCodingException e) {
            throw new DcepException(Reason.BAD_UTF8, "DCEP OPEN " + what + " of " + length
                    + " bytes is not valid UTF-8");
        }
    }
}

package dev.salle.rtc.stun;

import static dev.salle.rtc.stun.StunWire.HEADER_LENGTH;
import static dev.salle.rtc.stun.StunWire.INTEGRITY_LENGTH;

import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * Encodes a STUN message (<a href="https://www.rfc-editor.org/rfc/rfc8489#section-5">RFC 8489
 * section 5</a>): attributes in the order added, each padded with zeros to 4 bytes, then optionally
 * MESSAGE-INTEGRITY and FINGERPRINT, which {@link #build(byte[], boolean)} computes.
 *
 * <p>Not thread-safe; one builder per message.
 */
public final class StunMessageBuilder {

    private final byte[] header = new byte[HEADER_LENGTH];
    private final ByteArrayOutputStream attributes = new ByteArrayOutputStream();

    /**
     * Starts a message of {@code cls} and {@code method} (12 bits) with a 12-byte transaction id.
     */
    public StunMessageBuilder(StunClass cls, int method, byte[] transactionId) {
        Objects.requireNonNull(cls, "cls");
        if (method < 0 || method > 0xFFF) {
            throw new IllegalArgumentException("STUN method must be 0..0xfff, not 0x" + Integer.toHexString(method));
        }
        if (transactionId == null || transactionId.length != 12) {
            throw new IllegalArgumentException("STUN transaction id must be 12 bytes, not "
                + (transactionId == null ? "null" : transactionId.length));
        }
        StunWire.writeUint16(header, 0, StunWire.messageType(method, cls));
        StunWire.writeInt32(header, 4, StunWire.MAGIC_COOKIE);
        System.arraycopy(transactionId, 0, header, 8, 12);
    }

    /** A fresh transaction id from {@code random} (use a {@code SecureRandom}, RFC 8489 section 5). */
    public static byte[] newTransactionId(RandomGenerator random) {
        byte[] id = new byte[12];
        random.nextBytes(id);
        return id;
    }

    /** Adds an attribute with a raw value (at most 65535 bytes). */
    public StunMessageBuilder attribute(int type, byte[] value) {
        if (type < 0 || type > 0xFFFF || value.length > 0xFFFF) {
            throw new IllegalArgumentException("STUN attribute 0x" + Integer.toHexString(type) + " with "
                + value.length + " bytes: type and length must fit 16 bits");
        }
        byte[] head = new byte[4];
        StunWire.writeUint16(head, 0, type);
        StunWire.writeUint16(head, 2, value.length);
        attributes.writeBytes(head);
        attributes.writeBytes(value);
        attributes.writeBytes(new byte[(4 - (value.length & 3)) & 3]);
        return this;
    }

    /** Adds USERNAME; for an ICE check {@code "remoteUfrag:localUfrag"} as the receiver sees it. */
    public StunMessageBuilder username(String username) {
        return attribute(StunAttributes.USERNAME, username.getBytes(StandardCharsets.UTF_8));
    }

    /** Adds SOFTWARE. */
    public StunMessageBuilder software(String software) {
        return attribute(StunAttributes.SOFTWARE, software.getBytes(StandardCharsets.UTF_8));
    }

    /** Adds PRIORITY (unsigned 32 bits). */
    public StunMessageBuilder priority(long priority) {
        byte[] v = new byte[4];
        StunWire.writeInt32(v, 0, (int) priority);
        return attribute(StunAttributes.PRIORITY, v);
    }

    /** Adds USE-CANDIDATE. */
    public StunMessageBuilder useCandidate() {
        return attribute(StunAttributes.USE_CANDIDATE, new byte[0]);
    }

    /** Adds ICE-CONTROLLING with a tie-breaker. */
    public StunMessageBuilder iceControlling(long tieBreaker) {
        return attribute(StunAttributes.ICE_CONTROLLING, uint64(tieBreaker));
    }

    /** Adds ICE-CONTROLLED with a tie-breaker. */
    public StunMessageBuilder iceControlled(long tieBreaker) {
        return attribute(StunAttributes.ICE_CONTROLLED, uint64(tieBreaker));
    }

    /** Adds XOR-MAPPED-ADDRESS for an IPv4 or IPv6 address. */
    public StunMessageBuilder xorMappedAddress(InetSocketAddress address) {
        return attribute(StunAttributes.XOR_MAPPED_ADDRESS, StunWire.encodeXorAddress(address, header));
    }

    /** Adds an address attribute in XOR-MAPPED-ADDRESS's encoding (XOR-PEER-ADDRESS, XOR-RELAYED-ADDRESS). */
    public StunMessageBuilder xorAddress(int type, InetSocketAddress address) {
        return attribute(type, StunWire.encodeXorAddress(address, header));
    }

    /** Adds an unsigned 32-bit attribute (LIFETIME). */
    public StunMessageBuilder uint32(int type, long value) {
        byte[] v = new byte[4];
        StunWire.writeInt32(v, 0, (int) value);
        return attribute(type, v);
    }

    /** Adds ERROR-CODE. */
    public StunMessageBuilder errorCode(StunErrorCode error) {
        byte[] reason = error.reason().getBytes(StandardCharsets.UTF_8);
        byte[] v = new byte[4 + reason.length];
        v[2] = (byte) (error.code() / 100);
        v[3] = (byte) (error.code() % 100);
        System.arraycopy(reason, 0, v, 4, reason.length);
        return attribute(StunAttributes.ERROR_CODE, v);
    }

    private static byte[] uint64(long value) {
        byte[] v = new byte[8];
        StunWire.writeInt32(v, 0, (int) (value >>> 32));
        StunWire.writeInt32(v, 4, (int) value);
        return v;
    }

    /** Encodes the message without MESSAGE-INTEGRITY or FINGERPRINT. */
    public byte[] build() {
        return assemble(null, false);
    }

    /**
     * Encodes the message, appending MESSAGE-INTEGRITY computed with {@code integrityKey} (the
     * short-term password bytes; {@code null} for none) and then FINGERPRINT if asked.
     */
    public byte[] build(byte[] integrityKey, boolean fingerprint) {
        return assemble(integrityKey, fingerprint);
    }

    private byte[] assemble(byte[] key, boolean fingerprint) {
        byte[] body = attributes.toByteArray();
        int length = HEADER_LENGTH + body.length + (key != null ? 4 + INTEGRITY_LENGTH : 0) + (fingerprint ? 8 : 0);
        if (length - HEADER_LENGTH > 0xFFFF) {
            throw new IllegalStateException("STUN message of " + length + " bytes does not fit the length field");
        }
        byte[] out = new byte[length];
        System.arraycopy(header, 0, out, 0, HEADER_LENGTH);
        System.arraycopy(body, 0, out, HEADER_LENGTH, body.length);
        int pos = HEADER_LENGTH + body.length;
        if (key != null) {
            StunWire.writeUint16(out, 2, pos + 4 + INTEGRITY_LENGTH - HEADER_LENGTH);
            byte[] mac = StunWire.hmacSha1(key, out, pos);
            StunWire.writeUint16(out, pos, StunAttributes.MESSAGE_INTEGRITY);
            StunWire.writeUint16(out, pos + 2, INTEGRITY_LENGTH);
            System.arraycopy(mac, 0, out, pos + 4, INTEGRITY_LENGTH);
            pos += 4 + INTEGRITY_LENGTH;
        }
        StunWire.writeUint16(out, 2, length - HEADER_LENGTH);
        if (fingerprint) {
            int crc = StunWire.fingerprint(out, pos);
            StunWire.writeUint16(out, pos, StunAttributes.FINGERPRINT);
            StunWire.writeUint16(out, pos + 2, 4);
            StunWire.writeInt32(out, pos + 4, crc);
        }
        return out;
    }
}

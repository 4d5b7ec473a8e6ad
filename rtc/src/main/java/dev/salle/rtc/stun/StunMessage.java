package dev.salle.rtc.stun;

import static dev.salle.rtc.stun.StunWire.HEADER_LENGTH;
import static dev.salle.rtc.stun.StunWire.INTEGRITY_LENGTH;
import static dev.salle.rtc.stun.StunWire.MAGIC_COOKIE;
import static dev.salle.rtc.stun.StunWire.readInt32;
import static dev.salle.rtc.stun.StunWire.readUint16;

import dev.salle.rtc.stun.StunFormatException.Reason;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A parsed STUN message (<a href="https://www.rfc-editor.org/rfc/rfc8489#section-5">RFC 8489
 * section 5</a>): header, attributes (TLV, each padded to 4 bytes,
 * <a href="https://www.rfc-editor.org/rfc/rfc8489#section-14">section 14</a>) and typed accessors
 * for the attributes ICE uses.
 *
 * <p>{@link #parse} checks the structure only. Credentials are checked separately with
 * {@link #verifyIntegrity} and {@link #verifyFingerprint}, because the key depends on the USERNAME
 * the caller looks up first. Attributes after MESSAGE-INTEGRITY other than FINGERPRINT are ignored
 * (<a href="https://www.rfc-editor.org/rfc/rfc8489#section-14.5">section 14.5</a>); an attribute
 * after FINGERPRINT is an error.
 *
 * <p>Immutable and thread-safe: the message keeps its own copy of the bytes.
 */
public final class StunMessage {

    private final byte[] raw;
    private final int[] types;
    private final int[] valueOffsets;
    private final int[] valueLengths;
    private final int integrityOffset;
    private final int fingerprintOffset;

    private StunMessage(byte[] raw, int[] types, int[] valueOffsets, int[] valueLengths, int integrityOffset,
            int fingerprintOffset) {
        this.raw = raw;
        this.types = types;
        this.valueOffsets = valueOffsets;
        this.valueLengths = valueLengths;
        this.integrityOffset = integrityOffset;
        this.fingerprintOffset = fingerprintOffset;
    }

    /**
     * Parses one STUN message filling exactly {@code len} bytes at {@code off}.
     *
     * @throws StunFormatException when the header or an attribute's framing is malformed
     */
    public static StunMessage parse(byte[] buf, int off, int len) throws StunFormatException {
        if (buf == null || off < 0 || len < HEADER_LENGTH || off > buf.length - len) {
            throw new StunFormatException(Reason.TOO_SHORT, "message of " + len + " bytes at offset " + off
                + (buf == null ? " without a buffer" : " in a buffer of " + buf.length + " bytes")
                + ", the header alone needs " + HEADER_LENGTH);
        }
        if ((buf[off] & 0xC0) != 0) {
            throw new StunFormatException(Reason.NOT_STUN,
                "first byte 0x" + Integer.toHexString(buf[off] & 0xFF) + " has its two top bits set");
        }
        int cookie = readInt32(buf, off + 4);
        if (cookie != MAGIC_COOKIE) {
            throw new StunFormatException(Reason.BAD_COOKIE,
                "magic cookie 0x" + Integer.toHexString(cookie) + ", expected 0x2112a442");
        }
        int bodyLength = readUint16(buf, off + 2);
        if ((bodyLength & 3) != 0 || bodyLength != len - HEADER_LENGTH) {
            throw new StunFormatException(Reason.BAD_LENGTH, "length field " + bodyLength + " in a datagram of "
                + len + " bytes: it must be a multiple of 4 equal to the datagram length minus 20");
        }
        byte[] raw = Arrays.copyOfRange(buf, off, off + len);
        int count = 0;
        int[] types = new int[8];
        int[] offsets = new int[8];
        int[] lengths = new int[8];
        int integrity = -1;
        int fingerprint = -1;
        int pos = HEADER_LENGTH;
        while (pos < len) {
            if (pos + 4 > len) {
                throw new StunFormatException(Reason.ATTRIBUTE_OVERRUN,
                    "attribute header at byte " + pos + " of a " + len + "-byte message");
            }
            int type = readUint16(raw, pos);
            int valueLength = readUint16(raw, pos + 2);
            int next = pos + 4 + ((valueLength + 3) & ~3);
            if (next > len) {
                throw new StunFormatException(Reason.ATTRIBUTE_OVERRUN, "attribute 0x" + Integer.toHexString(type)
                    + " at byte " + pos + " with length " + valueLength + " ends past the " + len + "-byte message");
            }
            if (fingerprint >= 0) {
                throw new StunFormatException(Reason.BAD_FINGERPRINT,
                    "attribute 0x" + Integer.toHexString(type) + " follows FINGERPRINT, which must be last");
            }
            if (type == StunAttributes.FINGERPRINT) {
                requireLength("FINGERPRINT", valueLength, 4);
                fingerprint = pos;
            } else if (integrity < 0) {
                if (type == StunAttributes.MESSAGE_INTEGRITY) {
                    requireLength("MESSAGE-INTEGRITY", valueLength, INTEGRITY_LENGTH);
                    integrity = pos;
                }
                if (count == types.length) {
                    types = Arrays.copyOf(types, count * 2);
                    offsets = Arrays.copyOf(offsets, count * 2);
                    lengths = Arrays.copyOf(lengths, count * 2);
                }
                types[count] = type;
                offsets[count] = pos + 4;
                lengths[count] = valueLength;
                count++;
            }
            pos = next;
        }
        return new StunMessage(raw, Arrays.copyOf(types, count), Arrays.copyOf(offsets, count),
            Arrays.copyOf(lengths, count), integrity, fingerprint);
    }

    /** Parses a whole array as one message. */
    public static StunMessage parse(byte[] datagram) throws StunFormatException {
        return parse(datagram, 0, datagram == null ? 0 : datagram.length);
    }

    /**
     * Reads the local ufrag from a Binding request's USERNAME {@code "local:remote"}
     * (<a href="https://www.rfc-editor.org/rfc/rfc8445#section-7.2.2">RFC 8445 section 7.2.2</a>),
     * for a single-port harvester that routes requests to ICE sessions by ufrag.
     *
     * @throws StunFormatException when the message is malformed, has no USERNAME, or the USERNAME has no ':'
     */
    public static String localUfragOf(byte[] buf, int off, int len) throws StunFormatException {
        StunMessage message = parse(buf, off, len);
        return message.localUfrag().orElseThrow(
            () -> new StunFormatException(Reason.BAD_ATTRIBUTE, "STUN message " + message + " has no USERNAME"));
    }

    private static void requireLength(String name, int actual, int expected) throws StunFormatException {
        if (actual != expected) {
            throw new StunFormatException(Reason.BAD_ATTRIBUTE,
                name + " value of " + actual + " bytes, expected " + expected);
        }
    }

    /** The 14-bit message type, class bits included. */
    public int type() {
        return readUint16(raw, 0);
    }

    /** The class: request, indication, success or error response. */
    public StunClass stunClass() {
        return StunWire.classOf(type());
    }

    /** The 12-bit method, {@link StunMethods#BINDING} for ICE. */
    public int method() {
        return StunWire.methodOf(type());
    }

    /** A copy of the 96-bit transaction id. */
    public byte[] transactionId() {
        return Arrays.copyOfRange(raw, 8, HEADER_LENGTH);
    }

    /** Whether the transaction id equals {@code id} (12 bytes). */
    public boolean hasTransactionId(byte[] id) {
        return id != null && id.length == 12 && Arrays.equals(raw, 8, HEADER_LENGTH, id, 0, 12);
    }

    /** A copy of the whole message. */
    public byte[] toBytes() {
        return raw.clone();
    }

    /** Number of attributes considered (those before MESSAGE-INTEGRITY, and it); FINGERPRINT is not counted. */
    public int attributeCount() {
        return types.length;
    }

    /** Type of the attribute at {@code index}, in message order. */
    public int attributeType(int index) {
        return types[index];
    }

    /** Whether the message carries attribute {@code type}. */
    public boolean has(int type) {
        return indexOf(type) >= 0;
    }

    /** A copy of the value of the first attribute of {@code type}, without padding. */
    public Optional<byte[]> attribute(int type) {
        int i = indexOf(type);
        return i < 0 ? Optional.empty()
            : Optional.of(Arrays.copyOfRange(raw, valueOffsets[i], valueOffsets[i] + valueLengths[i]));
    }

    private int indexOf(int type) {
        for (int i = 0; i < types.length; i++) {
            if (types[i] == type) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Comprehension-required attribute types (below 0x8000) that this package does not understand,
     * for a 420 response with UNKNOWN-ATTRIBUTES
     * (<a href="https://www.rfc-editor.org/rfc/rfc8489#section-6.3.1">RFC 8489 section 6.3.1</a>).
     */
    public List<Integer> unknownComprehensionRequired() {
        List<Integer> unknown = new ArrayList<>();
        for (int type : types) {
            if (StunAttributes.isComprehensionRequired(type) && !StunAttributes.isKnownComprehensionRequired(type)
                    && !unknown.contains(type)) {
                unknown.add(type);
            }
        }
        return List.copyOf(unknown);
    }

    /** USERNAME as UTF-8 text. */
    public Optional<String> username() {
        return text(StunAttributes.USERNAME);
    }

    /** SOFTWARE as UTF-8 text. */
    public Optional<String> software() {
        return text(StunAttributes.SOFTWARE);
    }

    private Optional<String> text(int type) {
        int i = indexOf(type);
        return i < 0 ? Optional.empty()
            : Optional.of(new String(raw, valueOffsets[i], valueLengths[i], StandardCharsets.UTF_8));
    }

    /**
     * The part of USERNAME before the first ':' (the receiver's ufrag in an ICE check,
     * <a href="https://www.rfc-editor.org/rfc/rfc8445#section-7.2.2">RFC 8445 section 7.2.2</a>).
     *
     * @throws StunFormatException when USERNAME is present without a ':' or with an empty local part
     */
    public Optional<String> localUfrag() throws StunFormatException {
        Optional<String> username = username();
        if (username.isEmpty()) {
            return Optional.empty();
        }
        int colon = username.get().indexOf(':');
        if (colon <= 0) {
            throw new StunFormatException(Reason.BAD_ATTRIBUTE,
                "USERNAME '" + username.get() + "' is not 'localUfrag:remoteUfrag'");
        }
        return Optional.of(username.get().substring(0, colon));
    }

    /** XOR-MAPPED-ADDRESS, IPv4 or IPv6 (RFC 8489 section 14.2). */
    public Optional<InetSocketAddress> xorMappedAddress() throws StunFormatException {
        int i = indexOf(StunAttributes.XOR_MAPPED_ADDRESS);
        return i < 0 ? Optional.empty() : Optional.of(StunWire.decodeXorAddress(raw, valueOffsets[i], valueLengths[i]));
    }

    /**
     * An address attribute in XOR-MAPPED-ADDRESS's encoding: XOR-RELAYED-ADDRESS or
     * XOR-PEER-ADDRESS (<a href="https://www.rfc-editor.org/rfc/rfc8656#section-18.3">RFC 8656
     * section 18.3</a>, 18.5); {@code name} goes into the error message.
     */
    public Optional<InetSocketAddress> xorAddress(int type, String name) throws StunFormatException {
        int i = indexOf(type);
        return i < 0 ? Optional.empty()
            : Optional.of(StunWire.decodeXorAddress(name, raw, valueOffsets[i], valueLengths[i]));
    }

    /** An unsigned 32-bit attribute such as LIFETIME; {@code name} goes into the error message. */
    public OptionalLong uint32(int type, String name) throws StunFormatException {
        int i = indexOf(type);
        if (i < 0) {
            return OptionalLong.empty();
        }
        requireLength(name, valueLengths[i], 4);
        return OptionalLong.of(readInt32(raw, valueOffsets[i]) & 0xFFFFFFFFL);
    }

    /** PRIORITY, unsigned 32 bits (RFC 8445 section 7.1.1). */
    public OptionalLong priority() throws StunFormatException {
        int i = indexOf(StunAttributes.PRIORITY);
        if (i < 0) {
            return OptionalLong.empty();
        }
        requireLength("PRIORITY", valueLengths[i], 4);
        return OptionalLong.of(readInt32(raw, valueOffsets[i]) & 0xFFFFFFFFL);
    }

    /** Whether USE-CANDIDATE is present (RFC 8445 section 7.1.2). */
    public boolean useCandidate() {
        return has(StunAttributes.USE_CANDIDATE);
    }

    /** The tie-breaker of ICE-CONTROLLING (RFC 8445 section 7.1.3). */
    public OptionalLong iceControlling() throws StunFormatException {
        return tieBreaker(StunAttributes.ICE_CONTROLLING, "ICE-CONTROLLING");
    }

    /** The tie-breaker of ICE-CONTROLLED (RFC 8445 section 7.1.3). */
    public OptionalLong iceControlled() throws StunFormatException {
        return tieBreaker(StunAttributes.ICE_CONTROLLED, "ICE-CONTROLLED");
    }

    private OptionalLong tieBreaker(int type, String name) throws StunFormatException {
        int i = indexOf(type);
        if (i < 0) {
            return OptionalLong.empty();
        }
        requireLength(name, valueLengths[i], 8);
        int o = valueOffsets[i];
        return OptionalLong.of(((long) readInt32(raw, o) << 32) | (readInt32(raw, o + 4) & 0xFFFFFFFFL));
    }

    /** ERROR-CODE (RFC 8489 section 14.8). */
    public Optional<StunErrorCode> errorCode() throws StunFormatException {
        int i = indexOf(StunAttributes.ERROR_CODE);
        if (i < 0) {
            return Optional.empty();
        }
        int o = valueOffsets[i];
        int l = valueLengths[i];
        int errorClass = l >= 4 ? raw[o + 2] & 0x07 : -1;
        int number = l >= 4 ? raw[o + 3] & 0xFF : -1;
        if (errorClass < 3 || errorClass > 6 || number > 99) {
            throw new StunFormatException(Reason.BAD_ATTRIBUTE, "ERROR-CODE of " + l + " bytes with class "
                + errorClass + " and number " + number + ": needs 4+ bytes, class 3..6 and number 0..99");
        }
        return Optional.of(new StunErrorCode(errorClass * 100 + number,
            new String(raw, o + 4, l - 4, StandardCharsets.UTF_8)));
    }

    /** Whether the message carries MESSAGE-INTEGRITY. */
    public boolean hasIntegrity() {
        return integrityOffset >= 0;
    }

    /** Whether the message carries FINGERPRINT. */
    public boolean hasFingerprint() {
        return fingerprintOffset >= 0;
    }

    /**
     * Checks MESSAGE-INTEGRITY: HMAC-SHA1 with {@code key} over the message up to the attribute,
     * with the length field counting up to the end of MESSAGE-INTEGRITY
     * (<a href="https://www.rfc-editor.org/rfc/rfc8489#section-14.5">RFC 8489 section 14.5</a>).
     * For ICE's short-term credentials the key is the UTF-8 password
     * (<a href="https://www.rfc-editor.org/rfc/rfc8489#section-9.1.1">section 9.1.1</a>; the
     * OpaqueString profile leaves ICE's base64 passwords unchanged).
     *
     * @throws StunFormatException MISSING_INTEGRITY or BAD_INTEGRITY
     */
    public void verifyIntegrity(byte[] key) throws StunFormatException {
        if (integrityOffset < 0) {
            throw new StunFormatException(Reason.MISSING_INTEGRITY, "message " + this + " has no MESSAGE-INTEGRITY");
        }
        byte[] signed = Arrays.copyOf(raw, integrityOffset);
        StunWire.writeUint16(signed, 2, integrityOffset + 4 + INTEGRITY_LENGTH - HEADER_LENGTH);
        byte[] expected = StunWire.hmacSha1(key, signed, signed.length);
        byte[] actual = Arrays.copyOfRange(raw, integrityOffset + 4, integrityOffset + 4 + INTEGRITY_LENGTH);
        if (!MessageDigest.isEqual(expected, actual)) {
            throw new StunFormatException(Reason.BAD_INTEGRITY, "MESSAGE-INTEGRITY of " + this
                + " does not match the key: wrong password for USERNAME " + username().orElse("(none)")
                + " or a modified message");
        }
    }

    /**
     * Checks FINGERPRINT: CRC-32 of the message before it, XOR 0x5354554e
     * (<a href="https://www.rfc-editor.org/rfc/rfc8489#section-14.7">RFC 8489 section 14.7</a>).
     *
     * @throws StunFormatException MISSING_FINGERPRINT or BAD_FINGERPRINT
     */
    public void verifyFingerprint() throws StunFormatException {
        if (fingerprintOffset < 0) {
            throw new StunFormatException(Reason.MISSING_FINGERPRINT, "message " + this + " has no FINGERPRINT");
        }
        int expected = StunWire.fingerprint(raw, fingerprintOffset);
        int actual = readInt32(raw, fingerprintOffset + 4);
        if (expected != actual) {
            throw new StunFormatException(Reason.BAD_FINGERPRINT, "FINGERPRINT 0x" + Integer.toHexString(actual)
                + " of " + this + ", computed 0x" + Integer.toHexString(expected));
        }
    }

    @Override
    public String toString() {
        return "StunMessage[" + stunClass() + " method 0x" + Integer.toHexString(method()) + " tx "
            + HexFormat.of().formatHex(raw, 8, HEADER_LENGTH) + ", " + raw.length + " bytes]";
    }
}

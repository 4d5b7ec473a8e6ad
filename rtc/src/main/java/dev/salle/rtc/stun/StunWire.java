package dev.salle.rtc.stun;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.security.GeneralSecurityException;
import java.util.zip.CRC32;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Byte-level pieces shared by the parser and the builder. */
final class StunWire {

    static final int HEADER_LENGTH = 20;
    static final int MAGIC_COOKIE = 0x2112A442;
    static final int FINGERPRINT_XOR = 0x5354554e;
    static final int INTEGRITY_LENGTH = 20;

    private StunWire() {
    }

    static int readUint16(byte[] b, int i) {
        return ((b[i] & 0xFF) << 8) | (b[i + 1] & 0xFF);
    }

    static int readInt32(byte[] b, int i) {
        return ((b[i] & 0xFF) << 24) | ((b[i + 1] & 0xFF) << 16) | ((b[i + 2] & 0xFF) << 8) | (b[i + 3] & 0xFF);
    }

    static void writeUint16(byte[] b, int i, int v) {
        b[i] = (byte) (v >>> 8);
        b[i + 1] = (byte) v;
    }

    static void writeInt32(byte[] b, int i, int v) {
        b[i] = (byte) (v >>> 24);
        b[i + 1] = (byte) (v >>> 16);
        b[i + 2] = (byte) (v >>> 8);
        b[i + 3] = (byte) v;
    }

    /** Message type from method and class (RFC 8489 section 5, figure 3). */
    static int messageType(int method, StunClass cls) {
        int c = cls.bits();
        return ((method & 0xF80) << 2) | ((method & 0x070) << 1) | (method & 0x00F)
            | ((c & 2) << 7) | ((c & 1) << 4);
    }

    static int methodOf(int type) {
        return (type & 0x000F) | ((type & 0x00E0) >> 1) | ((type & 0x3E00) >> 2);
    }

    static StunClass classOf(int type) {
        return StunClass.ofBits(((type >> 7) & 2) | ((type >> 4) & 1));
    }

    /**
     * XORs an address value (family, port, address) in place with the cookie and transaction id,
     * RFC 8489 section 14.2. {@code value} starts at {@code off}; the message header is in {@code header}.
     */
    static void xorAddress(byte[] value, int off, int addressLength, byte[] header) {
        value[off + 2] ^= header[4];
        value[off + 3] ^= header[5];
        for (int i = 0; i < addressLength; i++) {
            value[off + 4 + i] ^= header[4 + i];
        }
    }

    static InetSocketAddress decodeXorAddress(byte[] msg, int off, int len) throws StunFormatException {
        return decodeXorAddress("XOR-MAPPED-ADDRESS", msg, off, len);
    }

    static InetSocketAddress decodeXorAddress(String name, byte[] msg, int off, int len) throws StunFormatException {
        int family = len >= 4 ? msg[off + 1] & 0xFF : -1;
        int addressLength = family == 1 ? 4 : family == 2 ? 16 : -1;
        if (addressLength < 0 || len != 4 + addressLength) {
            throw new StunFormatException(StunFormatException.Reason.BAD_ATTRIBUTE,
                name + " of " + len + " bytes with family " + family
                    + ": expected family 1 with 8 bytes or family 2 with 20 bytes");
        }
        byte[] value = new byte[len];
        System.arraycopy(msg, off, value, 0, len);
        xorAddress(value, 0, addressLength, msg);
        byte[] address = new byte[addressLength];
        System.arraycopy(value, 4, address, 0, addressLength);
        try {
            return new InetSocketAddress(InetAddress.getByAddress(address), readUint16(value, 2));
        } catch (UnknownHostException impossible) {
            throw new IllegalStateException("4 or 16 address bytes rejected by InetAddress", impossible);
        }
    }

    static byte[] encodeXorAddress(InetSocketAddress socketAddress, byte[] header) {
        InetAddress address = socketAddress.getAddress();
        if (address == null) {
            throw new IllegalArgumentException("XOR-MAPPED-ADDRESS needs a resolved address, not " + socketAddress);
        }
        byte[] raw = address.getAddress();
        int family = address instanceof Inet4Address ? 1 : address instanceof Inet6Address ? 2 : 0;
        byte[] value = new byte[4 + raw.length];
        value[1] = (byte) family;
        writeUint16(value, 2, socketAddress.getPort());
        System.arraycopy(raw, 0, value, 4, raw.length);
        xorAddress(value, 0, raw.length, header);
        return value;
    }

    static byte[] hmacSha1(byte[] key, byte[] data, int len) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            // HMAC pads keys with zeros to its 64-byte block, so an empty key is 64 zero bytes
            // (SecretKeySpec refuses an empty array).
            mac.init(new SecretKeySpec(key.length == 0 ? new byte[64] : key, "HmacSHA1"));
            mac.update(data, 0, len);
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA1 is required of every Java platform", e);
        }
    }

    static int fingerprint(byte[] data, int len) {
        CRC32 crc = new CRC32();
        crc.update(data, 0, len);
        return (int) crc.getValue() ^ FINGERPRINT_XOR;
    }
}

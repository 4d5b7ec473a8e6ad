package dev.salle.rtc.turn;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;

/**
 * Splits the byte stream from a TURN server over TCP or TLS into messages
 * (<a href="https://www.rfc-editor.org/rfc/rfc8656#section-12.5">RFC 8656 section 12.5</a>): a STUN
 * message is delimited by its length field, a ChannelData message by its own, padded to a multiple
 * of 4 bytes. Strictly bounded: it reads into one buffer of {@link #MAX_MESSAGE} bytes, and anything
 * that is neither (garbage), longer than a UDP datagram can be, or cut off by the end of the stream
 * is a {@link Broken} stream: the connection cannot be resynchronised and must be dropped.
 *
 * <p>Not thread-safe: one reader thread owns it.
 */
final class TurnStreamReader {

    /** The largest payload of a UDP datagram over IPv4, what a relay can carry: 65535 - 8 - 20. */
    static final int MAX_DATAGRAM = 65_507;
    /** STUN header 20 bytes plus the largest length field. */
    static final int MAX_MESSAGE = 20 + 0xFFFF;
    private static final int MAGIC_COOKIE = 0x2112A442;

    /** The stream cannot be read on: what was wrong, as a drop reason and a message. */
    static final class Broken extends Exception {
        private static final long serialVersionUID = 1L;
        private final TurnDropReason reason;

        Broken(TurnDropReason reason, String message) {
            super(message);
            this.reason = reason;
        }

        TurnDropReason reason() {
            return reason;
        }
    }

    private final InputStream in;
    private final byte[] buffer = new byte[MAX_MESSAGE];

    TurnStreamReader(InputStream in) {
        this.in = Objects.requireNonNull(in, "in");
    }

    /** The reader's buffer; the last {@link #next()} message starts at 0. Overwritten by the next call. */
    byte[] buffer() {
        return buffer;
    }

    /**
     * Reads the next message into {@link #buffer()} and returns its length (a ChannelData message
     * without its padding), or -1 when the stream ended cleanly between two messages.
     *
     * @throws Broken on garbage, an oversized length, or the stream ending inside a message
     * @throws IOException when the connection fails
     */
    int next() throws IOException, Broken {
        int first = in.read();
        if (first < 0) {
            return -1;
        }
        buffer[0] = (byte) first;
        readFully(1, 3);
        int length = ((buffer[2] & 0xFF) << 8) | (buffer[3] & 0xFF);
        if (first >= 0x40 && first <= 0x4F) {
            if (length > MAX_DATAGRAM) {
                throw new Broken(TurnDropReason.OVERSIZED, "ChannelData of " + length + " bytes, more than a datagram's "
                    + MAX_DATAGRAM);
            }
            int padded = (length + 3) & ~3;
            readFully(4, padded);
            return 4 + length;
        }
        if ((first & 0xC0) != 0) {
            throw new Broken(TurnDropReason.MALFORMED, "neither STUN nor ChannelData: first byte 0x"
                + Integer.toHexString(first));
        }
        if ((length & 3) != 0) {
            throw new Broken(TurnDropReason.MALFORMED, "STUN length " + length + " is not a multiple of 4");
        }
        readFully(4, 16);
        int cookie = ((buffer[4] & 0xFF) << 24) | ((buffer[5] & 0xFF) << 16) | ((buffer[6] & 0xFF) << 8) | (buffer[7] & 0xFF);
        if (cookie != MAGIC_COOKIE) {
            throw new Broken(TurnDropReason.MALFORMED, "STUN message without the magic cookie");
        }
        readFully(20, length);
        return 20 + length;
    }

    private void readFully(int offset, int length) throws IOException, Broken {
        int done = 0;
        while (done < length) {
            int n;
            try {
                n = in.read(buffer, offset + done, length - done);
            } catch (EOFException e) {
                n = -1;
            }
            if (n < 0) {
                throw new Broken(TurnDropReason.TRUNCATED, "the stream ended " + (offset + done)
                    + " bytes into a message");
            }
            done += n;
        }
    }
}

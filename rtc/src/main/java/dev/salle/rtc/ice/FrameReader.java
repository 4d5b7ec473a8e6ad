package dev.salle.rtc.ice;

import java.io.IOException;

/**
 * RFC 4571 framing for ICE over TCP (<a href="https://www.rfc-editor.org/rfc/rfc6544#section-3">RFC
 * 6544 §3</a>): every STUN, DTLS, RTP or RTCP packet on the stream is preceded by its length, two
 * bytes big-endian. {@link #feed} takes whatever a read returned (half a frame, several frames)
 * and hands each whole frame to the sink; {@link #frame} writes one.
 *
 * <p>A length of 0 or above {@link #MAX_FRAME_BYTES} is refused: nothing we carry is empty or
 * larger than a datagram, and a hostile peer must not make us buffer more. Not thread-safe: one
 * reader per stream.
 */
public final class FrameReader {

    /** The largest packet a frame may carry: a 1500-byte datagram and some room. */
    public static final int MAX_FRAME_BYTES = 1600;

    /** Receives whole frames; {@code buffer} is reused after the call returns. */
    @FunctionalInterface
    public interface Sink {
        void frame(byte[] buffer, int offset, int length) throws IOException;
    }

    /** A frame length outside 1 to {@link #MAX_FRAME_BYTES}: the stream cannot go on. */
    public static final class BadLengthException extends IOException {
        private static final long serialVersionUID = 1L;

        BadLengthException(int length) {
            super("ICE-TCP frame length " + length + " is outside 1.." + MAX_FRAME_BYTES
                    + " (RFC 4571 framing carries one STUN, DTLS, RTP or RTCP packet); the connection is closed");
        }
    }

    private final byte[] body = new byte[MAX_FRAME_BYTES];
    private int header = -1; // the first length byte once read, -1 before
    private int length = -1; // the frame's length once both bytes are read
    private int filled;
    private long frames;

    /**
     * Consumes {@code data[offset, offset + count)} and calls the sink once per whole frame, in
     * order. A partial frame waits for the next call.
     *
     * @throws BadLengthException at the first length of 0 or above {@link #MAX_FRAME_BYTES}; the
     *     reader must not be fed again
     * @throws IOException what the sink threw
     */
    public void feed(byte[] data, int offset, int count, Sink sink) throws IOException {
        int i = offset;
        int end = offset + count;
        while (i < end) {
            if (length < 0) {
                int b = data[i++] & 0xff;
                if (header < 0) {
                    header = b;
                    continue;
                }
                length = (header << 8) | b;
                header = -1;
                if (length == 0 || length > MAX_FRAME_BYTES) {
                    throw new BadLengthException(length);
                }
                filled = 0;
                continue;
            }
            int n = Math.min(length - filled, end - i);
            System.arraycopy(data, i, body, filled, n);
            filled += n;
            i += n;
            if (filled == length) {
                length = -1;
                frames++;
                sink.frame(body, 0, filled);
            }
        }
    }

    /** Whole frames handed to the sink so far. */
    public long frames() {
        return frames;
    }

    /** Whether part of a frame is waiting for more bytes. */
    public boolean partial() {
        return header >= 0 || length >= 0;
    }

    /**
     * One packet with its RFC 4571 length in front.
     *
     * @throws IllegalArgumentException when the packet is empty or above {@link #MAX_FRAME_BYTES}
     */
    public static byte[] frame(byte[] packet, int offset, int count) {
        if (count <= 0 || count > MAX_FRAME_BYTES) {
            throw new IllegalArgumentException("a packet of " + count + " bytes cannot be framed for ICE-TCP; allowed: 1.."
                    + MAX_FRAME_BYTES);
        }
        byte[] framed = new byte[count + 2];
        framed[0] = (byte) (count >>> 8);
        framed[1] = (byte) count;
        System.arraycopy(packet, offset, framed, 2, count);
        return framed;
    }

    @Override
    public String toString() {
        return "FrameReader[frames=" + frames + (partial() ? ", a frame partly read" : "") + "]";
    }
}

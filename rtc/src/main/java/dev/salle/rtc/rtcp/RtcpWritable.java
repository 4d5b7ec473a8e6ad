package dev.salle.rtc.rtcp;

/** An RTCP packet that can encode itself into a caller's buffer, without padding. */
public interface RtcpWritable {

    /** Bytes {@link #writeTo} will write, a multiple of 4. */
    int encodedLength();

    /**
     * Writes the packet at {@code off}.
     *
     * @return the number of bytes written, {@link #encodedLength()}
     * @throws IllegalArgumentException when the buffer has no room; nothing is written then
     */
    int writeTo(byte[] buf, int off);
}

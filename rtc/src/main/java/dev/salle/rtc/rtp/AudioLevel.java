package dev.salle.rtc.rtp;

import dev.salle.rtc.rtp.RtpFormatException.Reason;

/**
 * The client-to-mixer audio level header extension of
 * <a href="https://www.rfc-editor.org/rfc/rfc6464#section-3">RFC 6464 section 3</a>: one byte,
 * a voice activity flag in the top bit and the level in -dBov (0 loudest, 127 silence) below it.
 *
 * <p>Methods work on the raw byte or on an element found with a {@link RtpHeaderExtensionCursor};
 * they never allocate on success.
 */
public final class AudioLevel {

    /** The level of digital silence, in -dBov. */
    public static final int SILENCE_DBOV = 127;

    private AudioLevel() {
    }

    /** Whether the sender flagged voice in {@code value}. */
    public static boolean voiceActivity(int value) {
        return (value & 0x80) != 0;
    }

    /** The level in -dBov (0..127) carried by {@code value}. */
    public static int levelDbov(int value) {
        return value & 0x7F;
    }

    /** Encodes a voice flag and a level (0..127 -dBov) into the extension byte. */
    public static byte encode(boolean voice, int levelDbov) {
        if (levelDbov < 0 || levelDbov > SILENCE_DBOV) {
            throw new IllegalArgumentException("audio level must be 0..127 -dBov, not " + levelDbov);
        }
        return (byte) ((voice ? 0x80 : 0) | levelDbov);
    }

    /**
     * Reads the extension byte at the cursor's current element.
     *
     * @return the byte, 0..255, for {@link #voiceActivity} and {@link #levelDbov}
     * @throws RtpFormatException when the element carries no data
     */
    public static int read(RtpPacket packet, RtpHeaderExtensionCursor cursor) throws RtpFormatException {
        if (cursor.dataLength() < 1) {
            throw new RtpFormatException(Reason.BAD_EXTENSION,
                "audio level element id " + cursor.id() + " has " + cursor.dataLength() + " bytes, needs 1");
        }
        return packet.buffer()[cursor.dataOffset()] & 0xFF;
    }

    /**
     * Finds element {@code id} in {@code packet} and reads it.
     *
     * @return the extension byte 0..255, or -1 when the packet carries no element {@code id}
     * @throws RtpFormatException when the element carries no data
     */
    public static int find(RtpPacket packet, int id, RtpHeaderExtensionCursor cursor) throws RtpFormatException {
        return packet.findExtension(id, cursor) ? read(packet, cursor) : -1;
    }
}

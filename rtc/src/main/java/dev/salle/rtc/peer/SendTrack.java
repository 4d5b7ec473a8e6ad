package dev.salle.rtc.peer;

import dev.salle.rtc.sdp.LocalCodec;
import java.util.Objects;

/**
 * One media section the server offers on a subscriber connection: a {@code sendonly} track with
 * one codec and one SSRC.
 *
 * @param codec the codec; its kind ({@code audio}/{@code video}) is the section's kind
 * @param payloadType the RTP payload type to use, 96..127 for dynamic types
 * @param ssrc the SSRC we send with, 32 bits unsigned
 * @param streamId the {@code a=msid} stream id (the LiveKit participant SID)
 * @param trackId the {@code a=msid} track id (the LiveKit track SID)
 * @param stopped the track was removed: its section stays in later offers (mids never move) as
 *     {@code a=inactive}, without SSRC or msid (RFC 8829 §5.2.2)
 */
public record SendTrack(LocalCodec codec, int payloadType, long ssrc, String streamId, String trackId,
        boolean stopped) {

    /** A live track. */
    public SendTrack(LocalCodec codec, int payloadType, long ssrc, String streamId, String trackId) {
        this(codec, payloadType, ssrc, streamId, trackId, false);
    }

    /** This track, removed. */
    public SendTrack stop() {
        return new SendTrack(codec, payloadType, ssrc, streamId, trackId, true);
    }

    public SendTrack {
        Objects.requireNonNull(codec, "codec");
        if (payloadType < 0 || payloadType > 127) {
            throw new IllegalArgumentException("payload type " + payloadType + " is not 0..127");
        }
        if (ssrc < 0 || ssrc > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("SSRC " + ssrc + " is not a 32-bit unsigned value");
        }
        requireToken(streamId, "streamId");
        requireToken(trackId, "trackId");
    }

    private static void requireToken(String value, String what) {
        if (value == null || value.isEmpty() || value.chars().anyMatch(c -> c <= ' ' || c > '~')) {
            throw new IllegalArgumentException("track " + what + " '" + value
                    + "' must be a non-empty token of visible ASCII without spaces");
        }
    }
}

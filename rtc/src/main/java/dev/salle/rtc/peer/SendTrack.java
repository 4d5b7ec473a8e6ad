package dev.salle.rtc.peer;

import dev.salle.rtc.sdp.LocalCodec;
import java.util.List;
import java.util.Objects;

/**
 * One {@code sendonly} media section we offer: on the server, a subscriber connection's track with
 * one codec and one SSRC; on a device, a published track, which may be simulcast.
 *
 * @param codec the codec; its kind ({@code audio}/{@code video}) is the section's kind
 * @param payloadType the RTP payload type to use, 96..127 for dynamic types
 * @param ssrc the SSRC we send with, 32 bits unsigned
 * @param streamId the {@code a=msid} stream id (the LiveKit participant SID)
 * @param trackId the {@code a=msid} track id (the LiveKit track SID)
 * @param stopped the track was removed: its section stays in later offers (mids never move) as
 *     {@code a=inactive}, without SSRC or msid (RFC 8829 §5.2.2)
 * @param rids simulcast layers by RTP stream id, lowest first (LiveKit's {@code q}, {@code h},
 *     {@code f}); empty for one stream. A simulcast section carries {@code a=rid}, {@code a=simulcast}
 *     and the mid and rid header extensions ({@link #MID_EXTENSION_ID}, {@link #RID_EXTENSION_ID},
 *     RFC 8852/8853) and no {@code a=ssrc}: the receiver learns each layer's SSRC from the
 *     extensions in its packets, which the sender must write
 */
public record SendTrack(LocalCodec codec, int payloadType, long ssrc, String streamId, String trackId,
        boolean stopped, List<String> rids) {

    /** The header extension id we offer for {@code urn:ietf:params:rtp-hdrext:sdes:mid}. */
    public static final int MID_EXTENSION_ID = 4;
    /** The header extension id we offer for {@code urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id}. */
    public static final int RID_EXTENSION_ID = 10;

    /** A live track. */
    public SendTrack(LocalCodec codec, int payloadType, long ssrc, String streamId, String trackId) {
        this(codec, payloadType, ssrc, streamId, trackId, false, List.of());
    }

    /** A track, live or stopped, with one stream. */
    public SendTrack(LocalCodec codec, int payloadType, long ssrc, String streamId, String trackId, boolean stopped) {
        this(codec, payloadType, ssrc, streamId, trackId, stopped, List.of());
    }

    /** This track, removed. */
    public SendTrack stop() {
        return new SendTrack(codec, payloadType, ssrc, streamId, trackId, true, rids);
    }

    /** This track sent as simulcast layers with these rids, lowest first. */
    public SendTrack withSimulcast(List<String> layerRids) {
        return new SendTrack(codec, payloadType, ssrc, streamId, trackId, stopped, layerRids);
    }

    public SendTrack {
        rids = List.copyOf(Objects.requireNonNull(rids, "rids"));
        if (rids.size() > 3 || rids.stream().anyMatch(r -> !r.matches("[A-Za-z0-9]{1,16}"))
                || rids.stream().distinct().count() != rids.size()) {
            throw new IllegalArgumentException("simulcast rids " + rids + " must be at most 3 distinct"
                    + " alphanumeric ids of 1 to 16 characters, e.g. [q, h]");
        }
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

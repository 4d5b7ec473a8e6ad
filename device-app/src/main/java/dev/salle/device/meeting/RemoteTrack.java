package dev.salle.device.meeting;

import dev.salle.rtc.sdp.Codec;
import dev.salle.rtc.sdp.Direction;
import dev.salle.rtc.sdp.MediaSection;
import dev.salle.rtc.sdp.SessionDescription;
import dev.salle.rtc.sdp.SsrcAttribute;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * One track the server offers on the subscriber connection, read from its section: the
 * publisher's participant SID and the track SID from {@code a=msid} (LiveKit writes the stream id
 * as {@code PA_…|TR_…}, or the participant SID alone), the SSRC and the codec.
 *
 * @param kind {@code audio} or {@code video}
 * @param encodingName the codec, upper case: {@code OPUS}, {@code H264}, {@code VP8}
 */
record RemoteTrack(String mid, String kind, String participantSid, String trackSid, long ssrc, String encodingName,
        int payloadType) {

    /** The live tracks of an offer; sections without msid, SSRC or a codec we decode are skipped. */
    static List<RemoteTrack> of(SessionDescription offer) {
        List<RemoteTrack> tracks = new ArrayList<>();
        for (MediaSection m : offer.media()) {
            if (m.isRejected() || !m.isRtp() || m.direction() == Direction.INACTIVE) {
                continue;
            }
            parse(m).ifPresent(tracks::add);
        }
        return tracks;
    }

    private static Optional<RemoteTrack> parse(MediaSection m) {
        Optional<String> msid = m.msid().or(() -> m.ssrcs().stream().filter(a -> a.name().equals("msid"))
                .map(SsrcAttribute::value).findFirst());
        if (msid.isEmpty() || m.ssrcs().isEmpty() || m.codecs().isEmpty()) {
            return Optional.empty();
        }
        String[] parts = msid.get().trim().split("\\s+");
        if (parts.length < 2) {
            return Optional.empty();
        }
        String participant = parts[0].contains("|") ? parts[0].substring(0, parts[0].indexOf('|')) : parts[0];
        Codec codec = m.codecs().get(0);
        String encoding = codec.name().toUpperCase(Locale.ROOT);
        boolean decodable = m.kind().equals("audio") ? encoding.equals("OPUS")
                : encoding.equals("H264") || encoding.equals("VP8");
        if (!decodable) {
            return Optional.empty();
        }
        return Optional.of(new RemoteTrack(m.mid().orElse(""), m.kind(), participant, parts[1],
                m.ssrcs().get(0).ssrc(), encoding, codec.payloadType()));
    }

    boolean isVideo() {
        return kind.equals("video");
    }
}

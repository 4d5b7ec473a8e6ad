package dev.salle.rtc.peer;

import dev.salle.rtc.dtls.CertificateFingerprint;
import dev.salle.rtc.ice.IceCredentials;
import dev.salle.rtc.sdp.Candidate;
import dev.salle.rtc.sdp.LocalCodec;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Writes our offer (RFC 8829 §5.2.1, kept minimal): the server's for a subscriber connection, or a
 * device's for its publisher connection. One {@code sendonly} section per track, all in one
 * BUNDLE, {@code a=ice-lite} when we are a lite agent, {@code a=setup:actpass} (RFC 8842 §5.2),
 * {@code a=rtcp-mux}, our host candidates and {@code a=end-of-candidates}; and,
 * when an SCTP port is given, a data channel section last (RFC 8841 §5).
 */
final class LocalOfferWriter {

    private LocalOfferWriter() {}

    static String write(String sessionId, int version, IceCredentials ice, CertificateFingerprint fingerprint,
            boolean iceLite, List<Candidate> candidate, List<SendTrack> tracks, int sctpPort, long maxMessageSize) {
        StringBuilder s = new StringBuilder(512 + 512 * tracks.size());
        line(s, "v=0");
        line(s, "o=- " + sessionId + " " + version + " IN IP4 127.0.0.1");
        line(s, "s=-");
        line(s, "t=0 0");
        StringBuilder mids = new StringBuilder();
        int sections = tracks.size() + (sctpPort > 0 ? 1 : 0);
        for (int i = 0; i < sections; i++) {
            mids.append(' ').append(i);
        }
        line(s, "a=group:BUNDLE" + mids);
        if (iceLite) {
            line(s, "a=ice-lite");
        }
        line(s, "a=msid-semantic: WMS *");
        for (int i = 0; i < tracks.size(); i++) {
            section(s, String.valueOf(i), ice, fingerprint, candidate, tracks.get(i));
        }
        if (sctpPort > 0) {
            line(s, "m=application 9 UDP/DTLS/SCTP webrtc-datachannel");
            transport(s, String.valueOf(tracks.size()), ice, fingerprint);
            line(s, "a=sctp-port:" + sctpPort);
            line(s, "a=max-message-size:" + maxMessageSize);
            candidates(s, candidate);
        }
        return s.toString();
    }

    private static void section(StringBuilder s, String mid, IceCredentials ice, CertificateFingerprint fingerprint,
            List<Candidate> candidate, SendTrack track) {
        LocalCodec codec = track.codec();
        int pt = track.payloadType();
        line(s, "m=" + codec.kind() + " 9 UDP/TLS/RTP/SAVPF " + pt);
        transport(s, mid, ice, fingerprint);
        line(s, track.stopped() ? "a=inactive" : "a=sendonly");
        if (!track.stopped()) {
            line(s, "a=msid:" + track.streamId() + " " + track.trackId());
        }
        line(s, "a=rtcp-mux");
        boolean simulcast = !track.stopped() && !track.rids().isEmpty();
        if (simulcast) {
            line(s, "a=extmap:" + SendTrack.MID_EXTENSION_ID + " urn:ietf:params:rtp-hdrext:sdes:mid");
            line(s, "a=extmap:" + SendTrack.RID_EXTENSION_ID + " urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id");
        }
        line(s, "a=rtpmap:" + pt + " " + codec.name() + "/" + codec.clockRate()
                + (codec.channels() > 0 ? "/" + codec.channels() : ""));
        codec.feedback().stream().sorted().forEach(fb -> line(s, "a=rtcp-fb:" + pt + " " + fb));
        if (!codec.requiredParameters().isEmpty()) {
            line(s, "a=fmtp:" + pt + " " + codec.requiredParameters().entrySet().stream()
                    .sorted(Map.Entry.comparingByKey())
                    .map(e -> e.getKey() + "=" + e.getValue())
                    .collect(Collectors.joining(";")));
        }
        if (simulcast) {
            track.rids().forEach(rid -> line(s, "a=rid:" + rid + " send"));
            line(s, "a=simulcast:send " + String.join(";", track.rids()));
        } else if (!track.stopped()) {
            line(s, "a=ssrc:" + track.ssrc() + " cname:" + track.streamId());
            line(s, "a=ssrc:" + track.ssrc() + " msid:" + track.streamId() + " " + track.trackId());
        }
        candidates(s, candidate);
    }

    private static void transport(StringBuilder s, String mid, IceCredentials ice, CertificateFingerprint fingerprint) {
        line(s, "c=IN IP4 0.0.0.0");
        line(s, "a=mid:" + mid);
        line(s, "a=ice-ufrag:" + ice.ufrag());
        line(s, "a=ice-pwd:" + ice.pwd());
        line(s, "a=fingerprint:" + fingerprint.toSdpValue());
        line(s, "a=setup:actpass");
    }

    private static void candidates(StringBuilder s, List<Candidate> candidates) {
        candidates.forEach(c -> line(s, "a=candidate:" + c.toValue()));
        line(s, "a=end-of-candidates");
    }

    private static void line(StringBuilder s, String line) {
        s.append(line).append("\r\n");
    }
}

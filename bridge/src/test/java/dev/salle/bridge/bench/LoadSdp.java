package dev.salle.bridge.bench;

import dev.salle.rtc.dtls.CertificateFingerprint;
import dev.salle.rtc.ice.IceCredentials;
import dev.salle.rtc.sdp.MediaSection;
import dev.salle.rtc.sdp.SessionDescription;

/**
 * The SDP a load client writes: a Chrome-like bundled offer for its publisher connection (Opus
 * and VP8, {@code setup:actpass}, {@code a=msid} naming the track ids given to add_track,
 * {@code a=ssrc} so the bridge knows the SSRCs before the first packet), and the answer to the
 * bridge's subscriber offer ({@code recvonly}, {@code setup:active}, stopped sections stay stopped).
 */
final class LoadSdp {

    private LoadSdp() {
    }

    static String publisherOffer(IceCredentials ice, CertificateFingerprint fingerprint, String audioTrackId,
            long audioSsrc, String videoTrackId, long videoSsrc) {
        StringBuilder s = session("a=group:BUNDLE 0 1");
        line(s, "a=msid-semantic: WMS load");
        line(s, "m=audio 9 UDP/TLS/RTP/SAVPF " + SyntheticMedia.OPUS_PAYLOAD_TYPE);
        transport(s, "0", ice, fingerprint, "actpass");
        line(s, "a=sendonly");
        line(s, "a=msid:load " + audioTrackId);
        line(s, "a=rtcp-mux");
        line(s, "a=rtpmap:" + SyntheticMedia.OPUS_PAYLOAD_TYPE + " opus/48000/2");
        line(s, "a=fmtp:" + SyntheticMedia.OPUS_PAYLOAD_TYPE + " minptime=10;useinbandfec=1");
        line(s, "a=ssrc:" + audioSsrc + " cname:load");
        line(s, "m=video 9 UDP/TLS/RTP/SAVPF " + SyntheticMedia.VP8_PAYLOAD_TYPE);
        transport(s, "1", ice, fingerprint, "actpass");
        line(s, "a=sendonly");
        line(s, "a=msid:load " + videoTrackId);
        line(s, "a=rtcp-mux");
        line(s, "a=rtcp-rsize");
        line(s, "a=rtpmap:" + SyntheticMedia.VP8_PAYLOAD_TYPE + " VP8/90000");
        line(s, "a=rtcp-fb:" + SyntheticMedia.VP8_PAYLOAD_TYPE + " nack");
        line(s, "a=rtcp-fb:" + SyntheticMedia.VP8_PAYLOAD_TYPE + " nack pli");
        line(s, "a=ssrc:" + videoSsrc + " cname:load");
        return s.toString();
    }

    static String subscriberAnswer(SessionDescription offer, IceCredentials ice, CertificateFingerprint fingerprint) {
        StringBuilder s = session("a=group:BUNDLE " + String.join(" ", offer.bundleMids()));
        for (MediaSection m : offer.media()) {
            String mid = m.mid().orElseThrow(() -> new IllegalStateException("the bridge offered a section without a=mid"));
            if (m.isRejected()) {
                line(s, "m=" + m.kind() + " 0 " + m.proto() + " " + String.join(" ", m.formats()));
                line(s, "c=IN IP4 0.0.0.0");
                line(s, "a=mid:" + mid);
                line(s, "a=inactive");
                continue;
            }
            line(s, "m=" + m.kind() + " 9 " + m.proto() + " " + String.join(" ", m.formats()));
            transport(s, mid, ice, fingerprint, "active");
            line(s, "a=recvonly");
            line(s, "a=rtcp-mux");
            for (String rtpmap : m.attributeValues("rtpmap")) {
                line(s, "a=rtpmap:" + rtpmap);
            }
            for (String fmtp : m.attributeValues("fmtp")) {
                line(s, "a=fmtp:" + fmtp);
            }
        }
        return s.toString();
    }

    private static StringBuilder session(String bundle) {
        StringBuilder s = new StringBuilder();
        line(s, "v=0");
        line(s, "o=- 1 2 IN IP4 127.0.0.1");
        line(s, "s=-");
        line(s, "t=0 0");
        line(s, bundle);
        return s;
    }

    private static void transport(StringBuilder s, String mid, IceCredentials ice, CertificateFingerprint fingerprint,
            String setup) {
        line(s, "c=IN IP4 0.0.0.0");
        line(s, "a=mid:" + mid);
        line(s, "a=ice-ufrag:" + ice.ufrag());
        line(s, "a=ice-pwd:" + ice.pwd());
        line(s, "a=fingerprint:" + fingerprint.toSdpValue());
        line(s, "a=setup:" + setup);
    }

    private static void line(StringBuilder s, String text) {
        s.append(text).append("\r\n");
    }
}

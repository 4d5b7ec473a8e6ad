package dev.salle.rtc.peer;

import dev.salle.rtc.dtls.CertificateFingerprint;
import dev.salle.rtc.dtls.SetupRole;
import dev.salle.rtc.ice.IceCredentials;
import dev.salle.rtc.peer.RemoteSdpException.Reason;
import dev.salle.rtc.sdp.Fingerprint;
import dev.salle.rtc.sdp.MediaSection;
import dev.salle.rtc.sdp.SdpParseException;
import dev.salle.rtc.sdp.SessionDescription;
import java.util.List;
import java.util.Optional;

/**
 * The parts of a remote offer or answer the transport needs, checked: ICE credentials of the
 * first usable section (a BUNDLE shares one transport, RFC 8843 §7), its DTLS fingerprint and its
 * {@code a=setup}.
 */
record RemoteDescription(SessionDescription sdp, IceCredentials ice, CertificateFingerprint fingerprint, SetupRole setup) {

    static RemoteDescription parse(String text) throws RemoteSdpException {
        if (text == null) {
            throw new RemoteSdpException(Reason.UNPARSEABLE, "remote SDP is missing; send the offer or answer text");
        }
        SessionDescription sdp;
        try {
            sdp = SessionDescription.parse(text);
        } catch (SdpParseException e) {
            throw new RemoteSdpException(Reason.UNPARSEABLE, "remote SDP does not parse at line " + e.lineNumber()
                    + ": " + e.getMessage(), e);
        }
        MediaSection section = transportSection(sdp).orElseThrow(() -> new RemoteSdpException(Reason.NO_USABLE_SECTION,
                "remote SDP has no m= section with a port other than 0; offer at least one audio, video or data section"));
        String ufrag = sdp.iceUfrag(section).orElse(null);
        String pwd = sdp.icePwd(section).orElse(null);
        IceCredentials ice;
        try {
            ice = new IceCredentials(ufrag, pwd);
        } catch (IllegalArgumentException e) {
            throw new RemoteSdpException(Reason.BAD_ICE_CREDENTIALS, "remote SDP ICE ufrag '" + ufrag
                    + "' / pwd is unusable: " + e.getMessage() + "; send a=ice-ufrag and a=ice-pwd as RFC 8839 §5.4 says", e);
        }
        List<Fingerprint> fingerprints = sdp.fingerprints(section);
        Fingerprint chosen = fingerprints.stream().filter(f -> f.hashFunction().equals("sha-256")).findFirst()
                .orElse(fingerprints.isEmpty() ? null : fingerprints.get(0));
        if (chosen == null) {
            throw new RemoteSdpException(Reason.BAD_FINGERPRINT,
                    "remote SDP has no a=fingerprint; WebRTC requires the DTLS certificate hash (RFC 8122 §5)");
        }
        CertificateFingerprint fingerprint;
        try {
            fingerprint = CertificateFingerprint.parse(chosen.toValue());
        } catch (IllegalArgumentException e) {
            throw new RemoteSdpException(Reason.BAD_FINGERPRINT, "remote SDP a=fingerprint '" + chosen.toValue()
                    + "' is unusable: " + e.getMessage() + "; send a sha-256 fingerprint", e);
        }
        String setupValue = section.attribute("setup").or(() -> sdp.attribute("setup")).orElse(null);
        if (setupValue == null) {
            throw new RemoteSdpException(Reason.BAD_SETUP,
                    "remote SDP has no a=setup; send actpass in an offer, active or passive in an answer (RFC 8842 §5)");
        }
        SetupRole setup;
        try {
            setup = SetupRole.parse(setupValue);
        } catch (IllegalArgumentException e) {
            throw new RemoteSdpException(Reason.BAD_SETUP, "remote SDP a=setup:" + setupValue + " is invalid: "
                    + e.getMessage(), e);
        }
        return new RemoteDescription(sdp, ice, fingerprint, setup);
    }

    /**
     * The first accepted data channel section ({@code m=application} over {@code UDP/DTLS/SCTP}
     * or {@code DTLS/SCTP} with a port other than 0), if any.
     */
    Optional<MediaSection> dataSection() {
        return sdp.media().stream()
                .filter(m -> "application".equals(m.kind()) && !m.isRejected() && m.proto().contains("SCTP"))
                .findFirst();
    }

    private static Optional<MediaSection> transportSection(SessionDescription sdp) {
        List<String> bundle = sdp.bundleMids();
        if (!bundle.isEmpty()) {
            Optional<MediaSection> tagged = sdp.section(bundle.get(0));
            if (tagged.isPresent()) {
                return tagged;
            }
        }
        return sdp.media().stream().filter(m -> !m.isRejected()).findFirst();
    }
}

package dev.salle.rtc.peer;

import dev.salle.rtc.dtls.CertificateFingerprint;
import dev.salle.rtc.peer.RemoteSdpException.Reason;
import dev.salle.rtc.sdp.Fingerprint;

/** What a {@link PeerConnection} checks in, and writes from, a description. */
final class DescriptionRules {

    private DescriptionRules() {}

    /**
     * Whether a subsequent description restarts ICE: false when it keeps both credentials, true
     * when it changes both.
     *
     * @throws RemoteSdpException when only one of ufrag and password changed
     */
    static boolean checkCredentialChange(RemoteDescription d, String ufrag, String pwd, String what)
            throws RemoteSdpException {
        boolean newUfrag = !d.ice().ufrag().equals(ufrag);
        boolean newPwd = !d.ice().pwd().equals(pwd);
        if (newUfrag != newPwd) {
            throw new RemoteSdpException(Reason.BAD_ICE_CREDENTIALS, what + " changes the ICE "
                    + (newUfrag ? "ufrag ('" + d.ice().ufrag() + "') but not the password" : "password but not the ufrag ('"
                            + d.ice().ufrag() + "')")
                    + "; an ICE restart changes both (RFC 8839 §4.4.1.1.1), other descriptions keep both");
        }
        return newUfrag;
    }

    static Fingerprint sdpFingerprint(CertificateFingerprint fingerprint) {
        String value = fingerprint.toSdpValue();
        int space = value.indexOf(' ');
        return new Fingerprint(value.substring(0, space), value.substring(space + 1));
    }
}

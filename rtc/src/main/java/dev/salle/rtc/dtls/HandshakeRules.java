package dev.salle.rtc.dtls;

import java.io.IOException;
import java.util.List;
import java.util.Objects;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.Certificate;
import org.bouncycastle.tls.ExporterLabel;
import org.bouncycastle.tls.HashAlgorithm;
import org.bouncycastle.tls.SignatureAlgorithm;
import org.bouncycastle.tls.SignatureAndHashAlgorithm;
import org.bouncycastle.tls.TlsContext;
import org.bouncycastle.tls.TlsCredentialedSigner;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.UseSRTPData;
import org.bouncycastle.tls.crypto.TlsCertificate;
import org.bouncycastle.tls.crypto.TlsCryptoParameters;
import org.bouncycastle.tls.crypto.impl.bc.BcDefaultTlsCredentialedSigner;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;

/**
 * The WebRTC rules both handshake roles share: present our certificate, require the peer's and
 * check it against the SDP fingerprint, and agree on one SRTP profile. Remembers the first rule
 * that failed so that {@link DtlsEndpoint} can report it precisely after Bouncy Castle has turned
 * it into an alert.
 *
 * <p>One instance per handshake; used only on the handshake thread.
 */
final class HandshakeRules {

    private static final SignatureAndHashAlgorithm ECDSA_SHA256 =
            SignatureAndHashAlgorithm.getInstance(HashAlgorithm.sha256, SignatureAlgorithm.ecdsa);

    private final BcTlsCrypto crypto;
    private final DtlsCertificate localCertificate;
    private final CertificateFingerprint expectedPeer;
    private final List<SrtpProfile> profiles;
    private DtlsException failure;
    private SrtpProfile selectedProfile;
    private CertificateFingerprint peerFingerprint;
    private byte[] keyingMaterial;

    HandshakeRules(BcTlsCrypto crypto, DtlsCertificate localCertificate,
            CertificateFingerprint expectedPeer, List<SrtpProfile> profiles) {
        this.crypto = crypto;
        this.localCertificate = localCertificate;
        this.expectedPeer = Objects.requireNonNull(expectedPeer, "expectedPeer");
        this.profiles = profiles;
    }

    int[] offeredProfileIds() {
        return profiles.stream().mapToInt(SrtpProfile::id).toArray();
    }

    TlsCredentialedSigner signer(TlsContext context) throws IOException {
        TlsCertificate certificate = crypto.createCertificate(localCertificate.derUnsafe());
        return new BcDefaultTlsCredentialedSigner(new TlsCryptoParameters(context), crypto,
                localCertificate.privateKey(), new Certificate(new TlsCertificate[] {certificate}),
                ECDSA_SHA256);
    }

    /** RFC 5763 §5: the peer must present a certificate whose hash is the SDP fingerprint. */
    void verifyPeerCertificate(Certificate chain) throws IOException {
        if (chain == null || chain.isEmpty()) {
            throw fail(new DtlsException(DtlsException.Reason.PEER_CERTIFICATE_MISSING,
                    "DTLS peer sent no certificate; WebRTC requires one from both sides"
                            + " (RFC 5763 §5). Check that the peer is a WebRTC endpoint."),
                    AlertDescription.handshake_failure);
        }
        byte[] der = chain.getCertificateAt(0).getEncoded();
        CertificateFingerprint actual = CertificateFingerprint.of(expectedPeer.algorithm(), der);
        peerFingerprint = CertificateFingerprint.sha256Of(der);
        if (!expectedPeer.matches(der)) {
            throw fail(new DtlsException(DtlsException.Reason.FINGERPRINT_MISMATCH,
                    "DTLS peer certificate fingerprint " + actual + " does not match the remote SDP's a=fingerprint "
                            + expectedPeer + "; the SDP and the DTLS peer are not the same endpoint"
                            + " (stale SDP or a man in the middle), so the call must not proceed"),
                    AlertDescription.bad_certificate);
        }
    }

    /** Server side: pick our most preferred profile among the client's offer (RFC 5764 §4.1.1). */
    void selectFromClientOffer(UseSRTPData offer) throws IOException {
        if (offer == null) {
            throw fail(new DtlsException(DtlsException.Reason.NO_COMMON_SRTP_PROFILE,
                    "DTLS client offered no use_srtp extension; WebRTC media needs DTLS-SRTP"
                            + " (RFC 5764 §4.1.1). Offer one of " + profiles),
                    AlertDescription.handshake_failure);
        }
        int[] offered = offer.getProtectionProfiles();
        for (SrtpProfile profile : profiles) {
            for (int id : offered) {
                if (id == profile.id()) {
                    selectedProfile = profile;
                    return;
                }
            }
        }
        throw fail(new DtlsException(DtlsException.Reason.NO_COMMON_SRTP_PROFILE,
                "DTLS client offered SRTP profiles " + hexIds(offered) + " but this side supports "
                        + profiles + "; enable one of them on both sides"),
                AlertDescription.handshake_failure);
    }

    /** Client side: the server must choose exactly one profile we offered (RFC 5764 §4.1.1). */
    void acceptServerChoice(UseSRTPData answer) throws IOException {
        int[] chosen = answer == null ? new int[0] : answer.getProtectionProfiles();
        if (chosen.length == 1) {
            for (SrtpProfile profile : profiles) {
                if (profile.id() == chosen[0]) {
                    selectedProfile = profile;
                    return;
                }
            }
        }
        throw fail(new DtlsException(DtlsException.Reason.NO_COMMON_SRTP_PROFILE,
                "DTLS server answered use_srtp with " + hexIds(chosen) + " but must choose exactly one of "
                        + profiles + " (RFC 5764 §4.1.1)"),
                AlertDescription.illegal_parameter);
    }

    /**
     * RFC 5764 §4.2: exports the SRTP keying material. Bouncy Castle allows the export only from
     * {@code notifyHandshakeComplete()}, so both roles call this there.
     */
    void exportKeyingMaterial(TlsContext context) {
        keyingMaterial = context.exportKeyingMaterial(ExporterLabel.dtls_srtp, null,
                selectedProfile.keyingMaterialLength());
    }

    byte[] keyingMaterial() {
        return keyingMaterial;
    }

    SrtpProfile selectedProfile() {
        return selectedProfile;
    }

    CertificateFingerprint peerFingerprint() {
        return peerFingerprint;
    }

    DtlsException failure() {
        return failure;
    }

    private TlsFatalAlert fail(DtlsException reason, short alert) {
        if (failure == null) {
            failure = reason;
        }
        return new TlsFatalAlert(alert, reason.getMessage());
    }

    private static String hexIds(int[] ids) {
        StringBuilder text = new StringBuilder("[");
        for (int i = 0; i < ids.length; i++) {
            text.append(i == 0 ? "" : ", ").append(String.format("0x%04X", ids[i]));
        }
        return text.append(']').toString();
    }
}

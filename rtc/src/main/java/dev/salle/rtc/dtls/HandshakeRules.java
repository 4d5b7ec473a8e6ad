package dev.salle.rtc.dtls;

import dev.salle.rtc.srtp.SrtpProfile;

import java.io.IOException;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
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
    private final CompletionStage<CertificateFingerprint> expectedPeer;
    private final long deadlineNanos;
    private final List<SrtpProfile> profiles;
    private DtlsException failure;
    private SrtpProfile selectedProfile;
    private CertificateFingerprint peerFingerprint;
    private byte[] keyingMaterial;

    HandshakeRules(BcTlsCrypto crypto, DtlsCertificate localCertificate,
            CompletionStage<CertificateFingerprint> expectedPeer, long deadlineNanos,
            List<SrtpProfile> profiles) {
        this.crypto = crypto;
        this.localCertificate = localCertificate;
        this.expectedPeer = Objects.requireNonNull(expectedPeer, "expectedPeer");
        this.deadlineNanos = deadlineNanos;
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
        peerFingerprint = CertificateFingerprint.sha256Of(der);
        CertificateFingerprint expected = awaitExpectedFingerprint();
        CertificateFingerprint actual = CertificateFingerprint.of(expected.algorithm(), der);
        if (!expected.matches(der)) {
            throw fail(new DtlsException(DtlsException.Reason.FINGERPRINT_MISMATCH,
                    "DTLS peer certificate fingerprint " + actual + " does not match the remote SDP's a=fingerprint "
                            + expected + "; the SDP and the DTLS peer are not the same endpoint"
                            + " (stale SDP or a man in the middle), so the call must not proceed"),
                    AlertDescription.bad_certificate);
        }
    }

    /**
     * The remote SDP's fingerprint, waiting for it until the handshake deadline when the answer
     * has not arrived yet (the peer may start DTLS before its SDP reaches us).
     */
    private CertificateFingerprint awaitExpectedFingerprint() throws IOException {
        long leftNanos = deadlineNanos - System.nanoTime();
        try {
            return expectedPeer.toCompletableFuture().get(Math.max(0, leftNanos), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw fail(new DtlsException(DtlsException.Reason.HANDSHAKE_TIMEOUT,
                    "DTLS peer presented its certificate but the remote SDP fingerprint was not"
                            + " supplied before the handshake deadline; complete the fingerprint"
                            + " future when the remote description arrives"),
                    AlertDescription.internal_error);
        } catch (ExecutionException e) {
            throw fail(new DtlsException(DtlsException.Reason.REMOTE_FINGERPRINT_UNAVAILABLE,
                    "DTLS cannot check the peer: the remote SDP fingerprint future failed with "
                            + e.getCause() + "; fix the remote description and start a new handshake"),
                    AlertDescription.internal_error);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw fail(new DtlsException(DtlsException.Reason.REMOTE_FINGERPRINT_UNAVAILABLE,
                    "DTLS handshake thread was interrupted while waiting for the remote SDP"
                            + " fingerprint; the handshake is abandoned"),
                    AlertDescription.internal_error);
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
        if (answer == null) {
            throw fail(new DtlsException(DtlsException.Reason.NO_COMMON_SRTP_PROFILE,
                    "DTLS server ignored our use_srtp offer " + profiles + "; it supports none of"
                            + " them or is not a WebRTC endpoint (RFC 5764 §4.1.1)"),
                    AlertDescription.handshake_failure);
        }
        int[] chosen = answer.getProtectionProfiles();
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

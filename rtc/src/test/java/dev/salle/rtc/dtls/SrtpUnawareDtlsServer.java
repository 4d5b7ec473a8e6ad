package dev.salle.rtc.dtls;

import java.io.IOException;
import java.security.SecureRandom;
import java.util.concurrent.CompletableFuture;
import org.bouncycastle.tls.Certificate;
import org.bouncycastle.tls.CertificateRequest;
import org.bouncycastle.tls.ClientCertificateType;
import org.bouncycastle.tls.DefaultTlsServer;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.TlsCredentialedSigner;
import org.bouncycastle.tls.TlsUtils;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;

/**
 * A plain Bouncy Castle DTLS server with a proper certificate that ignores {@code use_srtp}, as a
 * DTLS peer that is not a WebRTC endpoint would.
 */
final class SrtpUnawareDtlsServer extends DefaultTlsServer {

    private final HandshakeRules identity;

    SrtpUnawareDtlsServer(DtlsCertificate certificate) {
        this(new BcTlsCrypto(new SecureRandom()), certificate);
    }

    private SrtpUnawareDtlsServer(BcTlsCrypto crypto, DtlsCertificate certificate) {
        super(crypto);
        this.identity = new HandshakeRules(crypto, certificate,
                CompletableFuture.completedFuture(certificate.fingerprint()), Long.MAX_VALUE,
                DtlsConfig.DEFAULT_SRTP_PROFILES);
    }

    @Override
    protected ProtocolVersion[] getSupportedVersions() {
        return ProtocolVersion.DTLSv12.only();
    }

    @Override
    protected int[] getSupportedCipherSuites() {
        return TlsUtils.getSupportedCipherSuites(getCrypto(), DtlsEndpoint.CIPHER_SUITES);
    }

    @Override
    protected TlsCredentialedSigner getECDSASignerCredentials() throws IOException {
        return identity.signer(context);
    }

    @Override
    public CertificateRequest getCertificateRequest() {
        return new CertificateRequest(new short[] {ClientCertificateType.ecdsa_sign},
                TlsUtils.getDefaultSupportedSignatureAlgorithms(context), null);
    }

    @Override
    public void notifyClientCertificate(Certificate clientCertificate) {
        // accepts any client: this server only exists to leave out use_srtp
    }
}

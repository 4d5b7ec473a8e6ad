package dev.salle.rtc.dtls;

import java.io.IOException;
import java.security.SecureRandom;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.BooleanSupplier;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.CipherSuite;
import org.bouncycastle.tls.DTLSClientProtocol;
import org.bouncycastle.tls.DTLSServerProtocol;
import org.bouncycastle.tls.DTLSTransport;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.TlsFatalAlertReceived;
import org.bouncycastle.tls.TlsTimeoutException;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs DTLS 1.2 handshakes for WebRTC (DTLS-SRTP,
 * <a href="https://www.rfc-editor.org/rfc/rfc5763">RFC 5763</a>,
 * <a href="https://www.rfc-editor.org/rfc/rfc5764">RFC 5764</a>) over any
 * {@link PacketTransport}, as client or server, with Bouncy Castle's {@code DTLSClientProtocol} /
 * {@code DTLSServerProtocol}.
 *
 * <p>Each handshake: offers or selects {@code use_srtp} with the configured profiles (GCM
 * preferred); uses ECDHE_ECDSA cipher suites (AES-128-GCM, AES-256-GCM, AES-128-CBC-SHA fallback);
 * presents the local {@link DtlsCertificate}; requires the peer's certificate on both sides and
 * checks it against the fingerprint from the remote SDP; exports the SRTP keying material
 * (<a href="https://www.rfc-editor.org/rfc/rfc5764#section-4.2">RFC 5764 §4.2</a>).
 * Retransmission of lost flights is Bouncy Castle's
 * (<a href="https://www.rfc-editor.org/rfc/rfc6347#section-4.2.4">RFC 6347 §4.2.4</a>).
 *
 * <p>Threading: {@link #handshake} blocks the calling thread until the handshake succeeds, fails
 * or reaches {@link DtlsConfig#handshakeTimeout()}; {@link #handshakeAsync} runs the same call on
 * an executor the caller owns. No thread is started here. The endpoint itself is immutable and
 * may run many handshakes at once, each on its own transport. After the handshake, the caller must
 * keep reading the {@link DtlsSession} (see its threading note) so that lost final flights are
 * retransmitted.
 */
public final class DtlsEndpoint {

    private static final Logger LOG = LoggerFactory.getLogger(DtlsEndpoint.class);

    static final int[] CIPHER_SUITES = {
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA,
    };

    private final DtlsCertificate certificate;
    private final DtlsConfig config;
    private final SecureRandom random;

    /**
     * @param certificate our identity, shared by all handshakes
     * @param config timeouts and SRTP profile preference
     * @param random the source of handshake randomness
     */
    public DtlsEndpoint(DtlsCertificate certificate, DtlsConfig config, SecureRandom random) {
        this.certificate = Objects.requireNonNull(certificate, "certificate");
        this.config = Objects.requireNonNull(config, "config");
        this.random = Objects.requireNonNull(random, "random");
    }

    /** The fingerprint to put in our SDP's {@code a=fingerprint}. */
    public CertificateFingerprint localFingerprint() {
        return certificate.fingerprint();
    }

    /**
     * Runs one handshake on the calling thread, with the remote SDP's fingerprint already known.
     *
     * @param role {@link DtlsRole#CLIENT} sends the ClientHello; see {@link SetupRole#localRole}
     * @param transport the datagram path to the peer; stays open and owned by the caller
     * @param expectedPeerFingerprint the {@code a=fingerprint} of the remote SDP
     * @return the established session, with its {@link DtlsSrtpResult}
     * @throws DtlsException with {@link DtlsException.Reason#FINGERPRINT_MISMATCH},
     *     {@link DtlsException.Reason#PEER_CERTIFICATE_MISSING},
     *     {@link DtlsException.Reason#NO_COMMON_SRTP_PROFILE},
     *     {@link DtlsException.Reason#HANDSHAKE_TIMEOUT}, {@link DtlsException.Reason#PEER_ALERT},
     *     {@link DtlsException.Reason#PROTOCOL_ERROR} or
     *     {@link DtlsException.Reason#TRANSPORT_FAILED}
     */
    public DtlsSession handshake(DtlsRole role, PacketTransport transport,
            CertificateFingerprint expectedPeerFingerprint) throws DtlsException {
        Objects.requireNonNull(expectedPeerFingerprint, "expectedPeerFingerprint");
        return handshake(role, transport, CompletableFuture.completedFuture(expectedPeerFingerprint));
    }

    /**
     * Runs one handshake on the calling thread when the remote SDP's fingerprint may arrive later
     * than the peer's first DTLS packet (an answerer with {@code a=setup:active} often sends its
     * ClientHello before its answer reaches us). The handshake proceeds; when the peer's
     * certificate arrives, it waits for {@code expectedPeerFingerprint} until the handshake
     * deadline. Nothing is accepted from an unchecked peer.
     *
     * @param expectedPeerFingerprint completed by the caller with the remote {@code a=fingerprint}
     * @throws DtlsException as {@link #handshake(DtlsRole, PacketTransport, CertificateFingerprint)},
     *     plus {@link DtlsException.Reason#HANDSHAKE_TIMEOUT} if the fingerprint comes too late and
     *     {@link DtlsException.Reason#REMOTE_FINGERPRINT_UNAVAILABLE} if its future fails
     */
    public DtlsSession handshake(DtlsRole role, PacketTransport transport,
            CompletionStage<CertificateFingerprint> expectedPeerFingerprint) throws DtlsException {
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(transport, "transport");
        Objects.requireNonNull(expectedPeerFingerprint, "expectedPeerFingerprint");
        long timeoutNanos = config.handshakeTimeout().toNanos();
        BcTlsCrypto crypto = new BcTlsCrypto(random);
        HandshakeRules rules = new HandshakeRules(crypto, certificate, expectedPeerFingerprint,
                System.nanoTime() + timeoutNanos, config.srtpProfiles());
        PacketTransportAdapter adapter = new PacketTransportAdapter(transport);
        adapter.startHandshakeDeadline(timeoutNanos);
        LOG.debug("DTLS handshake starting as {}", role);
        DTLSTransport dtls;
        BooleanSupplier closeNotifyReceived;
        try {
            if (role == DtlsRole.CLIENT) {
                SrtpDtlsClient client = new SrtpDtlsClient(crypto, rules, config);
                dtls = new DTLSClientProtocol().connect(client, adapter);
                closeNotifyReceived = client::closeNotifyReceived;
            } else {
                SrtpDtlsServer server = new SrtpDtlsServer(crypto, rules, config);
                dtls = new DTLSServerProtocol().accept(server, adapter);
                closeNotifyReceived = server::closeNotifyReceived;
            }
        } catch (IOException | RuntimeException e) {
            throw classify(role, e, rules, adapter);
        } finally {
            adapter.endHandshakeDeadline();
        }
        DtlsSrtpResult result = new DtlsSrtpResult(rules.selectedProfile(), rules.keyingMaterial(),
                rules.peerFingerprint(), role);
        LOG.debug("DTLS handshake done as {}: {}", role, result);
        return new DtlsSession(dtls, adapter, result, closeNotifyReceived);
    }

    /**
     * Runs {@link #handshake} on the given executor. The future fails with a
     * {@link CompletionException} whose cause is the {@link DtlsException}.
     */
    public CompletableFuture<DtlsSession> handshakeAsync(DtlsRole role, PacketTransport transport,
            CertificateFingerprint expectedPeerFingerprint, Executor executor) {
        Objects.requireNonNull(expectedPeerFingerprint, "expectedPeerFingerprint");
        return handshakeAsync(role, transport, CompletableFuture.completedFuture(expectedPeerFingerprint),
                executor);
    }

    /**
     * Runs {@link #handshake(DtlsRole, PacketTransport, CompletionStage)} on the given executor.
     * The future fails with a {@link CompletionException} whose cause is the {@link DtlsException}.
     */
    public CompletableFuture<DtlsSession> handshakeAsync(DtlsRole role, PacketTransport transport,
            CompletionStage<CertificateFingerprint> expectedPeerFingerprint, Executor executor) {
        Objects.requireNonNull(executor, "executor");
        return CompletableFuture.supplyAsync(() -> {
            try {
                return handshake(role, transport, expectedPeerFingerprint);
            } catch (DtlsException e) {
                throw new CompletionException(e);
            }
        }, executor);
    }

    private DtlsException classify(DtlsRole role, Exception e, HandshakeRules rules,
            PacketTransportAdapter adapter) {
        if (rules.failure() != null) {
            DtlsException ours = rules.failure();
            return new DtlsException(ours.reason(), ours.getMessage(), e);
        }
        long timeoutMillis = config.handshakeTimeout().toMillis();
        if (adapter.handshakeDeadlineExceeded() || e instanceof TlsTimeoutException) {
            return new DtlsException(DtlsException.Reason.HANDSHAKE_TIMEOUT, "DTLS handshake as "
                    + role + " did not finish within " + timeoutMillis + " ms (" + adapter.datagramsReceived()
                    + " datagrams received); check that the peer is reachable over ICE and runs DTLS"
                    + " in the opposite role", e);
        }
        if (e instanceof DtlsException ours) {
            return ours;
        }
        if (e instanceof TlsFatalAlertReceived received) {
            String alert = AlertDescription.getText(received.getAlertDescription());
            return new DtlsException(DtlsException.Reason.PEER_ALERT, "DTLS peer aborted the handshake"
                    + " as " + role + " with alert " + alert + "; if it is bad_certificate, the peer's"
                    + " copy of our SDP fingerprint differs from " + certificate.fingerprint(), e);
        }
        if (e instanceof TlsFatalAlert alert) {
            return new DtlsException(DtlsException.Reason.PROTOCOL_ERROR, "DTLS handshake as " + role
                    + " failed with " + AlertDescription.getText(alert.getAlertDescription()) + ": "
                    + alert.getMessage(), e);
        }
        if (e instanceof RuntimeException) {
            return new DtlsException(DtlsException.Reason.PROTOCOL_ERROR, "DTLS handshake as " + role
                    + " failed inside Bouncy Castle: " + e, e);
        }
        return new DtlsException(DtlsException.Reason.TRANSPORT_FAILED, "DTLS handshake as " + role
                + " failed on the packet transport: " + e.getMessage() + "; check the ICE connection", e);
    }
}

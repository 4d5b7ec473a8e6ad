package dev.salle.rtc.peer;

import dev.salle.rtc.dtls.CertificateFingerprint;
import dev.salle.rtc.dtls.DtlsEndpoint;
import dev.salle.rtc.dtls.DtlsException;
import dev.salle.rtc.dtls.DtlsRole;
import dev.salle.rtc.dtls.DtlsSession;
import dev.salle.rtc.peer.PeerFailure.Stage;
import dev.salle.rtc.sctp.SctpAssociation;
import dev.salle.rtc.sdp.MediaSection;
import dev.salle.rtc.srtp.SrtpKeys;
import dev.salle.rtc.srtp.SrtpProfile;
import dev.salle.rtc.srtp.SrtpSession;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one long task of a {@link PeerConnection}: waits for ICE, runs the DTLS handshake
 * (RFC 5764 §4), derives the SRTP keys, starts the data channels, then keeps reading the DTLS
 * association (RFC 6347 §4.2.4) until the connection closes. Runs on the connection's executor.
 */
final class HandshakeTask implements Runnable {

    private static final Logger log = LoggerFactory.getLogger(HandshakeTask.class);
    private static final int DTLS_READ_POLL_MILLIS = 100;
    private static final int DTLS_READ_BUFFER = 2048;

    private final PeerConnection peer;
    private final PeerIce ice;
    private final DtlsEndpoint dtls;
    private final PeerConfig config;
    private final DtlsRole role;
    private final CertificateFingerprint remoteFingerprint;
    private final Optional<MediaSection> remoteDataSection;
    private final CountDownLatch done = new CountDownLatch(1);
    private volatile Thread worker;

    HandshakeTask(PeerConnection peer, PeerIce ice, DtlsEndpoint dtls, PeerConfig config, DtlsRole role,
            CertificateFingerprint remoteFingerprint, Optional<MediaSection> remoteDataSection) {
        this.peer = peer;
        this.ice = ice;
        this.dtls = dtls;
        this.config = config;
        this.role = role;
        this.remoteFingerprint = remoteFingerprint;
        this.remoteDataSection = remoteDataSection;
    }

    @Override
    public void run() {
        worker = Thread.currentThread();
        try {
            if (peer.isClosed()) {
                return;
            }
            try {
                ice.awaitConnected();
            } catch (TimeoutException e) {
                ice.relayFailures().forEach(e::addSuppressed); // PeerFailure.turnFailures() reads them
                peer.fail(Stage.ICE, ice.timeoutMessage(), e);
                return;
            } catch (CancellationException | ExecutionException e) {
                return; // closed while waiting
            }
            DtlsSession session;
            try {
                session = dtls.handshake(role, ice.session(), remoteFingerprint);
            } catch (DtlsException e) {
                peer.fail(Stage.DTLS, "DTLS handshake as " + role + " with " + ice.remoteAddress().orElse(null)
                        + " failed (" + e.reason() + "): " + e.getMessage(), e);
                return;
            }
            if (!peer.dtlsConnected(session)) {
                closeQuietly(session);
                return;
            }
            int profileId = session.srtp().profileId();
            Optional<SrtpProfile> profile = SrtpProfile.fromId(profileId);
            if (profile.isEmpty()) {
                peer.fail(Stage.SRTP, "DTLS negotiated SRTP profile 0x" + Integer.toHexString(profileId)
                        + " which the SRTP layer does not implement; configure DtlsConfig.srtpProfiles to supported ones",
                        null);
                return;
            }
            SrtpSession srtp = SrtpSession.fromDtls(
                    SrtpKeys.fromKeyingMaterial(profile.get(), session.srtp().keyingMaterial()), role == DtlsRole.CLIENT);
            if (!peer.srtpReady(new SrtpMediaPath(ice.session(), srtp, peer.counters(), peer.listener()))) {
                return;
            }
            log.debug("peer {}: connected to {} with {}", ice.ufrag(), ice.remoteAddress().orElse(null), profile.get());
            peer.sctpStarted(DataChannelTransport.start(ice.ufrag(), session, remoteDataSection, config, peer.listener())
                    .orElse(null));
            peer.listener().connected(profile.get());
            readDtls(session);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Throwable t) {
            if (!peer.isClosed()) {
                log.warn("peer {}: the connection task failed unexpectedly", ice.ufrag(), t);
            }
        } finally {
            worker = null;
            done.countDown();
        }
    }

    /**
     * Keeps the DTLS association read (RFC 6347 §4.2.4) and hands application data to the SCTP
     * association (RFC 8261), or discards it when data channels were not negotiated. ICE goes on
     * until the connection closes, also after DTLS ended (a close_notify, a fatal alert): SRTP
     * still flows then, and its path still needs consent checks and, on a restart, check rounds.
     */
    private void readDtls(DtlsSession session) throws InterruptedException {
        byte[] buffer = new byte[DTLS_READ_BUFFER];
        boolean reading = true;
        while (!peer.isClosed() && !Thread.currentThread().isInterrupted()) {
            PeerCounters counters = peer.counters();
            if (ice.keepChecking(counters.rtpReceived() + counters.rtcpReceived())) {
                peer.consentLost();
            }
            if (!reading) {
                Thread.sleep(DTLS_READ_POLL_MILLIS);
                continue;
            }
            try {
                int length = session.receive(buffer, 0, buffer.length, DTLS_READ_POLL_MILLIS);
                SctpAssociation association = peer.sctp();
                if (length > 0 && association != null) {
                    association.receive(buffer, 0, length);
                }
                if (session.peerClosed()) {
                    log.debug("peer {}: DTLS close_notify received; SRTP goes on", ice.ufrag());
                    reading = false;
                }
            } catch (DtlsException e) {
                if (!peer.isClosed()) {
                    log.debug("peer {}: DTLS reader stopped ({}): {}", ice.ufrag(), e.reason(), e.getMessage());
                }
                reading = false;
            }
        }
    }

    /**
     * Waits for the task to end after the connection closed: up to {@code millis}, then interrupts
     * it and waits a quarter of that again, logging where it is stuck if it still runs.
     */
    void stop(long millis) {
        if (await(millis)) {
            return;
        }
        Thread w = worker;
        if (w != null) {
            w.interrupt();
        }
        if (!await(millis / 4)) {
            // where it is stuck, for the log: the one clue a rare slow stop leaves
            StringBuilder where = new StringBuilder();
            if (w != null) {
                for (StackTraceElement e : w.getStackTrace()) {
                    where.append("\n\tat ").append(e);
                }
            }
            log.warn("peer {}: the handshake/reader task did not stop within {} ms; it will end at its own deadline;"
                    + " it is at:{}", ice.ufrag(), millis, where);
        }
    }

    private boolean await(long millis) {
        try {
            return done.await(millis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void closeQuietly(DtlsSession session) {
        try {
            session.close();
        } catch (DtlsException e) {
            log.debug("peer {}: close_notify not sent: {}", ice.ufrag(), e.getMessage());
        }
    }
}

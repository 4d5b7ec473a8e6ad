package dev.salle.rtc.dtls;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/** Two endpoints with their own certificates and a thread pool to run both handshakes at once. */
final class HandshakePair implements AutoCloseable {

    static final DtlsCertificate CLIENT_CERTIFICATE = DtlsCertificate.generate();
    static final DtlsCertificate SERVER_CERTIFICATE = DtlsCertificate.generate();

    final ExecutorService executor = Executors.newFixedThreadPool(2);
    final DtlsEndpoint client;
    final DtlsEndpoint server;

    HandshakePair(DtlsConfig clientConfig, DtlsConfig serverConfig) {
        client = new DtlsEndpoint(CLIENT_CERTIFICATE, clientConfig, new SecureRandom());
        server = new DtlsEndpoint(SERVER_CERTIFICATE, serverConfig, new SecureRandom());
    }

    HandshakePair(DtlsConfig config) {
        this(config, config);
    }

    CompletableFuture<DtlsSession> startClient(PacketTransport transport, CertificateFingerprint expected) {
        return client.handshakeAsync(DtlsRole.CLIENT, transport, expected, executor);
    }

    CompletableFuture<DtlsSession> startServer(PacketTransport transport, CertificateFingerprint expected) {
        return server.handshakeAsync(DtlsRole.SERVER, transport, expected, executor);
    }

    CompletableFuture<DtlsSession> startClient(PacketTransport transport) {
        return startClient(transport, server.localFingerprint());
    }

    CompletableFuture<DtlsSession> startServer(PacketTransport transport) {
        return startServer(transport, client.localFingerprint());
    }

    /**
     * Waits for both handshakes. A side that finishes first keeps reading, as an application
     * must: its read answers the peer's retransmitted final flight when our last flight was lost
     * (RFC 6347 §4.2.4).
     *
     * @return {client, server}
     */
    static DtlsSession[] awaitBoth(CompletableFuture<DtlsSession> client,
            CompletableFuture<DtlsSession> server, Duration bound) throws Exception {
        long deadline = System.nanoTime() + bound.toNanos();
        byte[] buffer = new byte[2048];
        while (!(client.isDone() && server.isDone()) && System.nanoTime() < deadline) {
            boolean read = false;
            for (CompletableFuture<DtlsSession> side : List.of(client, server)) {
                if (side.isDone() && !side.isCompletedExceptionally()) {
                    side.join().receive(buffer, 0, buffer.length, 20);
                    read = true;
                }
            }
            if (!read) {
                Thread.sleep(5);
            }
            if (client.isCompletedExceptionally() || server.isCompletedExceptionally()) {
                break;
            }
        }
        return new DtlsSession[] {client.get(1, TimeUnit.SECONDS), server.get(1, TimeUnit.SECONDS)};
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}

package dev.salle.rtc.dtls;

import java.security.SecureRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

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

    @Override
    public void close() {
        executor.shutdownNow();
    }
}

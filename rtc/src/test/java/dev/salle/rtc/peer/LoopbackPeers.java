package dev.salle.rtc.peer;

import dev.salle.rtc.ice.UdpMux;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * What the client-side tests share: the lite server side and the full, controlling client side
 * (a room device), two real {@link PeerConnection}s on UDP ports of their own on loopback, with
 * recording listeners. Closing closes both, their ports, and what the server port set-up returned.
 */
final class LoopbackPeers implements AutoCloseable {

    /** Done with the server's port before its peer connection is made (attach a TCP port, say). */
    @FunctionalInterface
    interface ServerPort {
        /** @return what to close with the peers, or null */
        AutoCloseable prepare(UdpMux serverMux) throws IOException;
    }

    final ExecutorService executor = Executors.newCachedThreadPool();
    final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    final PeerConnectionTest.RecordingListener serverSide = new PeerConnectionTest.RecordingListener();
    final PeerConnectionTest.RecordingListener clientSide = new PeerConnectionTest.RecordingListener();
    final UdpMux serverMux;
    final UdpMux clientMux;
    final PeerConnection server;
    final PeerConnection client;
    private final AutoCloseable serverExtra;

    /** @param config the server's; the client's is {@link PeerConfig#asClient()} of it */
    LoopbackPeers(PeerConfig config) throws IOException {
        this(config, mux -> null);
    }

    LoopbackPeers(PeerConfig config, ServerPort serverPort) throws IOException {
        InetSocketAddress loopback = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
        serverMux = UdpMux.open(loopback, Clock.systemUTC());
        serverExtra = serverPort.prepare(serverMux);
        clientMux = UdpMux.open(loopback, Clock.systemUTC());
        server = new PeerConnection(serverMux, ClientPeerConnectionTest.dtls(), config, executor, new Random(1), serverSide);
        client = new PeerConnection(clientMux, ClientPeerConnectionTest.dtls(), config.asClient(), executor, new Random(2),
                clientSide);
    }

    @Override
    public void close() {
        client.close();
        server.close();
        if (serverExtra != null) {
            try {
                serverExtra.close();
            } catch (Exception e) {
                throw new IllegalStateException("closing the server port's extra: " + e.getMessage(), e);
            }
        }
        clientMux.close();
        serverMux.close();
        scheduler.shutdownNow();
        executor.shutdownNow();
    }
}

package dev.salle.bridge.http;

import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.SslConnectionFactory;

import java.net.URI;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The bridge's one HTTP port (Jetty 12). Serves {@code /rtc/validate}, the v1 404s,
 * {@code /metrics}, the room API and the web client ({@link dev.salle.bridge.web.WebClient}); {@code /rtc} goes to the signalling handler given at
 * construction ({@link NotYetSignalling} until the WebSocket upgrade handler exists).
 *
 * <p>{@link #start()} and {@link #close()} are called once each, from one thread; requests are
 * served on Jetty's pool.
 */
public final class BridgeHttpServer implements AutoCloseable {

    private final Server server;
    private final ServerConnector connector;
    private final boolean tls;

    /**
     * @param signalling handles {@code /rtc}; it may be a WebSocket upgrade handler
     */
    public BridgeHttpServer(BridgeServices services, Handler signalling) {
        QueuedThreadPool threads = new QueuedThreadPool(64, 4);
        threads.setName("bridge-http");
        this.server = new Server(threads);
        this.tls = services.config().tls().isPresent();
        if (tls) {
            HttpConfiguration https = new HttpConfiguration();
            SecureRequestCustomizer secure = new SecureRequestCustomizer();
            secure.setSniHostCheck(false); // clients reach a site bridge by address as often as by name
            https.addCustomizer(secure);
            this.connector = new ServerConnector(server, 1, 2,
                    new SslConnectionFactory(TlsContexts.server(services.config().tls().get()), "http/1.1"),
                    new HttpConnectionFactory(https));
        } else {
            this.connector = new ServerConnector(server, 1, 2);
        }
        connector.setHost(services.config().bind());
        connector.setPort(services.config().port());
        server.addConnector(connector);
        server.setHandler(new BridgeRoutes(services, signalling));
        server.setStopTimeout(2000);
    }

    /**
     * Starts listening.
     *
     * @throws IllegalStateException naming the address when the port cannot be bound
     */
    public void start() {
        try {
            server.start();
        } catch (Exception e) {
            close();
            throw new IllegalStateException("cannot listen on " + connector.getHost() + ":" + connector.getPort()
                    + " (" + e.getMessage() + "); choose a free port with --port, or stop what uses it", e);
        }
    }

    /** The bound port (the real one when 0 was asked for). */
    public int port() {
        return connector.getLocalPort();
    }

    /** The address the server listens on. */
    public String host() {
        return connector.getHost();
    }

    /** A URL to reach the server from this machine, e.g. {@code http://127.0.0.1:7880} ({@code https} with TLS). */
    public URI uri() {
        String host = host() == null || host().equals("0.0.0.0") ? "127.0.0.1" : host();
        if (host.contains(":")) {
            host = "[" + host + "]";
        }
        return URI.create((tls ? "https://" : "http://") + host + ":" + port());
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException("the bridge's HTTP server did not stop cleanly: " + e.getMessage(), e);
        }
    }
}

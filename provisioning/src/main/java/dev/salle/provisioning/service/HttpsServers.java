package dev.salle.provisioning.service;

import dev.salle.provisioning.ca.IssuedIdentity;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * A Jetty server with one HTTPS listener (TLS 1.2+, the given identity, no server version header),
 * as the enrolment service and the fleet console use it.
 */
public final class HttpsServers {

    /** The server and its listener. */
    public record Https(Server server, ServerConnector connector) {

        /**
         * Starts listening; when it cannot, stops what started and says where.
         *
         * @param what the server's name in the message ("the console")
         */
        public void start(String what) {
            try {
                server.start();
            } catch (Exception e) {
                stop();
                throw new IllegalStateException(what + " cannot listen on " + connector.getHost() + ":" + connector.getPort()
                        + " (" + e.getMessage() + "); choose a free port", e);
            }
        }

        /** Stops it; best effort (its threads end with the JVM in any case). */
        public void stop() {
            try {
                server.stop();
            } catch (Exception e) {
                // best effort
            }
        }
    }

    private HttpsServers() {
    }

    public static Https create(String threadName, String host, int port, IssuedIdentity identity) {
        QueuedThreadPool threads = new QueuedThreadPool(16, 2);
        threads.setName(threadName);
        Server server = new Server(threads);
        char[] password = "in-memory".toCharArray();
        SslContextFactory.Server tls = new SslContextFactory.Server();
        tls.setKeyStore(identity.keyStore("server", password));
        tls.setKeyStorePassword(new String(password));
        tls.setIncludeProtocols("TLSv1.3", "TLSv1.2");
        HttpConfiguration https = new HttpConfiguration();
        SecureRequestCustomizer secure = new SecureRequestCustomizer();
        secure.setSniHostCheck(false); // clients reach these servers by address as often as by name
        https.addCustomizer(secure);
        https.setSendServerVersion(false);
        ServerConnector connector = new ServerConnector(server, 1, 1, new SslConnectionFactory(tls, "http/1.1"),
                new HttpConnectionFactory(https));
        connector.setHost(host);
        connector.setPort(port);
        server.addConnector(connector);
        server.setStopTimeout(2000);
        return new Https(server, connector);
    }
}

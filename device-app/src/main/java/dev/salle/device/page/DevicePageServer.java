package dev.salle.device.page;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves the device page and its control API on one address and port (loopback by default).
 *
 * <ul>
 *   <li>{@code GET /}: the page;</li>
 *   <li>{@code GET /snapshot.jpg}: the latest screen snapshot (503 until there is one);</li>
 *   <li>{@code /api/...}: the control API ({@link ControlApi}, {@code docs/control-api.md}): state,
 *       join, leave, mute and the button. A POST must carry the header {@code X-Salle-Request: 1},
 *       which a page from another origin cannot send without a CORS preflight that this server
 *       never allows. When {@code page.pin} is set, the API and the snapshot need
 *       {@code Authorization: Bearer <pin>}.</li>
 * </ul>
 */
public final class DevicePageServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DevicePageServer.class);

    private final Server server;
    private final ServerConnector connector;
    private final DevicePageModel model;
    private final ControlApi api;
    private final byte[] indexHtml;

    /**
     * A server whose PIN lockout runs on the system clock.
     *
     * @param bind the address to listen on
     * @param port the port, or 0 for any free one
     */
    public DevicePageServer(String bind, int port, DevicePageModel model) {
        this(bind, port, model, Clock.systemUTC());
    }

    /**
     * @param bind the address to listen on
     * @param port the port, or 0 for any free one
     * @param clock times the lockout after wrong PINs
     */
    public DevicePageServer(String bind, int port, DevicePageModel model, Clock clock) {
        this.model = model;
        this.api = new ControlApi(model, clock);
        this.indexHtml = resource("index.html");
        QueuedThreadPool threads = new QueuedThreadPool(8, 2);
        threads.setName("device-page");
        threads.setDaemon(true);
        this.server = new Server(threads);
        this.connector = new ServerConnector(server, 1, 1);
        connector.setHost(bind);
        connector.setPort(port);
        server.addConnector(connector);
        server.setHandler(new Routes());
        server.setStopTimeout(2000);
    }

    /** Starts listening; throws with the address when the port is taken. */
    public void start() {
        try {
            server.start();
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the device page on " + connector.getHost() + ":" + connector.getPort()
                    + " (" + e.getMessage() + "); set page.port to a free port, or 0 for any", e);
        }
        log.info("device page at {}", uri());
    }

    /** The page's address, e.g. {@code http://127.0.0.1:8080/}. */
    public URI uri() {
        String host = connector.getHost() == null || connector.getHost().equals("0.0.0.0") ? "127.0.0.1" : connector.getHost();
        if (host.contains(":")) {
            host = "[" + host + "]";
        }
        return URI.create("http://" + host + ":" + connector.getLocalPort() + "/");
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            log.warn("the device page did not stop cleanly", e);
        }
    }

    private final class Routes extends Handler.Abstract {
        @Override
        public boolean handle(Request request, Response response, Callback callback) {
            String path = Request.getPathInContext(request);
            String method = request.getMethod();
            Reply reply;
            try {
                if (path.startsWith("/api/")) {
                    reply = api.handle(request, path);
                } else {
                    reply = switch (path) {
                        case "/", "/index.html" -> get(method, new Reply(HttpStatus.OK_200, "text/html; charset=utf-8", indexHtml, Map.of()));
                        case "/snapshot.jpg" -> api.authorize(request).orElseGet(() -> snapshot(method));
                        default -> Reply.text(HttpStatus.NOT_FOUND_404, "no such page: " + path + "\n");
                    };
                }
            } catch (IOException | RuntimeException e) {
                log.warn("device page request {} {} failed", method, path, e);
                reply = Reply.text(HttpStatus.INTERNAL_SERVER_ERROR_500, "the device could not answer this request; see its log\n");
            }
            send(response, callback, reply);
            return true;
        }

        private Reply snapshot(String method) {
            Optional<byte[]> jpeg = model.screenSnapshotJpeg();
            if (jpeg.isEmpty()) {
                return Reply.text(HttpStatus.SERVICE_UNAVAILABLE_503, "no screen snapshot yet; the display pipeline is starting\n")
                        .withHeader(HttpHeader.RETRY_AFTER.asString(), "1");
            }
            return get(method, new Reply(HttpStatus.OK_200, "image/jpeg", jpeg.get(), Map.of()));
        }

        private static Reply get(String method, Reply reply) {
            if (!"GET".equals(method) && !"HEAD".equals(method)) {
                return Reply.text(HttpStatus.METHOD_NOT_ALLOWED_405, "use GET\n").withHeader(HttpHeader.ALLOW.asString(), "GET");
            }
            return reply;
        }

        private static void send(Response response, Callback callback, Reply reply) {
            response.setStatus(reply.status());
            reply.headers().forEach((name, value) -> response.getHeaders().put(name, value));
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, reply.contentType());
            response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
            response.getHeaders().put("X-Content-Type-Options", "nosniff");
            response.getHeaders().put("Content-Security-Policy",
                    "default-src 'self'; img-src 'self' blob:; style-src 'self' 'unsafe-inline'; script-src 'self' 'unsafe-inline'");
            response.write(true, ByteBuffer.wrap(reply.body()), callback);
        }
    }

    private static byte[] resource(String name) {
        try (InputStream in = DevicePageServer.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("the device page resource " + name + " is missing from the jar; rebuild");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

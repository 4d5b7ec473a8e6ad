package dev.salle.device.page;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.ByteBuffer;
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
 * Serves the device page on one address and port (loopback by default).
 *
 * <ul>
 *   <li>{@code GET /}: the page;</li>
 *   <li>{@code GET /snapshot.jpg}: the latest screen snapshot (503 until there is one);</li>
 *   <li>{@code GET /api/state}: the state as JSON;</li>
 *   <li>{@code POST /api/button/press} and {@code /api/button/long-press}: the button. A POST must
 *       carry the header {@code X-Salle-Request: 1}, which a page from another origin cannot send
 *       without a CORS preflight that this server never allows.</li>
 * </ul>
 */
public final class DevicePageServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DevicePageServer.class);
    static final String REQUEST_HEADER = "X-Salle-Request";

    private final Server server;
    private final ServerConnector connector;
    private final DevicePageModel model;
    private final ObjectMapper json = new ObjectMapper();
    private final byte[] indexHtml;

    /**
     * @param bind the address to listen on
     * @param port the port, or 0 for any free one
     */
    public DevicePageServer(String bind, int port, DevicePageModel model) {
        this.model = model;
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
            try {
                switch (path) {
                    case "/", "/index.html" -> get(method, response, callback, "text/html; charset=utf-8", indexHtml);
                    case "/snapshot.jpg" -> snapshot(method, response, callback);
                    case "/api/state" -> get(method, response, callback, "application/json", json.writeValueAsBytes(model.state()));
                    case "/api/button/press" -> button(request, response, callback, model::pressButton);
                    case "/api/button/long-press" -> button(request, response, callback, model::longPressButton);
                    default -> send(response, callback, HttpStatus.NOT_FOUND_404, "text/plain; charset=utf-8",
                            ("no such page: " + path + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
                }
            } catch (IOException | RuntimeException e) {
                log.warn("device page request {} {} failed", method, path, e);
                send(response, callback, HttpStatus.INTERNAL_SERVER_ERROR_500, "text/plain; charset=utf-8",
                        "the device could not answer this request; see its log\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            }
            return true;
        }

        private void get(String method, Response response, Callback callback, String type, byte[] body) {
            if (!"GET".equals(method) && !"HEAD".equals(method)) {
                methodNotAllowed(response, callback, "GET");
                return;
            }
            send(response, callback, HttpStatus.OK_200, type, body);
        }

        private void snapshot(String method, Response response, Callback callback) {
            Optional<byte[]> jpeg = model.screenSnapshotJpeg();
            if (jpeg.isEmpty()) {
                response.getHeaders().put(HttpHeader.RETRY_AFTER, "1");
                send(response, callback, HttpStatus.SERVICE_UNAVAILABLE_503, "text/plain; charset=utf-8",
                        "no screen snapshot yet; the display pipeline is starting\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
                return;
            }
            get(method, response, callback, "image/jpeg", jpeg.get());
        }

        private void button(Request request, Response response, Callback callback, Runnable action) throws IOException {
            if (!"POST".equals(request.getMethod())) {
                methodNotAllowed(response, callback, "POST");
                return;
            }
            if (!"1".equals(request.getHeaders().get(REQUEST_HEADER))) {
                send(response, callback, HttpStatus.FORBIDDEN_403, "application/json",
                        json.writeValueAsBytes(Map.of("ok", false, "error", "a button POST needs the header " + REQUEST_HEADER + ": 1")));
                return;
            }
            action.run();
            send(response, callback, HttpStatus.ACCEPTED_202, "application/json", json.writeValueAsBytes(Map.of("ok", true)));
        }

        private void methodNotAllowed(Response response, Callback callback, String allowed) {
            response.getHeaders().put(HttpHeader.ALLOW, allowed);
            send(response, callback, HttpStatus.METHOD_NOT_ALLOWED_405, "text/plain; charset=utf-8",
                    ("use " + allowed + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }

        private void send(Response response, Callback callback, int status, String type, byte[] body) {
            response.setStatus(status);
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, type);
            response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
            response.getHeaders().put("X-Content-Type-Options", "nosniff");
            response.getHeaders().put("Content-Security-Policy",
                    "default-src 'self'; img-src 'self' blob:; style-src 'self' 'unsafe-inline'; script-src 'self' 'unsafe-inline'");
            response.write(true, ByteBuffer.wrap(body), callback);
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

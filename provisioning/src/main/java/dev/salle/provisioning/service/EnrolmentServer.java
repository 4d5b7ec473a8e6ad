package dev.salle.provisioning.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.salle.provisioning.ca.IssuedIdentity;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Iterator;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The enrolment endpoint over HTTPS (Jetty): {@code POST /enrol} with {@code {"code","csr"}}, and
 * {@code GET /crl.pem}. The server's certificate comes from the device CA, so devices find the CA
 * their QR code pins. Requests are rate limited per source address before anything is read, and
 * bodies over {@link #MAX_BODY} bytes are refused unread. The wire format is in
 * {@code docs/provisioning.md}. Start once, close once.
 */
public final class EnrolmentServer implements AutoCloseable {

    public static final int MAX_BODY = 16 * 1024;
    private static final Set<String> FIELDS = Set.of("code", "csr");

    private final HttpsServers.Https https;
    private final EnrolmentService service;
    private final SourceRateLimiter limiter;
    private final Supplier<String> crl;
    private final ObjectMapper json = new ObjectMapper();

    /**
     * @param identity the server's key and chain, issued by the device CA for the host devices use
     * @param crl the current CRL as PEM
     */
    public EnrolmentServer(String host, int port, IssuedIdentity identity, EnrolmentService service,
                           SourceRateLimiter limiter, Supplier<String> crl) {
        this.service = Objects.requireNonNull(service, "service");
        this.limiter = Objects.requireNonNull(limiter, "limiter");
        this.crl = Objects.requireNonNull(crl, "crl");
        https = HttpsServers.create("enrolment-http", host, port, identity);
        https.server().setHandler(new Routes());
    }

    public void start() {
        https.start("the enrolment server");
    }

    public int port() {
        return https.connector().getLocalPort();
    }

    /** The enrolment URL for codes: {@code https://host:port/enrol}. */
    public URI enrolmentUrl(String advertisedHost) {
        return URI.create("https://" + advertisedHost + ":" + port() + "/enrol");
    }

    @Override
    public void close() {
        https.stop();
    }

    private final class Routes extends Handler.Abstract {
        @Override
        public boolean handle(Request request, Response response, Callback callback) throws IOException {
            String path = Request.getPathInContext(request);
            long wait = limiter.acquire(Request.getRemoteAddr(request));
            if (wait > 0) {
                service.count(Refusal.RATE_LIMITED.code());
                response.getHeaders().put(HttpHeader.RETRY_AFTER, String.valueOf(wait));
                return refuse(response, callback, Refusal.RATE_LIMITED);
            }
            if (path.equals("/crl.pem")) {
                if (!request.getMethod().equals("GET")) {
                    return plain(response, callback, 405, "use GET\n");
                }
                response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/x-pem-file");
                response.setStatus(200);
                response.write(true, ByteBuffer.wrap(crl.get().getBytes(StandardCharsets.US_ASCII)), callback);
                return true;
            }
            if (!path.equals("/enrol")) {
                return plain(response, callback, 404, "not found: the enrolment endpoint is POST /enrol\n");
            }
            if (!request.getMethod().equals("POST")) {
                response.getHeaders().put(HttpHeader.ALLOW, "POST");
                return plain(response, callback, 405, "use POST\n");
            }
            if (request.getLength() > MAX_BODY) {
                service.count(Refusal.TOO_LARGE.code());
                return refuse(response, callback, Refusal.TOO_LARGE);
            }
            InputStream in = Content.Source.asInputStream(request);
            byte[] body = in.readNBytes(MAX_BODY + 1);
            if (body.length > MAX_BODY) {
                service.count(Refusal.TOO_LARGE.code());
                return refuse(response, callback, Refusal.TOO_LARGE);
            }
            JsonNode node;
            try {
                node = json.readTree(body);
            } catch (IOException e) {
                node = null;
            }
            if (!wellFormed(node)) {
                service.count(Refusal.MALFORMED_REQUEST.code());
                return refuse(response, callback, Refusal.MALFORMED_REQUEST);
            }
            byte[] code;
            try {
                code = Base64.getUrlDecoder().decode(node.get("code").asText());
            } catch (IllegalArgumentException e) {
                code = new byte[0];
            }
            if (code.length < 16 || code.length > 32) {
                service.count(Refusal.MALFORMED_REQUEST.code());
                return refuse(response, callback, Refusal.MALFORMED_REQUEST);
            }
            return switch (service.enrol(code, node.get("csr").asText())) {
                case EnrolmentService.Outcome.Refused refused -> refuse(response, callback, refused.refusal());
                case EnrolmentService.Outcome.Success success -> reply(response, callback, 200, enrolled(success.enrolled()));
            };
        }
    }

    private static boolean wellFormed(JsonNode node) {
        if (node == null || !node.isObject() || node.size() != FIELDS.size()) {
            return false;
        }
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            if (!FIELDS.contains(names.next())) {
                return false;
            }
        }
        return node.get("code").isTextual() && node.get("csr").isTextual();
    }

    private ObjectNode enrolled(EnrolmentService.Enrolled e) {
        ObjectNode o = json.createObjectNode()
                .put("deviceId", e.device().id())
                .put("certificateChain", e.certificateChainPem())
                .put("broker", e.broker().toString())
                .put("topicPrefix", e.topicPrefix())
                .put("site", e.device().site())
                .put("room", e.device().room());
        e.device().meeting().ifPresentOrElse(m -> o.put("meeting", m), () -> o.putNull("meeting"));
        return o;
    }

    private boolean refuse(Response response, Callback callback, Refusal refusal) {
        // the request's body may be unread: close the connection rather than let a client reuse it
        response.getHeaders().put(HttpHeader.CONNECTION, "close");
        return reply(response, callback, refusal.status(),
                json.createObjectNode().put("error", refusal.code()).put("message", refusal.message()));
    }

    private static boolean reply(Response response, Callback callback, int status, ObjectNode body) {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        response.write(true, ByteBuffer.wrap(body.toString().getBytes(StandardCharsets.UTF_8)), callback);
        return true;
    }

    private static boolean plain(Response response, Callback callback, int status, String text) {
        response.getHeaders().put(HttpHeader.CONNECTION, "close");
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain; charset=utf-8");
        response.write(true, ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)), callback);
        return true;
    }
}

package dev.salle.fleet.bundles;

import dev.salle.provisioning.ca.IssuedIdentity;
import dev.salle.provisioning.service.HttpsServers;
import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves the {@link BundleLibrary} to devices: {@code GET|HEAD /bundles/<sha256>.bundle} over HTTPS
 * with a certificate the devices trust (one from the device CA), one byte range per request so that
 * a cut download resumes where it stopped, and nothing else. Every file is immutable, so its hash is
 * its ETag. No login: a bundle is signed, devices verify it before installing, and its address is
 * only known to those the fleet tells. Each answer is counted by {@link Outcome}.
 */
public final class BundleServer implements AutoCloseable {

    /** What a request got. */
    public enum Outcome {
        /** 200 with the whole file. */
        WHOLE,
        /** 206 with one range. */
        PART,
        /** 404: no such bundle, or a path that is not a bundle's. */
        NOT_FOUND,
        /** 416: a range past the end. */
        UNSATISFIABLE,
        /** A Range header that could not be used (answered with the whole file). */
        BAD_RANGE,
        /** 405: a method other than GET and HEAD. */
        BAD_METHOD
    }

    private static final Logger log = LoggerFactory.getLogger(BundleServer.class);
    private static final Pattern PATH = Pattern.compile("/bundles/([0-9a-f]{64})\\.bundle");

    private final BundleLibrary library;
    private final HttpsServers.Https https;
    private final Map<Outcome, AtomicLong> counts = new EnumMap<>(Outcome.class);

    /**
     * @param identity the server's certificate chain and key: devices check it against the device CA
     */
    public BundleServer(String host, int port, IssuedIdentity identity, BundleLibrary library) {
        this.library = library;
        for (Outcome o : Outcome.values()) {
            counts.put(o, new AtomicLong());
        }
        https = HttpsServers.create("fleet-bundles", host, port, identity);
        https.server().setHandler(new Folder());
    }

    public void start() {
        https.start("the bundle server");
    }

    /** The port it listens on (the one given, or the one chosen for 0). */
    public int port() {
        return https.connector().getLocalPort();
    }

    /** The address devices use: {@code https://host:port/bundles/}, with {@code host} as they reach this machine. */
    public URI base(String host) {
        return URI.create("https://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port() + "/bundles/");
    }

    public long count(Outcome outcome) {
        return counts.get(outcome).get();
    }

    @Override
    public void close() {
        https.stop();
    }

    private final class Folder extends Handler.Abstract {
        @Override
        public boolean handle(Request request, Response response, Callback callback) throws IOException {
            String method = request.getMethod();
            boolean head = method.equals("HEAD");
            if (!head && !method.equals("GET")) {
                response.getHeaders().put(HttpHeader.ALLOW, "GET, HEAD");
                return text(response, callback, 405, Outcome.BAD_METHOD, "only GET and HEAD are served here\n");
            }
            Matcher m = PATH.matcher(Request.getPathInContext(request));
            Optional<Path> file = m.matches() ? library.file(m.group(1)) : Optional.empty();
            if (file.isEmpty()) {
                return text(response, callback, 404, Outcome.NOT_FOUND, "no such bundle\n");
            }
            long size = Files.size(file.get());
            RangeRequest range = RangeRequest.of(request.getHeaders().get(HttpHeader.RANGE), size);
            var headers = response.getHeaders();
            headers.put(HttpHeader.ACCEPT_RANGES, "bytes");
            headers.put(HttpHeader.ETAG, "\"" + m.group(1) + "\"");
            headers.put(HttpHeader.CACHE_CONTROL, "public, max-age=31536000, immutable");
            long first;
            long length;
            switch (range) {
                case RangeRequest.Unsatisfiable u -> {
                    headers.put(HttpHeader.CONTENT_RANGE, "bytes */" + size);
                    return text(response, callback, 416, Outcome.UNSATISFIABLE, "the range starts past the end (" + size
                            + " bytes)\n");
                }
                case RangeRequest.Part p -> {
                    response.setStatus(206);
                    headers.put(HttpHeader.CONTENT_RANGE, "bytes " + p.first() + "-" + p.last() + "/" + size);
                    counts.get(Outcome.PART).incrementAndGet();
                    first = p.first();
                    length = p.length();
                }
                case RangeRequest.Whole w -> {
                    response.setStatus(200);
                    counts.get(w.ignored() ? Outcome.BAD_RANGE : Outcome.WHOLE).incrementAndGet();
                    if (w.ignored()) {
                        log.warn("bundle request from {} had an unusable Range header; serving the whole file",
                                Request.getRemoteAddr(request));
                    }
                    first = 0;
                    length = size;
                }
            }
            headers.put(HttpHeader.CONTENT_TYPE, "application/octet-stream");
            headers.put(HttpHeader.CONTENT_LENGTH, length);
            log.debug("{} {} bytes {}+{} to {}", method, m.group(1), first, length, Request.getRemoteAddr(request));
            if (head || length == 0) {
                response.write(true, ByteBuffer.allocate(0), callback);
            } else {
                Content.copy(Content.Source.from(file.get(), first, length), response, callback);
            }
            return true;
        }

        private boolean text(Response response, Callback callback, int status, Outcome outcome, String body) {
            counts.get(outcome).incrementAndGet();
            response.setStatus(status);
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain; charset=utf-8");
            response.write(true, ByteBuffer.wrap(body.getBytes(StandardCharsets.UTF_8)), callback);
            return true;
        }
    }
}

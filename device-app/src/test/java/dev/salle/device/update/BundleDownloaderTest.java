package dev.salle.device.update;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The downloader against a small loopback HTTP server that can cut a transfer half way. */
class BundleDownloaderTest {

    @TempDir
    Path dir;

    private final byte[] bundle = new byte[300_000];
    private final AtomicInteger requests = new AtomicInteger();
    private final List<String> ranges = new CopyOnWriteArrayList<>();
    private volatile int cutFirstAfter = -1;
    private HttpServer server;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() throws IOException {
        new Random(3).nextBytes(bundle);
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 4);
        server.createContext("/bundle", this::serve);
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
        http.close();
    }

    @Test
    void aCutDownloadIsResumedFromWhereItStopped() throws Exception {
        cutFirstAfter = 100_000;
        List<Integer> progress = new CopyOnWriteArrayList<>();

        Path got = new BundleDownloader(http, 1_000_000, Duration.ofMillis(10)).download(uri(), dir.resolve("b"), progress::add);

        assertThat(Files.readAllBytes(got)).isEqualTo(bundle);
        assertThat(ranges).hasSize(2);
        assertThat(ranges.get(1)).startsWith("bytes=").isNotEqualTo("bytes=0-");
        assertThat(progress).last().isEqualTo(100);
    }

    @Test
    void aBundleOverTheLimitIsRefused() {
        assertThatThrownBy(() -> new BundleDownloader(http, 1000, Duration.ofMillis(1)).download(uri(), dir.resolve("b"), p -> { }))
                .hasMessageContaining("over the limit");
    }

    @Test
    void aMissingBundleFailsAfterTheBoundedAttempts() {
        URI missing = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/nothing");

        assertThatThrownBy(() -> new BundleDownloader(http, 1_000_000, Duration.ofMillis(1)).download(missing, dir.resolve("b"), p -> { }))
                .hasMessageContaining(BundleDownloader.ATTEMPTS + " attempts").hasMessageContaining("HTTP 404");
    }

    private URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/bundle");
    }

    private void serve(HttpExchange exchange) throws IOException {
        int n = requests.incrementAndGet();
        String range = exchange.getRequestHeaders().getFirst("Range");
        ranges.add(range == null ? "bytes=0-" : range);
        int from = range == null ? 0 : Integer.parseInt(range.substring("bytes=".length(), range.length() - 1));
        int to = n == 1 && cutFirstAfter > 0 ? cutFirstAfter : bundle.length;
        if (range != null || to < bundle.length) {
            // a transfer that ends early: the size says more is to come
            exchange.getResponseHeaders().add("Content-Range", "bytes " + from + "-" + (to - 1) + "/" + bundle.length);
            exchange.sendResponseHeaders(206, to - from);
        } else {
            exchange.sendResponseHeaders(200, bundle.length);
        }
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bundle, from, to - from);
        }
    }
}

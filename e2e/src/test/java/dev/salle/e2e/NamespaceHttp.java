package dev.salle.e2e;

import dev.salle.testkit.NetworkNamespace;
import dev.salle.testkit.RealDependency;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * HTTP to a server inside a test's {@link NetworkNamespace}: the test's own JVM is outside the
 * namespace and cannot reach it, so each request runs {@code curl} inside it ({@code ip netns exec},
 * as {@code BridgeProcess.httpGet} does). The body travels through files in a temporary directory, so
 * binary answers (a JPEG) arrive intact; the status comes from curl's {@code -w %{http_code}}.
 *
 * <p>Each call blocks until curl ends, at most {@link #REQUEST_TIMEOUT}. Safe to use from several
 * threads: every request has its own files.
 */
public final class NamespaceHttp {

    /** curl's {@code --max-time} for one request. */
    public static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(15);

    private final NetworkNamespace namespace;

    public NamespaceHttp(NetworkNamespace namespace) {
        this.namespace = namespace;
    }

    /** A status and the body's bytes. */
    public record Answer(int status, byte[] body) {

        /** The body as UTF-8 text. */
        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        @Override
        public String toString() {
            return "HTTP " + status + " (" + body.length + " bytes): " + (body.length > 500 ? text().substring(0, 500) + "…" : text());
        }
    }

    /** {@code GET uri}. */
    public Answer get(URI uri) {
        return exchange("GET", uri, Map.of(), Optional.empty());
    }

    /**
     * Sends one request with curl inside the namespace.
     *
     * @param method {@code GET}, {@code POST}, …
     * @param uri an address inside the namespace, e.g. {@code http://127.0.0.1:41234/api/state}
     * @param headers request headers
     * @param body the request body, sent as is
     * @throws IllegalStateException when curl fails (no connection, timeout), with its message
     */
    public Answer exchange(String method, URI uri, Map<String, String> headers, Optional<byte[]> body) {
        RealDependency.require(RealDependency.onPath("curl"), "curl, to reach servers inside a test's network namespace");
        Path dir = null;
        try {
            dir = Files.createTempDirectory("salle-e2e-http-");
            Path answer = dir.resolve("answer");
            List<String> command = new ArrayList<>(List.of("curl", "-sS", "--noproxy", "*",
                    "--max-time", String.valueOf(REQUEST_TIMEOUT.toSeconds()), "-X", method,
                    "-o", answer.toString(), "-w", "%{http_code}"));
            headers.forEach((name, value) -> command.addAll(List.of("-H", name + ": " + value)));
            if (body.isPresent()) {
                Path request = Files.write(dir.resolve("request"), body.get());
                command.addAll(List.of("--data-binary", "@" + request));
            }
            command.add(uri.toString());
            String status = namespace.run(command.toArray(String[]::new)).strip();
            byte[] bytes = Files.exists(answer) ? Files.readAllBytes(answer) : new byte[0];
            try {
                return new Answer(Integer.parseInt(status), bytes);
            } catch (NumberFormatException e) {
                throw new IllegalStateException("curl " + method + " " + uri + " in namespace " + namespace.name()
                        + " printed '" + status + "' where the HTTP status belongs", e);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the request " + method + " " + uri + ": " + e.getMessage(), e);
        } finally {
            deleteQuietly(dir);
        }
    }

    private static void deleteQuietly(Path dir) {
        if (dir == null) {
            return;
        }
        try (var files = Files.list(dir)) {
            for (Path f : files.toList()) {
                Files.deleteIfExists(f);
            }
            Files.deleteIfExists(dir);
        } catch (IOException e) {
            // a temporary file left behind is harmless
        }
    }
}

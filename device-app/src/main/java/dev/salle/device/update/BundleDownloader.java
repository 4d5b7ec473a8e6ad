package dev.salle.device.update;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Optional;
import java.util.function.IntConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fetches a bundle over HTTP(S) into a file, resuming a cut download with a {@code Range} request
 * and trying again after 1, 2, 4 … seconds, at most {@link #ATTEMPTS} times. A transfer that
 * stalls for {@link #STALL} is cut and resumed. Nothing here is trusted: the bundle is verified
 * after the download, before anything is installed. A body larger than the limit is refused.
 */
public final class BundleDownloader {

    static final int ATTEMPTS = 6;
    static final Duration STALL = Duration.ofSeconds(30);
    private static final Logger log = LoggerFactory.getLogger(BundleDownloader.class);

    private final HttpClient http;
    private final long maxBytes;
    private final Duration firstPause;

    /**
     * @param http the client (for the fleet's HTTPS: the device's TLS context)
     * @param maxBytes the largest bundle accepted
     * @param firstPause the pause before the second attempt; it doubles
     */
    public BundleDownloader(HttpClient http, long maxBytes, Duration firstPause) {
        this.http = http;
        this.maxBytes = maxBytes;
        this.firstPause = firstPause;
    }

    /**
     * Downloads {@code source} into {@code target} (kept between attempts and resumed).
     *
     * @param percent called with 0..100 as the download advances (when the size is known)
     * @throws IOException when every attempt failed; the message says the last reason
     */
    public Path download(URI source, Path target, IntConsumer percent) throws IOException, InterruptedException {
        Duration pause = firstPause;
        IOException last = null;
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            try {
                fetch(source, target, percent);
                return target;
            } catch (IOException e) {
                last = e;
                log.warn("download of {} failed (attempt {} of {}): {}", source, attempt, ATTEMPTS, e.getMessage());
                if (attempt < ATTEMPTS) {
                    Thread.sleep(pause.toMillis());
                    pause = pause.multipliedBy(2);
                }
            }
        }
        throw new IOException("could not download " + source + " in " + ATTEMPTS + " attempts: " + last.getMessage(), last);
    }

    private void fetch(URI source, Path target, IntConsumer percent) throws IOException, InterruptedException {
        long have = Files.exists(target) ? Files.size(target) : 0;
        HttpRequest.Builder request = HttpRequest.newBuilder(source).timeout(Duration.ofSeconds(30)).GET();
        if (have > 0) {
            request.header("Range", "bytes=" + have + "-");
        }
        HttpResponse<InputStream> response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        int status = response.statusCode();
        boolean append = status == 206 && have > 0;
        if (status == 416) {
            Files.deleteIfExists(target);
            response.body().close();
            throw new IOException("the server refused the resume point " + have + "; starting again");
        }
        if (status != 200 && status != 206) {
            response.body().close();
            throw new IOException("HTTP " + status + " from " + source);
        }
        long start = append ? have : 0;
        Optional<Long> total = total(response, start);
        if (total.orElse(0L) > maxBytes) {
            response.body().close();
            throw new IOException("the bundle is " + total.get() + " bytes, over the limit of " + maxBytes);
        }
        java.util.concurrent.atomic.AtomicLong progress = new java.util.concurrent.atomic.AtomicLong(System.nanoTime());
        java.util.concurrent.ScheduledExecutorService watchdog = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "bundle-download-watchdog");
            t.setDaemon(true);
            return t;
        });
        InputStream body = response.body();
        watchdog.scheduleWithFixedDelay(() -> {
            if (System.nanoTime() - progress.get() > STALL.toNanos()) {
                try {
                    body.close();
                } catch (IOException e) {
                    // the reader sees the stream closed either way
                }
            }
        }, 1, 1, java.util.concurrent.TimeUnit.SECONDS);
        try (InputStream in = body;
             OutputStream out = Files.newOutputStream(target, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                     append ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING)) {
            byte[] buffer = new byte[64 * 1024];
            long written = start;
            int lastPercent = -1;
            for (int n; (n = in.read(buffer)) > 0; ) {
                written += n;
                if (written > maxBytes) {
                    throw new IOException("the bundle grew over the limit of " + maxBytes + " bytes");
                }
                out.write(buffer, 0, n);
                progress.set(System.nanoTime());
                if (total.isPresent()) {
                    int p = (int) (written * 100 / Math.max(1, total.get()));
                    if (p / 10 != lastPercent / 10) {
                        lastPercent = p;
                        percent.accept(p);
                    }
                }
            }
            if (total.isPresent() && written != total.get()) {
                throw new IOException("the connection ended at " + written + " of " + total.get() + " bytes");
            }
        } finally {
            watchdog.shutdownNow();
        }
    }

    private static Optional<Long> total(HttpResponse<?> response, long start) {
        Optional<String> range = response.headers().firstValue("Content-Range");
        if (range.isPresent() && range.get().contains("/")) {
            try {
                return Optional.of(Long.parseLong(range.get().substring(range.get().indexOf('/') + 1).strip()));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        }
        return response.headers().firstValueAsLong("Content-Length").stream().boxed().findFirst().map(l -> l + start);
    }
}

package dev.salle.fleet.console;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.salle.bundle.BundleRejectedException;
import dev.salle.bundle.ReleaseKeys;
import dev.salle.fleet.bundles.BundleLibrary;
import dev.salle.fleet.bundles.BundleUses;
import dev.salle.fleet.bundles.HostedBundle;
import dev.salle.fleet.rollout.Rollout;
import dev.salle.fleet.rollout.RolloutStore;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Clock;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The console's hosted bundles: {@code GET /api/bundles} lists them as {@code bundles list} does,
 * {@code POST /api/bundles} takes one in as {@code rollout create --bundle} does (the raw file,
 * checked while it is copied into the library; nothing is stored unless all of it checks out), and
 * {@link #forRollout} turns a hosted bundle's hash into the address and version of a rollout. At
 * most {@link #CONCURRENT_UPLOADS} uploads run at once, each on the Jetty thread that reads it;
 * each ends counted by {@link Upload}. Thread-safe.
 */
final class BundleEndpoints {

    /** How an upload ended. */
    enum Upload {
        /** 201: checked and in the library (or there already). */
        STORED,
        /** 422: not a sound bundle, or not signed by a release key; the device's reason code says which. */
        REFUSED,
        /** 413: past the size limit. */
        TOO_LARGE,
        /** 415: a body that is not application/octet-stream (a form, say). */
        WRONG_TYPE,
        /** 429: too many uploads at once. */
        BUSY,
        /** 500: the upload broke off, or the library could not be written. */
        FAILED
    }

    /** Each upload holds a Jetty thread and a copy in the bundle folder while it runs. */
    static final int CONCURRENT_UPLOADS = 2;

    /**
     * A body past the limit by at most this much is read and dropped before the refusal, so that
     * the client gets the 413 rather than a reset connection; past this, the connection is closed
     * unread (the console's page checks the size before it sends).
     */
    static final long DRAIN_PAST_LIMIT = 8L * 1024 * 1024;

    private static final Logger log = LoggerFactory.getLogger(BundleEndpoints.class);

    private final Optional<ConsoleBundleSettings> settings;
    private final RolloutStore rollouts;
    private final ConsoleStore store;
    private final Clock clock;
    private final Semaphore uploads = new Semaphore(CONCURRENT_UPLOADS);
    private final Map<Upload, AtomicLong> counts = new EnumMap<>(Upload.class);

    BundleEndpoints(Optional<ConsoleBundleSettings> settings, RolloutStore rollouts, ConsoleStore store, Clock clock) {
        this.settings = settings;
        this.rollouts = rollouts;
        this.store = store;
        this.clock = clock;
        for (Upload u : Upload.values()) {
            counts.put(u, new AtomicLong());
        }
    }

    /** A rollout's bundle: the address devices fetch it from, and the version it installs. */
    record Hosted(URI address, String version) {
    }

    /**
     * The address and version for a rollout of the hosted bundle {@code prefix} names.
     *
     * @param version the version the request gave, or null: taken from the bundle's manifest
     * @throws IllegalArgumentException for a prefix that names no bundle or several, or a version the bundle does not install
     * @throws IllegalStateException when this console has no bundle folder, or no fleet manager serves it
     */
    Hosted forRollout(String prefix, String version) throws IOException {
        BundleLibrary library = settings.orElseThrow(() -> new IllegalStateException("this console has no bundle folder;"
                + " give bundleUrl and version for a bundle hosted elsewhere")).library();
        HostedBundle bundle = library.find(prefix);
        URI base = library.servedAt().orElseThrow(() -> new IllegalStateException("no fleet manager serves the bundle"
                + " folder yet: fleet serve hosts bundles with the embedded broker, or with --broker when given --bundle-cert"
                + " and --bundle-key; or give bundleUrl and version for a bundle hosted elsewhere"));
        String installs = bundle.manifest().version().toString();
        if (version != null && !version.equals(installs)) {
            throw new IllegalArgumentException("version " + version + ", but bundle " + bundle.sha256().substring(0, 12)
                    + " installs " + installs);
        }
        return new Hosted(BundleLibrary.address(base, bundle), installs);
    }

    boolean list(Response response, Callback callback) throws IOException {
        if (settings.isEmpty()) {
            return noFolder(response, callback);
        }
        ConsoleBundleSettings s = settings.get();
        BundleLibrary.Listing listing = s.library().list();
        Map<String, List<Rollout>> uses = BundleUses.of(listing.bundles(), rollouts);
        Optional<URI> base = s.library().servedAt();
        ObjectNode o = ConsoleServer.JSON.createObjectNode().put("served", base.isPresent());
        base.ifPresent(b -> o.put("servedAt", b.toString()));
        o.put("signatureChecked", !s.releaseKeys().isEmpty());
        s.releaseKeys().forEach(k -> o.withArray("releaseKeys").add(ReleaseKeys.idHex(k)));
        o.put("maxUploadBytes", s.maxUploadBytes());
        ArrayNode list = o.putArray("bundles");
        for (HostedBundle b : listing.bundles()) {
            list.add(describe(b, base, uses.getOrDefault(b.sha256(), List.of())));
        }
        listing.unreadable().forEach(o.putArray("unreadable")::add);
        ObjectNode counted = o.putObject("uploads");
        counts.forEach((k, v) -> counted.put(k.name().toLowerCase(Locale.ROOT), v.get()));
        return ConsoleServer.reply(response, callback, 200, o);
    }

    boolean upload(String user, Request request, Response response, Callback callback) {
        if (settings.isEmpty()) {
            return noFolder(response, callback);
        }
        ConsoleBundleSettings s = settings.get();
        String type = request.getHeaders().get(HttpHeader.CONTENT_TYPE);
        if (type != null && !type.strip().toLowerCase(Locale.ROOT).startsWith("application/octet-stream")) {
            return refuse(user, Upload.WRONG_TYPE, 415, "wrong_type", "send the bundle file itself as"
                    + " application/octet-stream, not " + type, response, callback);
        }
        long declared = request.getLength();
        if (declared > s.maxUploadBytes()) {
            if (declared - s.maxUploadBytes() <= DRAIN_PAST_LIMIT) {
                discard(Content.Source.asInputStream(request), declared);
            }
            return refuseTooLarge(user, tooLarge(declared, s), response, callback);
        }
        if (!uploads.tryAcquire()) {
            response.getHeaders().put(HttpHeader.RETRY_AFTER, "30");
            return refuse(user, Upload.BUSY, 429, "busy", CONCURRENT_UPLOADS + " uploads are under way already; try again"
                    + " when one has ended", response, callback);
        }
        LimitedInput in = new LimitedInput(Content.Source.asInputStream(request), s.maxUploadBytes());
        try {
            HostedBundle bundle = s.library().importFrom(in, s.releaseKeys());
            counts.get(Upload.STORED).incrementAndGet();
            store.audit(clock.instant(), user, "bundle.upload", bundle.sha256(), "ok: " + bundle.manifest().version() + " for "
                    + bundle.manifest().target() + ", " + bundle.size() + " bytes, release key " + bundle.keyId()
                    + (bundle.signatureChecked() ? " (signature checked)" : " (signature left to the devices)"));
            ObjectNode out = describe(bundle, s.library().servedAt(), BundleUses.of(List.of(bundle), rollouts)
                    .getOrDefault(bundle.sha256(), List.of())).put("signatureChecked", bundle.signatureChecked());
            return ConsoleServer.reply(response, callback, 201, out);
        } catch (BundleRejectedException e) {
            long read = in.read;
            in.drain(); // so that the client, still sending, gets this answer rather than a reset connection
            counts.get(Upload.REFUSED).incrementAndGet();
            store.audit(clock.instant(), user, "bundle.upload", "-", "refused (" + e.reason().code() + ") after " + read
                    + " bytes: " + e.getMessage());
            ObjectNode out = ConsoleServer.JSON.createObjectNode().put("error", "bundle_refused").put("reason", e.reason().code())
                    .put("message", "the bundle is refused (" + e.reason().code() + "): " + e.getMessage() + "; nothing was stored");
            response.getHeaders().put(HttpHeader.CONNECTION, "close"); // the drain may have stopped at the limit
            return ConsoleServer.reply(response, callback, 422, out);
        } catch (LimitedInput.TooLarge e) {
            discard(in.in(), DRAIN_PAST_LIMIT);
            return refuseTooLarge(user, tooLarge(-1, s), response, callback);
        } catch (IOException e) {
            counts.get(Upload.FAILED).incrementAndGet();
            log.warn("a bundle upload by {} failed after {} bytes: {}", user, in.read, e.toString());
            store.audit(clock.instant(), user, "bundle.upload", "-", "failed after " + in.read + " bytes: " + e.getMessage());
            return ConsoleServer.error(response, callback, 500, "upload_failed", "the upload broke off or could not be"
                    + " stored (" + e.getMessage() + "); nothing was stored");
        } finally {
            uploads.release();
        }
    }

    /**
     * Refuses an upload past the limit. The connection is closed after the answer: what the client
     * still sends past what was read is not read.
     */
    private boolean refuseTooLarge(String user, String message, Response response, Callback callback) {
        response.getHeaders().put(HttpHeader.CONNECTION, "close");
        return refuse(user, Upload.TOO_LARGE, 413, "too_large", message, response, callback);
    }

    /**
     * Reads and drops up to {@code atMost} bytes of a body that is refused, so that a client still
     * sending gets the answer: a server that closes with unread bytes resets the connection, and a
     * reset can throw away the answer before the client reads it. Stops quietly at the end, the
     * bound, or a failure.
     */
    private static void discard(InputStream body, long atMost) {
        byte[] buffer = new byte[64 * 1024];
        long left = atMost;
        try {
            int n;
            while (left > 0 && (n = body.read(buffer, 0, (int) Math.min(buffer.length, left))) >= 0) {
                left -= n;
            }
        } catch (IOException e) {
            // the client went away: nothing to answer
        }
    }

    private static String tooLarge(long declared, ConsoleBundleSettings s) {
        return (declared > 0 ? "the upload is " + declared + " bytes" : "the upload goes on") + " past the limit of "
                + s.maxUploadBytes() + " bytes (fleet serve --console-upload-limit-mib); nothing was stored";
    }

    private boolean refuse(String user, Upload outcome, int status, String code, String message, Response response,
                           Callback callback) {
        counts.get(outcome).incrementAndGet();
        store.audit(clock.instant(), user, "bundle.upload", "-", "refused: " + message);
        return ConsoleServer.error(response, callback, status, code, message);
    }

    private static boolean noFolder(Response response, Callback callback) {
        return ConsoleServer.error(response, callback, 503, "no_bundle_folder", "this console was started without the"
                + " fleet's bundle folder");
    }

    /** A bundle as the console shows it: what {@code bundles list} prints, its address when served, and its rollouts. */
    static ObjectNode describe(HostedBundle b, Optional<URI> base, List<Rollout> uses) {
        ObjectNode n = ConsoleServer.JSON.createObjectNode().put("sha256", b.sha256())
                .put("version", b.manifest().version().toString()).put("rollback", b.manifest().rollback())
                .put("target", b.manifest().target()).put("minimumVersion", b.manifest().minimumVersion().toString())
                .put("size", b.size()).put("signed", b.manifest().created().toString()).put("releaseKey", b.keyId());
        base.ifPresent(u -> n.put("url", BundleLibrary.address(u, b).toString()));
        ArrayNode list = n.putArray("rollouts");
        uses.forEach(r -> list.addObject().put("id", r.id()).put("state", r.state().name()));
        return n;
    }

    /** The request's body, refused past {@code max} bytes. */
    private static final class LimitedInput extends FilterInputStream {

        /** More bytes than the limit allows. */
        static final class TooLarge extends IOException {
            private static final long serialVersionUID = 1L;

            TooLarge(long max) {
                super("more than " + max + " bytes");
            }
        }

        private final long max;
        long read;

        /** The body underneath, for dropping what follows the limit. */
        InputStream in() {
            return in;
        }

        LimitedInput(InputStream in, long max) {
            super(in);
            this.max = max;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                count(n);
            }
            return n;
        }

        private void count(long n) throws TooLarge {
            read += n;
            if (read > max) {
                throw new TooLarge(max);
            }
        }

        /** Reads what is left, up to the limit, and drops it; quietly stops at the limit or a failure. */
        void drain() {
            byte[] buffer = new byte[64 * 1024];
            try {
                while (read(buffer, 0, buffer.length) >= 0) {
                    // dropped
                }
            } catch (IOException e) {
                // the limit, or the client went away: the connection is closed after the answer
            }
        }
    }
}

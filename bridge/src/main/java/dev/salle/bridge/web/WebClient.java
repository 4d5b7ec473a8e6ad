package dev.salle.bridge.web;

import dev.salle.bridge.room.Slug;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;

/**
 * Decides the web client's answers: {@code GET /} (pick or create a room), {@code GET /{slug}}
 * (the join page, for a meeting slug only) and {@code GET /static/{file}} (a fixed list of files).
 * Every other path is not the web client's: {@link #route} says so and the caller keeps its own
 * behaviour. Stateless apart from the assets' cache; thread-safe.
 *
 * <p>Pages carry a Content-Security-Policy that lets only the bridge's own scripts and styles run
 * and lets scripts connect only to the bridge (the same origin, and the {@code --public-url} when
 * one is configured); no page holds a secret.
 */
public final class WebClient {

    /** Route label of {@code /}, for metrics. */
    public static final String HOME_ROUTE = "/";
    /** Route label of {@code /{slug}}. */
    public static final String ROOM_ROUTE = "/{slug}";
    /** Route label of {@code /static/{file}}. */
    public static final String STATIC_ROUTE = "/static/{file}";

    static final String STATIC = "/static/";
    static final String BUNDLE_FILE = "livekit-client.esm.mjs";
    private static final String JS = "text/javascript; charset=utf-8";
    private static final Map<String, String> STATIC_FILES = Map.of(
            "salle.css", "text/css; charset=utf-8",
            "home.js", JS,
            "room.js", JS,
            BUNDLE_FILE, JS);

    private final WebAssets assets;
    private final String contentSecurityPolicy;

    /**
     * @param assets where the pages and the bundle are read from
     * @param publicUrl the bridge's configured {@code ws(s)://} URL, which scripts may connect to too
     */
    public WebClient(WebAssets assets, Optional<URI> publicUrl) {
        this.assets = assets;
        this.contentSecurityPolicy = contentSecurityPolicy(publicUrl);
    }

    /** The route label when {@code path} is the web client's, else empty. */
    public static Optional<String> route(String path) {
        if (path.equals("/")) {
            return Optional.of(HOME_ROUTE);
        }
        if (path.startsWith(STATIC)) {
            return Optional.of(STATIC_ROUTE);
        }
        if (path.length() > 1 && Slug.normalize(path.substring(1)).isPresent()) {
            return Optional.of(ROOM_ROUTE);
        }
        return Optional.empty();
    }

    /**
     * The answer to {@code method path}, for a path {@link #route} accepted: 200 with the file,
     * 404 for an unknown static file, 405 for anything but GET, 503 with what to do when the
     * livekit-client bundle is not installed.
     */
    public WebAnswer answer(String method, String path) {
        String route = route(path).orElseThrow(() -> new IllegalArgumentException(
                "'" + path + "' is not a web client path; check WebClient.route first"));
        if (!method.equals("GET")) {
            return new WebAnswer(405, "text/plain; charset=utf-8",
                    (method + " is not allowed here; use GET\n").getBytes(StandardCharsets.UTF_8), Map.of("Allow", "GET"));
        }
        return switch (route) {
            case HOME_ROUTE -> page("home.html");
            case ROOM_ROUTE -> bundlePresent() ? page("room.html") : bundleMissingPage();
            default -> staticFile(path.substring(STATIC.length()));
        };
    }

    /** Whether the build put livekit-client's bundle on the class path. */
    public boolean bundlePresent() {
        return assets.read(WebAssets.BUNDLE).isPresent();
    }

    private WebAnswer page(String name) {
        byte[] body = assets.read(name).orElseThrow(() -> new IllegalStateException(
                "the web client's page " + name + " is missing from the bridge's classes; rebuild the bridge"));
        return new WebAnswer(200, "text/html; charset=utf-8", body, securityHeaders());
    }

    private WebAnswer staticFile(String name) {
        String type = STATIC_FILES.get(name);
        if (type == null) {
            return WebAnswer.text(404, "no web client file is called '" + cap(name) + "'\n");
        }
        if (name.equals(BUNDLE_FILE)) {
            return assets.read(WebAssets.BUNDLE).map(b -> new WebAnswer(200, type, b, Map.of()))
                    .orElseGet(() -> WebAnswer.text(503, bundleMissingText()));
        }
        byte[] body = assets.read("static/" + name).orElseThrow(() -> new IllegalStateException(
                "the web client's file " + name + " is missing from the bridge's classes; rebuild the bridge"));
        return new WebAnswer(200, type, body, Map.of());
    }

    private WebAnswer bundleMissingPage() {
        String text = bundleMissingText();
        String html = "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Salle: web client not"
                + " installed</title><link rel=\"icon\" href=\"data:,\"><link rel=\"stylesheet\" href=\"/static/salle.css\"></head><body><main>"
                + "<h1>The web client is not installed on this bridge</h1><p id=\"missing-bundle\">"
                + text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
                + "</p></main></body></html>\n";
        return new WebAnswer(503, "text/html; charset=utf-8", html.getBytes(StandardCharsets.UTF_8), securityHeaders());
    }

    static String bundleMissingText() {
        return "The browser library livekit-client is not installed, so this bridge cannot offer its join page."
                + " Start the bridge with ./salle bridge (it installs bridge/web's npm packages and rebuilds), or run"
                + " 'npm install' in bridge/web and rebuild the bridge module, then reload this page.\n";
    }

    private Map<String, String> securityHeaders() {
        return Map.of("Content-Security-Policy", contentSecurityPolicy,
                "Referrer-Policy", "no-referrer",
                "X-Frame-Options", "DENY");
    }

    static String contentSecurityPolicy(Optional<URI> publicUrl) {
        String connect = "'self'" + publicUrl.map(u -> " " + u.getScheme() + "://" + u.getRawAuthority()).orElse("");
        return "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:;"
                + " media-src 'self' blob: mediastream:; connect-src " + connect + "; worker-src 'self' blob:;"
                + " base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
    }

    private static String cap(String s) {
        String printable = s.replaceAll("[^\\x20-\\x7e]", "?");
        return printable.length() > 60 ? printable.substring(0, 60) + "…" : printable;
    }
}

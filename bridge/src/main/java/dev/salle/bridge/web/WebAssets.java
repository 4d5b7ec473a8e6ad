package dev.salle.bridge.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The web client's files, read once from the class path under {@value #BASE} and kept in memory.
 * The {@code livekit-client} bundle sits at {@value #BUNDLE} when the build found it in
 * {@code bridge/web/node_modules}. Thread-safe.
 */
public final class WebAssets {

    static final String BASE = "dev/salle/bridge/web/";
    /** Where the build copies livekit-client's ESM bundle, relative to {@link #BASE}. */
    public static final String BUNDLE = "vendor/livekit-client.esm.mjs";

    private final ClassLoader loader;
    private final String base;
    private final ConcurrentMap<String, Optional<byte[]>> cache = new ConcurrentHashMap<>();

    /**
     * @param loader the class loader to read from
     * @param base the resource folder, ending in {@code /}
     */
    public WebAssets(ClassLoader loader, String base) {
        if (!base.endsWith("/")) {
            throw new IllegalArgumentException("base '" + base + "' must end with '/'");
        }
        this.loader = loader;
        this.base = base;
    }

    /** The bridge's own files, from the class path the bridge was loaded with. */
    public static WebAssets fromClassPath() {
        return new WebAssets(WebAssets.class.getClassLoader(), BASE);
    }

    /**
     * The file at {@code name} (relative to the base, from a fixed list the caller knows), or empty
     * when it is not there.
     */
    public Optional<byte[]> read(String name) {
        return cache.computeIfAbsent(name, this::load);
    }

    private Optional<byte[]> load(String name) {
        try (InputStream in = loader.getResourceAsStream(base + name)) {
            return in == null ? Optional.empty() : Optional.of(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the web client's file " + base + name + ": " + e.getMessage(), e);
        }
    }
}

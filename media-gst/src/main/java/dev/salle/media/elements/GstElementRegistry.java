package dev.salle.media.elements;

import dev.salle.media.MediaRuntime;
import org.freedesktop.gstreamer.ElementFactory;

/**
 * The real GStreamer plugin registry. Initialises GStreamer through {@link MediaRuntime} on
 * construction. Thread-safe.
 */
public final class GstElementRegistry implements ElementRegistry {

    public GstElementRegistry() {
        MediaRuntime.ensureInitialised();
    }

    @Override
    public boolean has(String factoryName) {
        try {
            ElementFactory factory = ElementFactory.find(factoryName);
            return factory != null;
        } catch (IllegalArgumentException notRegistered) {
            return false;
        }
    }
}

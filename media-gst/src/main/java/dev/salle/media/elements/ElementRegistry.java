package dev.salle.media.elements;

/**
 * What GStreamer element factories this machine can create.
 *
 * <p>Implementations must be safe to call from any thread and must not create elements; the
 * answer may be cached for the life of the process (the plugin registry does not change while
 * the device runs).
 */
@FunctionalInterface
public interface ElementRegistry {

    /**
     * Whether an element factory of that name is registered.
     *
     * @param factoryName a GStreamer factory name such as {@code x264enc}
     * @return true when {@code ElementFactory.make(factoryName, ...)} can succeed
     */
    boolean has(String factoryName);
}

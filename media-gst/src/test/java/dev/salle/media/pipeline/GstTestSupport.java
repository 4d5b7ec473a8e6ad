package dev.salle.media.pipeline;

import dev.salle.media.elements.ElementChoice;
import dev.salle.media.elements.ElementPackages;
import dev.salle.media.elements.GstElementRegistry;
import dev.salle.media.elements.H264Encoder;
import dev.salle.testkit.RealDependency;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** Shared set-up of the real-GStreamer tests: element checks and bounded waiting. */
final class GstTestSupport {

    private GstTestSupport() {}

    /** Skips (developer machine) or fails (CI=true) unless every element is registered. */
    static void requireElements(String... factoryNames) {
        GstElementRegistry registry = new GstElementRegistry();
        for (String name : factoryNames) {
            RealDependency.require(registry.has(name), "GStreamer element " + ElementPackages.describe(name));
        }
    }

    static ElementChoice testPatternSource() {
        return new ElementChoice("videotestsrc", "test", Map.of("is-live", "true", "pattern", "ball"));
    }

    static ElementChoice x264(int keyIntMax) {
        return new ElementChoice("x264enc", "test", H264Encoder.X264.properties(1000, keyIntMax));
    }

    static ElementChoice silentTone() {
        return new ElementChoice("audiotestsrc", "test", Map.of("is-live", "true", "wave", "sine", "volume", "0.2"));
    }

    /**
     * Takes items until the condition holds on everything taken, at most maxItems items and at
     * most maxMillis; returns whether it held.
     */
    static <T> boolean drainUntil(BlockingQueue<T> queue, java.util.List<T> into, Predicate<java.util.List<T>> done,
            int maxItems, long maxMillis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(maxMillis);
        for (int i = 0; i < maxItems && !done.test(into); i++) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                break;
            }
            T item = queue.poll(Math.min(left, TimeUnit.MILLISECONDS.toNanos(200)), TimeUnit.NANOSECONDS);
            if (item != null) {
                into.add(item);
            } else {
                i--;
            }
        }
        return done.test(into);
    }
}

package dev.salle.media.elements;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Every element choice of this device. Log {@link #describe()} once at start-up and send it in
 * telemetry: it is what tells a Pi with a hardware encoder from one that fell back to software.
 */
public record MediaElements(
        ElementChoice videoSource, ElementChoice videoEncoder, ElementChoice audioSource, ElementChoice videoSink) {

    public MediaElements {
        Objects.requireNonNull(videoSource, "videoSource");
        Objects.requireNonNull(videoEncoder, "videoEncoder");
        Objects.requireNonNull(audioSource, "audioSource");
        Objects.requireNonNull(videoSink, "videoSink");
    }

    /** Role to "factory (reason)", in a stable order. */
    public Map<String, String> describe() {
        Map<String, String> out = new LinkedHashMap<>();
        out.put("videoSource", line(videoSource));
        out.put("videoEncoder", line(videoEncoder));
        out.put("audioSource", line(audioSource));
        out.put("videoSink", line(videoSink));
        return java.util.Collections.unmodifiableMap(out);
    }

    private static String line(ElementChoice choice) {
        return choice.factoryName() + " (" + choice.reason() + ")";
    }
}

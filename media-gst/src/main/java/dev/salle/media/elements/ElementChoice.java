package dev.salle.media.elements;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * One chosen element: its factory name, why it was chosen, and the properties to set on it.
 *
 * @param factoryName GStreamer factory name, e.g. {@code x264enc}
 * @param reason      human-readable reason, logged and sent in telemetry
 * @param properties  property name to value as gst-launch syntax, in insertion order
 */
public record ElementChoice(String factoryName, String reason, Map<String, String> properties) {

    public ElementChoice {
        Objects.requireNonNull(factoryName, "factoryName");
        Objects.requireNonNull(reason, "reason");
        properties = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(properties));
    }

    public static ElementChoice of(String factoryName, String reason) {
        return new ElementChoice(factoryName, reason, Map.of());
    }

    /**
     * The element as a fragment of a pipeline description, e.g.
     * {@code x264enc name=venc tune=zerolatency bitrate=1500}.
     */
    public String launchFragment(String elementName) {
        String props = properties.entrySet().stream()
                .map(e -> " " + e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining());
        return factoryName + " name=" + elementName + props;
    }
}

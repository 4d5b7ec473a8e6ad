package dev.salle.media.elements;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Thrown at start-up when no element of a needed category exists on this machine. The message
 * names every element that would have done and the Debian package that provides it.
 */
public final class MissingElementsException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String category;
    private final List<String> missingElements;

    public MissingElementsException(String category, List<String> missingElements) {
        super("no GStreamer element for " + category + ": none of "
                + missingElements.stream().map(ElementPackages::describe).collect(Collectors.joining(", "))
                + " is registered; install one of these packages (gst-inspect-1.0 <element> checks it)");
        this.category = category;
        this.missingElements = List.copyOf(missingElements);
    }

    /** What the elements were for, e.g. "H.264 video encoder". */
    public String category() {
        return category;
    }

    /** The factory names that were looked for and not found. */
    public List<String> missingElements() {
        return missingElements;
    }
}

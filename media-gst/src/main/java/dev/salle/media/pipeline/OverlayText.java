package dev.salle.media.pipeline;

import java.util.ArrayList;
import java.util.List;

/**
 * Plain-text shaping for textoverlay: one-line names cut with an ellipsis, wrapped captions, and
 * the inverse of {@link PangoText#escape} to read an overlay's {@code text} property back.
 */
final class OverlayText {

    static final String ELLIPSIS = "\u2026";

    private OverlayText() {}

    /** Control characters (line breaks, tabs) become spaces; at most maxCodePoints, the last an ellipsis when cut. */
    static String singleLine(String plain, int maxCodePoints) {
        String flat = plain.codePoints()
                .map(c -> Character.isISOControl(c) ? ' ' : c)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
                .toString().strip();
        return cut(flat, maxCodePoints);
    }

    /** The text itself when it has at most maxCodePoints (≥ 1), else its start and an ellipsis, maxCodePoints in all. */
    static String cut(String text, int maxCodePoints) {
        if (text.codePointCount(0, text.length()) <= maxCodePoints) {
            return text;
        }
        int end = text.offsetByCodePoints(0, Math.max(0, maxCodePoints - 1));
        return text.substring(0, end) + ELLIPSIS;
    }

    /**
     * Word-wraps plain text into lines of at most lineCodePoints (longer words are cut), keeping
     * the last maxLines lines: for captions, the newest words are at the end.
     */
    static String wrap(String plain, int lineCodePoints, int maxLines) {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String word : singleLine(plain, Integer.MAX_VALUE).split(" +")) {
            String w = cut(word, lineCodePoints);
            int lineLength = line.codePointCount(0, line.length());
            if (lineLength > 0 && lineLength + 1 + w.codePointCount(0, w.length()) > lineCodePoints) {
                lines.add(line.toString());
                line.setLength(0);
            }
            if (!line.isEmpty()) {
                line.append(' ');
            }
            line.append(w);
        }
        if (!line.isEmpty()) {
            lines.add(line.toString());
        }
        return String.join("\n", lines.subList(Math.max(0, lines.size() - maxLines), lines.size()));
    }

    /** Undoes {@link PangoText#escape}: the plain text an escaped overlay text stands for. */
    static String unescape(String markup) {
        return markup.replace("&lt;", "<").replace("&gt;", ">").replace("&apos;", "'").replace("&quot;", "\"")
                .replace("&amp;", "&");
    }
}

package dev.salle.hw.camera;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Reads the shim's {@code key=value} camera description into a {@link CameraInfo}. */
final class LibcameraDescription {

    private LibcameraDescription() {}

    /**
     * @throws CameraException when the text has no {@code id=} line; unknown keys and unreadable
     *     sizes are skipped
     */
    static CameraInfo parse(String text) {
        String id = null;
        String model = "";
        CameraLocation location = CameraLocation.UNKNOWN;
        List<String> formats = new ArrayList<>();
        Set<FrameSize> sizes = new LinkedHashSet<>();
        for (String line : text.split("\n")) {
            int eq = line.indexOf('=');
            if (eq <= 0) {
                continue;
            }
            String key = line.substring(0, eq);
            String value = line.substring(eq + 1).trim();
            switch (key) {
                case "id" -> id = value;
                case "model" -> model = value;
                case "location" -> location = location(value);
                case "format" -> format(value, formats, sizes);
                default -> { }
            }
        }
        if (id == null || id.isEmpty()) {
            throw new CameraException("libcamera shim described a camera without an id: '" + text.strip()
                    + "'; rebuild the shim from this version of hw-drivers");
        }
        List<FrameSize> bySize = new ArrayList<>(sizes);
        bySize.sort((a, b) -> Long.compare((long) b.width() * b.height(), (long) a.width() * a.height()));
        return new CameraInfo(id, model, location, formats, bySize, CameraSource.LIBCAMERA);
    }

    private static CameraLocation location(String value) {
        return switch (value) {
            case "front" -> CameraLocation.FRONT;
            case "back" -> CameraLocation.BACK;
            case "external" -> CameraLocation.EXTERNAL;
            default -> CameraLocation.UNKNOWN;
        };
    }

    private static void format(String value, List<String> formats, Set<FrameSize> sizes) {
        int space = value.indexOf(' ');
        String name = space < 0 ? value : value.substring(0, space);
        if (!name.isEmpty()) {
            formats.add(name);
        }
        if (space < 0) {
            return;
        }
        for (String size : value.substring(space + 1).split(",")) {
            try {
                sizes.add(FrameSize.parse(size));
            } catch (IllegalArgumentException e) {
                // a size we cannot read is left out; the others still count
            }
        }
    }
}

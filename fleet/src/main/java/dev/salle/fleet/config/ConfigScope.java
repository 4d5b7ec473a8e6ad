package dev.salle.fleet.config;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Where a layered value applies, from the widest to the narrowest: the whole organisation, a site,
 * a room of a site, or one device. A narrower layer wins. Written on the command line as
 * {@code org}, {@code site=Lyon}, {@code room=Lyon/Salle Marianne} or {@code device=salle-0042},
 * and stored as {@link #stored()} ({@code org}, {@code site:Lyon}, …).
 *
 * @param kind the layer
 * @param site the site (site and room layers), else empty
 * @param name the room (room layer) or the device id (device layer), else empty
 */
public record ConfigScope(Kind kind, String site, String name) {

    /** The layers, widest first; a later one overrides an earlier one. */
    public enum Kind { ORG, SITE, ROOM, DEVICE }

    /** Site and room names as devices report them: 1-80 characters, no control characters. */
    private static final Pattern NAME = Pattern.compile("[^\\p{Cntrl}]{1,80}");
    private static final Pattern DEVICE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    public static final ConfigScope ORG = new ConfigScope(Kind.ORG, "", "");

    public ConfigScope {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(site, "site");
        Objects.requireNonNull(name, "name");
    }

    public static ConfigScope site(String site) {
        return new ConfigScope(Kind.SITE, requireName(site, "site"), "");
    }

    public static ConfigScope room(String site, String room) {
        if (site.contains("/")) {
            throw new IllegalArgumentException("the site '" + site + "' holds a '/', which separates site and room here");
        }
        return new ConfigScope(Kind.ROOM, requireName(site, "site"), requireName(room, "room"));
    }

    public static ConfigScope device(String id) {
        if (id == null || !DEVICE_ID.matcher(id).matches()) {
            throw new IllegalArgumentException("'" + id + "' is not a device id (1-64 letters, digits, '.', '_' or '-')");
        }
        return new ConfigScope(Kind.DEVICE, "", id);
    }

    /**
     * Reads the command-line form: {@code org}, {@code site=NAME}, {@code room=SITE/ROOM} or
     * {@code device=ID}.
     *
     * @throws IllegalArgumentException saying which forms are allowed
     */
    public static ConfigScope parse(String text) {
        Objects.requireNonNull(text, "text");
        if (text.equals("org")) {
            return ORG;
        }
        int eq = text.indexOf('=');
        String kind = eq < 0 ? text : text.substring(0, eq);
        String value = eq < 0 ? "" : text.substring(eq + 1);
        return switch (kind) {
            case "site" -> site(value);
            case "room" -> {
                int slash = value.indexOf('/');
                if (slash < 0) {
                    throw new IllegalArgumentException("a room is written room=SITE/ROOM, e.g. room=Lyon/Salle Marianne; got '"
                            + text + "'");
                }
                yield room(value.substring(0, slash), value.substring(slash + 1));
            }
            case "device" -> device(value);
            default -> throw new IllegalArgumentException("unknown scope '" + text
                    + "'; use org, site=NAME, room=SITE/ROOM or device=ID");
        };
    }

    /** Reads the stored form ({@link #stored()}). */
    public static ConfigScope fromStored(String stored) {
        if (stored.equals("org")) {
            return ORG;
        }
        int colon = stored.indexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("'" + stored + "' is not a stored scope");
        }
        return parse(stored.substring(0, colon) + "=" + stored.substring(colon + 1));
    }

    /** The form kept in the database: {@code org}, {@code site:S}, {@code room:S/R}, {@code device:ID}. */
    public String stored() {
        return switch (kind) {
            case ORG -> "org";
            case SITE -> "site:" + site;
            case ROOM -> "room:" + site + "/" + name;
            case DEVICE -> "device:" + name;
        };
    }

    /** The command-line form, also what the console and {@code config show} print as a value's source. */
    @Override
    public String toString() {
        return switch (kind) {
            case ORG -> "org";
            case SITE -> "site=" + site;
            case ROOM -> "room=" + site + "/" + name;
            case DEVICE -> "device=" + name;
        };
    }

    private static String requireName(String value, String what) {
        if (value == null || !NAME.matcher(value).matches() || value.isBlank()) {
            throw new IllegalArgumentException("the " + what + " must be 1-80 characters without control characters; got '"
                    + value + "'");
        }
        return value;
    }
}

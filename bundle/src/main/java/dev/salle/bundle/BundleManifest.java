package dev.salle.bundle;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What a bundle says about itself; the release key signs exactly these bytes.
 *
 * @param version the version it installs
 * @param target what it updates: {@code device-app} (a PC) or {@code os-image} (a slot image of the OS image, docs/image.md)
 * @param minimumVersion the oldest version it may update from
 * @param payloadSize the payload's length in bytes
 * @param payloadSha256 the payload's SHA-256, 32 bytes
 * @param rollback whether the fleet deliberately releases an older version (anti-rollback waived)
 * @param created when it was signed
 */
public record BundleManifest(BundleVersion version, String target, BundleVersion minimumVersion, long payloadSize,
                             byte[] payloadSha256, boolean rollback, Instant created) {

    public static final int FORMAT = 1;
    static final Set<String> FIELDS = Set.of("format", "version", "target", "minimumVersion", "payloadSize",
            "payloadSha256", "rollback", "created");
    private static final Pattern TARGET = Pattern.compile("[a-z][a-z0-9-]{0,31}");
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    public BundleManifest {
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(minimumVersion, "minimumVersion");
        Objects.requireNonNull(created, "created");
        if (target == null || !TARGET.matcher(target).matches()) {
            throw new IllegalArgumentException("target '" + target + "' must be lower-case letters, digits and '-'");
        }
        if (payloadSize < 0) {
            throw new IllegalArgumentException("a payload size cannot be negative");
        }
        if (payloadSha256 == null || payloadSha256.length != 32) {
            throw new IllegalArgumentException("the payload hash must be a SHA-256 (32 bytes)");
        }
        payloadSha256 = payloadSha256.clone();
        if (minimumVersion.compareTo(version) > 0) {
            throw new IllegalArgumentException("the minimum version " + minimumVersion + " is above the version " + version);
        }
    }

    @Override
    public byte[] payloadSha256() {
        return payloadSha256.clone();
    }

    /** The canonical bytes: what is signed and shipped. */
    public byte[] toBytes() {
        ObjectNode o = JSON.createObjectNode()
                .put("format", FORMAT)
                .put("version", version.toString())
                .put("target", target)
                .put("minimumVersion", minimumVersion.toString())
                .put("payloadSize", payloadSize)
                .put("payloadSha256", HexFormat.of().formatHex(payloadSha256))
                .put("rollback", rollback)
                .put("created", created.toString());
        return o.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** @throws IllegalArgumentException saying what is wrong */
    public static BundleManifest parse(byte[] bytes) {
        JsonNode root;
        try {
            root = JSON.readTree(bytes);
        } catch (IOException e) {
            throw new IllegalArgumentException("the manifest is not JSON");
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("the manifest is not a JSON object");
        }
        for (Iterator<String> names = root.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                throw new IllegalArgumentException("the manifest has an unknown field '" + name + "'");
            }
        }
        if (root.path("format").asInt(-1) != FORMAT || !root.path("format").isInt()) {
            throw new IllegalArgumentException("the manifest's format is not " + FORMAT);
        }
        try {
            return new BundleManifest(BundleVersion.parse(text(root, "version")), text(root, "target"),
                    BundleVersion.parse(text(root, "minimumVersion")), number(root, "payloadSize"),
                    HexFormat.of().parseHex(text(root, "payloadSha256")), bool(root, "rollback"),
                    Instant.parse(text(root, "created")));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("the manifest is not valid: " + e.getMessage(), e);
        }
    }

    private static String text(JsonNode root, String field) {
        JsonNode v = root.get(field);
        if (v == null || !v.isTextual()) {
            throw new IllegalArgumentException("'" + field + "' is missing or not text");
        }
        return v.asText();
    }

    private static long number(JsonNode root, String field) {
        JsonNode v = root.get(field);
        if (v == null || !v.canConvertToLong() || !v.isIntegralNumber()) {
            throw new IllegalArgumentException("'" + field + "' is missing or not a whole number");
        }
        return v.asLong();
    }

    private static boolean bool(JsonNode root, String field) {
        JsonNode v = root.get(field);
        if (v == null || !v.isBoolean()) {
            throw new IllegalArgumentException("'" + field + "' is missing or not true/false");
        }
        return v.asBoolean();
    }
}

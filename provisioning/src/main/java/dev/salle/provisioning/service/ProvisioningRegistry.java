package dev.salle.provisioning.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.salle.provisioning.ca.SecretFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The codes the service issued and the devices it enrolled, in one JSON file ({@code registry.json},
 * mode 0600) rewritten atomically on every change, so a code marked used and the device it
 * enrolled are saved together or not at all. Codes are kept by their SHA-256 only.
 *
 * <p>Thread-safe: every method is synchronized; a change is on disk before the method returns.
 */
public final class ProvisioningRegistry {

    public static final String FILE = "registry.json";

    private final Path file;
    private final ObjectMapper json = new ObjectMapper();
    private final Map<String, EnrolmentCode> codes = new LinkedHashMap<>();
    private final Map<String, EnrolledDevice> devices = new LinkedHashMap<>();

    private ProvisioningRegistry(Path file) {
        this.file = file;
    }

    /** Opens the registry in {@code dir}, empty when the file does not exist yet. */
    public static ProvisioningRegistry open(Path dir) {
        ProvisioningRegistry registry = new ProvisioningRegistry(dir.resolve(FILE));
        if (Files.exists(registry.file)) {
            registry.load();
        }
        return registry;
    }

    /** SHA-256 of a code's bytes, hex. */
    public static String hash(byte[] code) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(code));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }

    public synchronized EnrolmentCode issue(byte[] code, String site, String room, Optional<String> meeting,
                                            Instant createdAt, Instant expiresAt) {
        String hash = hash(code);
        EnrolmentCode issued = new EnrolmentCode(hash.substring(0, 12), hash, site, room, meeting, createdAt, expiresAt,
                EnrolmentCode.State.ISSUED, Optional.empty(), Optional.empty());
        if (codes.containsKey(issued.id())) {
            throw new IllegalStateException("code id " + issued.id() + " exists already; issue another code");
        }
        codes.put(issued.id(), issued);
        save();
        return issued;
    }

    /** The code with these bytes, if it was issued here. */
    public synchronized Optional<EnrolmentCode> byCode(byte[] code) {
        String hash = hash(code);
        EnrolmentCode found = codes.get(hash.substring(0, 12));
        return found != null && MessageDigest.isEqual(found.hashHex().getBytes(), hash.getBytes())
                ? Optional.of(found) : Optional.empty();
    }

    public synchronized Optional<EnrolmentCode> code(String id) {
        return Optional.ofNullable(codes.get(id));
    }

    public synchronized Optional<EnrolledDevice> device(String id) {
        return Optional.ofNullable(devices.get(id));
    }

    public synchronized boolean hasDevice(String id) {
        return devices.containsKey(id);
    }

    /**
     * Marks the code used by the device and records the device, in one write.
     *
     * @throws IllegalStateException when the code is not in the issued state any more
     */
    public synchronized void enrolled(String codeId, EnrolledDevice device, Instant at) {
        EnrolmentCode code = codes.get(codeId);
        if (code == null || code.state() != EnrolmentCode.State.ISSUED) {
            throw new IllegalStateException("code " + codeId + " is " + (code == null ? "unknown" : code.state()));
        }
        codes.put(codeId, code.used(device.id(), at));
        devices.put(device.id(), device);
        save();
    }

    /** Revokes a code (by id) or a device (by id); returns what was revoked, or empty when neither exists. */
    public synchronized Optional<Object> revoke(String id) {
        EnrolmentCode code = codes.get(id);
        if (code != null) {
            codes.put(id, code.revoked());
            save();
            return Optional.of(codes.get(id));
        }
        EnrolledDevice device = devices.get(id);
        if (device != null) {
            devices.put(id, device.revokedNow());
            save();
            return Optional.of(devices.get(id));
        }
        return Optional.empty();
    }

    public synchronized List<EnrolmentCode> codes() {
        return List.copyOf(codes.values());
    }

    public synchronized List<EnrolledDevice> devices() {
        return List.copyOf(devices.values());
    }

    /** Serial numbers of every revoked device certificate, for the CRL. */
    public synchronized Set<BigInteger> revokedSerials() {
        return devices.values().stream().filter(EnrolledDevice::revoked)
                .map(d -> new BigInteger(d.serialHex(), 16)).collect(Collectors.toUnmodifiableSet());
    }

    private void save() {
        ObjectNode root = json.createObjectNode().put("version", 1);
        ArrayNode c = root.putArray("codes");
        for (EnrolmentCode code : codes.values()) {
            ObjectNode n = c.addObject().put("id", code.id()).put("sha256", code.hashHex()).put("site", code.site())
                    .put("room", code.room()).put("createdAt", code.createdAt().toString())
                    .put("expiresAt", code.expiresAt().toString()).put("state", code.state().name());
            code.meeting().ifPresent(m -> n.put("meeting", m));
            code.usedBy().ifPresent(u -> n.put("usedBy", u));
            code.usedAt().ifPresent(u -> n.put("usedAt", u.toString()));
        }
        ArrayNode d = root.putArray("devices");
        for (EnrolledDevice device : devices.values()) {
            ObjectNode n = d.addObject().put("id", device.id()).put("serial", device.serialHex()).put("site", device.site())
                    .put("room", device.room()).put("enrolledAt", device.enrolledAt().toString())
                    .put("codeId", device.codeId()).put("revoked", device.revoked());
            device.meeting().ifPresent(m -> n.put("meeting", m));
        }
        try {
            SecretFiles.writeSecret(file, json.writerWithDefaultPrettyPrinter().writeValueAsString(root));
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + file + ": " + e.getMessage(), e);
        }
    }

    private void load() {
        try {
            JsonNode root = json.readTree(Files.readString(file));
            if (root == null || root.path("version").asInt() != 1) {
                throw new IllegalArgumentException("not a version-1 registry");
            }
            for (JsonNode n : root.path("codes")) {
                EnrolmentCode code = new EnrolmentCode(text(n, "id"), text(n, "sha256"), text(n, "site"), text(n, "room"),
                        optional(n, "meeting"), Instant.parse(text(n, "createdAt")), Instant.parse(text(n, "expiresAt")),
                        EnrolmentCode.State.valueOf(text(n, "state")), optional(n, "usedBy"),
                        optional(n, "usedAt").map(Instant::parse));
                codes.put(code.id(), code);
            }
            for (JsonNode n : root.path("devices")) {
                EnrolledDevice device = new EnrolledDevice(text(n, "id"), text(n, "serial"), text(n, "site"),
                        text(n, "room"), optional(n, "meeting"), Instant.parse(text(n, "enrolledAt")), text(n, "codeId"),
                        n.path("revoked").asBoolean(false));
                devices.put(device.id(), device);
            }
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("the provisioning registry " + file + " is damaged (" + e.getMessage()
                    + "); restore it from a backup", e);
        }
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || !v.isTextual()) {
            throw new IllegalArgumentException("an entry lacks the text field '" + field + "'");
        }
        return v.asText();
    }

    private static Optional<String> optional(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? Optional.empty() : Optional.of(v.asText());
    }
}

package dev.salle.provisioning.device;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.salle.provisioning.ca.Pem;
import dev.salle.provisioning.ca.SecretFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Keeps the device's identity in the persistent data area, in a folder {@code identity/}:
 * {@code device.key} (PKCS#8 PEM, mode 0600), {@code device.crt} (the chain), {@code ca.crt} and
 * {@code enrolment.json} (id, broker, topic prefix, site, room, meeting). The folder appears in one
 * atomic rename, so a power cut leaves either no identity or a whole one. Not thread-safe: the
 * device's provisioning flow is its only user.
 */
public final class DeviceIdentityStore {

    public static final String FOLDER = "identity";
    public static final String KEY_FILE = "device.key";
    public static final String CHAIN_FILE = "device.crt";
    public static final String CA_FILE = "ca.crt";
    public static final String SETTINGS_FILE = "enrolment.json";

    private final Path dataDir;
    private final ObjectMapper json = new ObjectMapper();

    public DeviceIdentityStore(Path dataDir) {
        this.dataDir = dataDir;
    }

    /** The folder holding the identity files (which may not exist yet). */
    public Path folder() {
        return dataDir.resolve(FOLDER);
    }

    public boolean exists() {
        return Files.isDirectory(folder());
    }

    /** Saves a new identity; refuses to replace one (a factory reset wipes it first). */
    public void save(DeviceIdentity identity) {
        if (exists()) {
            throw new IllegalStateException("the device already has an identity in " + folder()
                    + ": a factory reset must wipe it before enrolling again");
        }
        Path staging = null;
        try {
            Files.createDirectories(dataDir);
            staging = Files.createTempDirectory(dataDir, ".identity-",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            SecretFiles.writeSecret(staging.resolve(KEY_FILE), Pem.write(identity.key()));
            SecretFiles.writePublic(staging.resolve(CHAIN_FILE), Pem.write(identity.chain().toArray()));
            SecretFiles.writePublic(staging.resolve(CA_FILE), Pem.write(identity.ca()));
            ObjectNode settings = json.createObjectNode()
                    .put("deviceId", identity.deviceId())
                    .put("broker", identity.broker().toString())
                    .put("topicPrefix", identity.topicPrefix())
                    .put("site", identity.site())
                    .put("room", identity.room())
                    .put("enrolledAt", identity.enrolledAt().toString());
            identity.meeting().ifPresent(m -> settings.put("meeting", m));
            SecretFiles.writePublic(staging.resolve(SETTINGS_FILE), json.writerWithDefaultPrettyPrinter().writeValueAsString(settings));
            Files.move(staging, folder(), StandardCopyOption.ATOMIC_MOVE);
            staging = null;
        } catch (IOException e) {
            throw new UncheckedIOException("could not save the device identity in " + folder() + ": " + e.getMessage(), e);
        } finally {
            if (staging != null) {
                deleteTree(staging);
            }
        }
    }

    /**
     * The stored identity, or empty when the device has none.
     *
     * @throws IllegalStateException when the folder is there but damaged (the message names the file)
     */
    public Optional<DeviceIdentity> load() {
        if (!exists()) {
            return Optional.empty();
        }
        Path dir = folder();
        Path current = dir.resolve(KEY_FILE);
        try {
            SecretFiles.requireOwnerOnly(current);
            PrivateKey key = Pem.privateKey(Files.readString(current));
            current = dir.resolve(CHAIN_FILE);
            List<X509Certificate> chain = Pem.certificates(Files.readString(current));
            current = dir.resolve(CA_FILE);
            X509Certificate ca = Pem.certificates(Files.readString(current)).get(0);
            current = dir.resolve(SETTINGS_FILE);
            JsonNode s = json.readTree(Files.readString(current));
            return Optional.of(new DeviceIdentity(text(s, "deviceId"), key, chain, ca, URI.create(text(s, "broker")),
                    text(s, "topicPrefix"), text(s, "site"), text(s, "room"),
                    s.hasNonNull("meeting") ? Optional.of(s.get("meeting").asText()) : Optional.empty(),
                    Instant.parse(text(s, "enrolledAt"))));
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("the device identity is damaged at " + current + ": " + e.getMessage()
                    + " (a factory reset wipes it and the device asks for a QR code again)", e);
        }
    }

    /** Factory reset: removes the identity, key first. Returns whether there was one. */
    public boolean wipe() {
        if (!exists()) {
            return false;
        }
        Path dir = folder();
        try {
            Files.deleteIfExists(dir.resolve(KEY_FILE));
        } catch (IOException e) {
            throw new UncheckedIOException("could not delete the device key " + dir.resolve(KEY_FILE) + ": " + e.getMessage(), e);
        }
        deleteTree(dir);
        if (exists()) {
            throw new IllegalStateException("could not remove " + dir + " completely; remove it by hand");
        }
        return true;
    }

    private static String text(JsonNode node, String name) {
        JsonNode v = node.get(name);
        if (v == null || !v.isTextual()) {
            throw new IllegalArgumentException("no text field '" + name + "'");
        }
        return v.asText();
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // reported by the caller's check, or harmless leftovers of a staging folder
        }
    }
}

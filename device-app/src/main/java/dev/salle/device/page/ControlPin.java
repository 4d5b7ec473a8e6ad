package dev.salle.device.page;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Optional;

/**
 * The controller PIN ({@code page.pin}) that the control API asks for, or none. Keeps only the
 * PIN's SHA-256 digest and compares digests with {@link MessageDigest#isEqual}, so neither the
 * content nor the length of the PIN shows in the time a check takes. {@link #toString()} never
 * shows the PIN. Immutable and thread-safe.
 */
public final class ControlPin {

    private static final ControlPin NONE = new ControlPin(Optional.empty());

    private final Optional<byte[]> digest;

    private ControlPin(Optional<byte[]> digest) {
        this.digest = digest;
    }

    /** No PIN: every request is let in (only allowed on loopback, which the config checks). */
    public static ControlPin none() {
        return NONE;
    }

    /** The given PIN, or {@link #none()} when it is empty. */
    public static ControlPin of(String pin) {
        return pin.isEmpty() ? NONE : new ControlPin(Optional.of(sha256(pin)));
    }

    /** Whether requests must carry the PIN. */
    public boolean required() {
        return digest.isPresent();
    }

    /** Whether {@code presented} is the PIN; false when there is no PIN. */
    public boolean matches(String presented) {
        return digest.isPresent() && MessageDigest.isEqual(digest.get(), sha256(presented));
    }

    @Override
    public String toString() {
        return required() ? "ControlPin[(secret)]" : "ControlPin[none]";
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this Java runtime has no SHA-256, which every Java SE runtime must have", e);
        }
    }
}

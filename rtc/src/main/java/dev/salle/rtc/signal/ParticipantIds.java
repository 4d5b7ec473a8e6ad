package dev.salle.rtc.signal;

import java.util.Objects;
import java.util.random.RandomGenerator;
import java.util.regex.Pattern;

/**
 * Server-assigned ids in LiveKit's shape: a type prefix and 12 base62 characters
 * ({@code PA_…} participants, {@code TR_…} tracks, {@code RM_…} rooms). Thread-safe: draws from the
 * injected generator under a lock, so any {@link RandomGenerator} may be used. Production code
 * passes a {@link java.security.SecureRandom} so that ids cannot be guessed; tests pass a seeded one.
 */
public final class ParticipantIds {

    /** Random characters after the prefix (12 base62 characters ≈ 71 bits). */
    public static final int RANDOM_CHARS = 12;

    private static final String BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private static final Pattern PARTICIPANT = Pattern.compile("PA_[0-9A-Za-z]{" + RANDOM_CHARS + "}");

    private final RandomGenerator random;

    public ParticipantIds(RandomGenerator random) {
        this.random = Objects.requireNonNull(random, "random");
    }

    /** A new participant sid, {@code PA_} + 12 base62 characters. */
    public String newParticipantSid() {
        return next("PA_");
    }

    /** A new track sid, {@code TR_} + 12 base62 characters. */
    public String newTrackSid() {
        return next("TR_");
    }

    /** A new room sid, {@code RM_} + 12 base62 characters. */
    public String newRoomSid() {
        return next("RM_");
    }

    /** Whether {@code sid} has the shape of a participant sid this class makes. */
    public static boolean isParticipantSid(String sid) {
        return sid != null && PARTICIPANT.matcher(sid).matches();
    }

    private synchronized String next(String prefix) {
        StringBuilder sb = new StringBuilder(prefix.length() + RANDOM_CHARS).append(prefix);
        for (int i = 0; i < RANDOM_CHARS; i++) {
            sb.append(BASE62.charAt(random.nextInt(BASE62.length())));
        }
        return sb.toString();
    }
}

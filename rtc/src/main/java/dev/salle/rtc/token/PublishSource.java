package dev.salle.rtc.token;

import java.util.Optional;

/**
 * A kind of track a participant may publish, as named in the {@code canPublishSources} grant.
 * The numbers match {@code livekit.TrackSource}.
 */
public enum PublishSource {
    CAMERA("camera", 1),
    MICROPHONE("microphone", 2),
    SCREEN_SHARE("screen_share", 3),
    SCREEN_SHARE_AUDIO("screen_share_audio", 4);

    private final String claimName;
    private final int trackSourceNumber;

    PublishSource(String claimName, int trackSourceNumber) {
        this.claimName = claimName;
        this.trackSourceNumber = trackSourceNumber;
    }

    /** The name used in the JWT, e.g. {@code screen_share}. */
    public String claimName() {
        return claimName;
    }

    /** The {@code livekit.TrackSource} enum number. */
    public int trackSourceNumber() {
        return trackSourceNumber;
    }

    /** The source with this JWT name, or empty if there is none. Case-sensitive. */
    public static Optional<PublishSource> fromClaimName(String name) {
        for (PublishSource s : values()) {
            if (s.claimName.equals(name)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }
}

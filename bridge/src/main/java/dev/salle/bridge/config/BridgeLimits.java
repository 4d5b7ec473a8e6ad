package dev.salle.bridge.config;

/**
 * Resource limits. Immutable; validated by {@link #validate()}.
 *
 * @param maxRooms rooms that may exist at once (registered rooms count)
 * @param maxParticipantsPerRoom participants one room admits, lobby included
 * @param maxSignalMessageBytes largest signalling message accepted (for the WebSocket to come)
 * @param maxRequestBodyBytes largest HTTP request body the room API reads
 * @param resumeWindowSeconds how long a participant whose signalling connection dropped stays in its
 *     room waiting for its client to resume the session (LiveKit's {@code reconnect=1}); 0: it leaves at once
 */
public record BridgeLimits(int maxRooms, int maxParticipantsPerRoom, int maxSignalMessageBytes,
        int maxRequestBodyBytes, int resumeWindowSeconds) {

    /** The default resume window: the 30 s outage a room device rides out. */
    public static final int DEFAULT_RESUME_WINDOW_SECONDS = 30;

    /** With the default resume window. */
    public BridgeLimits(int maxRooms, int maxParticipantsPerRoom, int maxSignalMessageBytes, int maxRequestBodyBytes) {
        this(maxRooms, maxParticipantsPerRoom, maxSignalMessageBytes, maxRequestBodyBytes, DEFAULT_RESUME_WINDOW_SECONDS);
    }

    /** Defaults: 100 rooms, 100 participants per room, 1 MiB signalling messages, 16 KiB bodies, 30 s resume window. */
    public static BridgeLimits defaults() {
        return new BridgeLimits(100, 100, 1024 * 1024, 16 * 1024, DEFAULT_RESUME_WINDOW_SECONDS);
    }

    /** @throws ConfigException naming the first limit out of range */
    public BridgeLimits validate() throws ConfigException {
        check("max-rooms", maxRooms, 1, 100_000);
        check("max-participants-per-room", maxParticipantsPerRoom, 1, 10_000);
        check("max-signal-message-bytes", maxSignalMessageBytes, 1024, 64 * 1024 * 1024);
        check("max-request-body-bytes", maxRequestBodyBytes, 256, 1024 * 1024);
        check("resume-window", resumeWindowSeconds, 0, 600);
        return this;
    }

    private static void check(String key, int value, int min, int max) throws ConfigException {
        if (value < min || value > max) {
            throw new ConfigException(key + " is " + value + "; allowed: " + min + " to " + max);
        }
    }
}

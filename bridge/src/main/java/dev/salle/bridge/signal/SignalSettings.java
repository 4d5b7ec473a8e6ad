package dev.salle.bridge.signal;

import dev.salle.bridge.config.BridgeLimits;
import java.time.Duration;

/**
 * The signalling's knobs. Immutable.
 *
 * @param pingInterval how often clients are told to ping (whole seconds)
 * @param pingTimeout how long a participant may stay silent before it is dropped as lost
 * @param maxParticipantsPerRoom participants one room admits at once
 * @param maxSignalMessageBytes largest binary message accepted from a client
 * @param maxTracksPerParticipant tracks one participant may publish
 * @param serverVersion the version reported in {@code server_info} (clients refuse an empty one)
 * @param resumeWindow how long a participant whose signalling connection dropped stays in its
 *     room (its media going on) waiting for its client to resume; zero: it leaves at once
 */
public record SignalSettings(Duration pingInterval, Duration pingTimeout, int maxParticipantsPerRoom,
        int maxSignalMessageBytes, int maxTracksPerParticipant, String serverVersion, Duration resumeWindow) {

    /**
     * How long a participant waits for its client to resume: the outage a room device rides out
     * (up to 30 s), and about what livekit-client's default reconnect policy keeps trying to resume.
     */
    public static final Duration DEFAULT_RESUME_WINDOW = Duration.ofSeconds(BridgeLimits.DEFAULT_RESUME_WINDOW_SECONDS);
    /** Longest resume window accepted. */
    public static final Duration MAX_RESUME_WINDOW = Duration.ofMinutes(10);

    /** With the default resume window. */
    public SignalSettings(Duration pingInterval, Duration pingTimeout, int maxParticipantsPerRoom,
            int maxSignalMessageBytes, int maxTracksPerParticipant, String serverVersion) {
        this(pingInterval, pingTimeout, maxParticipantsPerRoom, maxSignalMessageBytes, maxTracksPerParticipant,
                serverVersion, DEFAULT_RESUME_WINDOW);
    }

    /** LiveKit's keepalive defaults. */
    public static final Duration DEFAULT_PING_INTERVAL = Duration.ofSeconds(5);
    /** LiveKit's keepalive defaults. */
    public static final Duration DEFAULT_PING_TIMEOUT = Duration.ofSeconds(15);
    /** Tracks one participant may publish: camera, microphone, screen and its audio leave room to spare. */
    public static final int DEFAULT_MAX_TRACKS = 16;

    public SignalSettings {
        if (pingTimeout.compareTo(pingInterval) <= 0) {
            throw new IllegalArgumentException("pingTimeout " + pingTimeout + " must be longer than pingInterval "
                    + pingInterval + ", or clients are dropped between two pings");
        }
        if (maxParticipantsPerRoom < 1 || maxSignalMessageBytes < 1 || maxTracksPerParticipant < 1) {
            throw new IllegalArgumentException("limits must be at least 1: participants " + maxParticipantsPerRoom
                    + ", message bytes " + maxSignalMessageBytes + ", tracks " + maxTracksPerParticipant);
        }
        if (serverVersion == null || serverVersion.isBlank()) {
            throw new IllegalArgumentException("serverVersion must not be blank; LiveKit clients refuse it");
        }
        if (resumeWindow == null || resumeWindow.isNegative() || resumeWindow.compareTo(MAX_RESUME_WINDOW) > 0) {
            throw new IllegalArgumentException("resumeWindow is " + resumeWindow + "; allowed: 0 s (no resume) to "
                    + MAX_RESUME_WINDOW.toMinutes() + " min");
        }
    }


    /** The defaults, with the bridge's limits. */
    public static SignalSettings from(BridgeLimits limits) {
        return new SignalSettings(DEFAULT_PING_INTERVAL, DEFAULT_PING_TIMEOUT, limits.maxParticipantsPerRoom(),
                limits.maxSignalMessageBytes(), DEFAULT_MAX_TRACKS, defaultServerVersion(),
                Duration.ofSeconds(limits.resumeWindowSeconds()));
    }

    private static String defaultServerVersion() {
        String v = SignalSettings.class.getPackage().getImplementationVersion();
        return "salle-bridge " + (v == null ? "0.1.0" : v);
    }
}

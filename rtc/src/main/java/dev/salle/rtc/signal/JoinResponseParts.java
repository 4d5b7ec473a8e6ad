package dev.salle.rtc.signal;

import dev.salle.rtc.token.PublishSource;
import dev.salle.rtc.token.VerifiedToken;
import dev.salle.rtc.token.VideoGrant;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import livekit.LivekitModels.ParticipantInfo;
import livekit.LivekitModels.ParticipantPermission;
import livekit.LivekitModels.Room;
import livekit.LivekitModels.ServerInfo;
import livekit.LivekitModels.TrackSource;
import livekit.LivekitRtc.ICEServer;
import livekit.LivekitRtc.JoinResponse;

/**
 * Builds the pieces of the v0 {@link JoinResponse} the server sends first on a new signalling
 * connection: server info, room, the joining participant and its permission, ICE servers.
 * Immutable and thread-safe; times come from the injected clock.
 *
 * <p>v0 means two peer connections with the subscriber one primary: the server offers on it
 * right after the join, so {@code subscriber_primary} is always true here. LiveKit clients refuse
 * a server whose {@code server_info.version} is empty, so {@code serverVersion} is required.
 */
public final class JoinResponseParts {

    private final Clock clock;
    private final String serverVersion;
    private final String nodeId;
    private final String region;

    /**
     * @param serverVersion the version reported to clients, not blank
     * @param nodeId this node's id, {@code ""} if none
     * @param region this node's region, {@code ""} if none
     */
    public JoinResponseParts(Clock clock, String serverVersion, String nodeId, String region) {
        this.clock = Objects.requireNonNull(clock, "clock");
        if (serverVersion == null || serverVersion.isBlank()) {
            throw new IllegalArgumentException("serverVersion must not be blank: LiveKit clients refuse a server"
                    + " without a version; got '" + serverVersion + "'");
        }
        this.serverVersion = serverVersion;
        this.nodeId = Objects.requireNonNull(nodeId, "nodeId");
        this.region = Objects.requireNonNull(region, "region");
    }

    /** Who we are: standard edition, our version, protocol {@value RtcConnectParams#SERVER_PROTOCOL}. */
    public ServerInfo serverInfo() {
        return ServerInfo.newBuilder()
                .setEdition(ServerInfo.Edition.Standard)
                .setVersion(serverVersion)
                .setProtocol(RtcConnectParams.SERVER_PROTOCOL)
                .setNodeId(nodeId)
                .setRegion(region)
                .build();
    }

    /** A room as clients see it. */
    public Room room(String sid, String name, Instant createdAt, int numParticipants) {
        return Room.newBuilder()
                .setSid(sid)
                .setName(name)
                .setCreationTime(createdAt.getEpochSecond())
                .setCreationTimeMs(createdAt.toEpochMilli())
                .setNumParticipants(numParticipants)
                .build();
    }

    /** What the grant lets the participant do, in protocol terms; an empty source list means all. */
    public static ParticipantPermission permission(VideoGrant grant) {
        ParticipantPermission.Builder b = ParticipantPermission.newBuilder()
                .setCanSubscribe(grant.canSubscribe())
                .setCanPublish(grant.canPublish())
                .setCanPublishData(grant.canPublishData())
                .setHidden(grant.hidden());
        for (PublishSource s : grant.canPublishSources()) {
            b.addCanPublishSources(TrackSource.forNumber(s.trackSourceNumber()));
        }
        return b.build();
    }

    /** The participant who is joining now, in state JOINING, with no tracks yet. */
    public ParticipantInfo joiningParticipant(String sid, VerifiedToken token) {
        Instant now = clock.instant();
        return ParticipantInfo.newBuilder()
                .setSid(sid)
                .setIdentity(token.identity())
                .setName(token.name())
                .setMetadata(token.metadata())
                .putAllAttributes(token.attributes())
                .setState(ParticipantInfo.State.JOINING)
                .setJoinedAt(now.getEpochSecond())
                .setJoinedAtMs(now.toEpochMilli())
                .setKind(ParticipantInfo.Kind.STANDARD)
                .setPermission(permission(token.grant()))
                .setRegion(region)
                .build();
    }

    /** A STUN or TURN server for the client; {@code username}/{@code credential} may be empty. */
    public static ICEServer iceServer(List<String> urls, String username, String credential) {
        if (urls.isEmpty()) {
            throw new IllegalArgumentException("an ICE server needs at least one URL (stun:, turn: or turns:)");
        }
        return ICEServer.newBuilder().addAllUrls(urls).setUsername(username).setCredential(credential).build();
    }

    /**
     * The whole v0 join answer. It says {@code subscriber_primary: false}: the client's publisher
     * connection (which carries its data channels) is negotiated at once, by the client's offer,
     * and the bridge offers on the subscriber connection only when there is something to receive.
     *
     * @param pingInterval how often the client pings, whole seconds, at least 1 s
     * @param pingTimeout when the server gives up on a silent client, longer than the interval
     */
    public JoinResponse join(Room room, ParticipantInfo self, List<ParticipantInfo> others,
            List<ICEServer> iceServers, Duration pingInterval, Duration pingTimeout) {
        int interval = wholeSeconds("pingInterval", pingInterval);
        int timeout = wholeSeconds("pingTimeout", pingTimeout);
        if (timeout <= interval) {
            throw new IllegalArgumentException("pingTimeout (" + timeout + " s) must be longer than pingInterval ("
                    + interval + " s), or clients are dropped between two pings");
        }
        return JoinResponse.newBuilder()
                .setRoom(room)
                .setParticipant(self)
                .addAllOtherParticipants(others)
                .setServerVersion(serverVersion)
                .addAllIceServers(iceServers)
                .setSubscriberPrimary(false)
                .setServerRegion(region)
                .setPingInterval(interval)
                .setPingTimeout(timeout)
                .setServerInfo(serverInfo())
                .build();
    }

    private static int wholeSeconds(String name, Duration d) {
        if (d.isNegative() || d.isZero() || d.toNanosPart() != 0 || d.toMillisPart() != 0 || d.getSeconds() > 3600) {
            throw new IllegalArgumentException(name + " must be a whole number of seconds from 1 to 3600, got " + d);
        }
        return (int) d.getSeconds();
    }
}

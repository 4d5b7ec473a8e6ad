package dev.salle.device.meeting;

import dev.salle.rtc.client.SignalConnection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * What a meeting session shows of itself on the device page, {@code /api/state} and to tests: its
 * counts and the call's quality, from its connections as they are now (any of them may be absent).
 */
final class SessionReport {

    private SessionReport() {
    }

    /**
     * The session's figures; {@code joinMillis} is -1 until the first remote frame, {@code sid} empty
     * before the first JoinResponse.
     */
    static Map<String, Object> stats(long joinMillis, int reconnects, int resumes, String sid, SignalConnection signal,
            PublisherSide pub, SubscriberSide sub) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("joinMillis", joinMillis);
        s.put("reconnects", reconnects);
        s.put("resumes", resumes);
        s.put("participantSid", sid);
        s.put("remoteFramesDecoded", sub == null ? 0 : sub.framesDecoded());
        s.put("remoteSamplesDecoded", sub == null ? 0 : sub.samplesDecoded());
        s.put("keyFramesRequested", pub == null ? 0 : pub.keyFramesRequested());
        s.put("packetsResent", pub == null ? 0 : pub.packetsResent());
        s.put("videoBitrateKbps", pub == null ? 0 : pub.bitrateKbps());
        s.put("quality", qualityMap(signal, pub, sub));
        return s;
    }

    /**
     * The call's quality as telemetry and the device page carry it, with {@code mediaPath} (how the
     * media we send goes: {@code udp}, {@code tcp}, {@code turn-udp}, {@code turn-tcp},
     * {@code turn-tls}) once it flows.
     */
    static Map<String, Object> qualityMap(SignalConnection signal, PublisherSide pub, SubscriberSide sub) {
        Map<String, Object> q = new LinkedHashMap<>(quality(signal, pub, sub).toMap());
        if (pub != null) {
            pub.connection().selectedPath().ifPresent(path -> q.put("mediaPath", path));
        }
        return q;
    }

    /** The call's quality now: the signalling round trip, the server's reports on what we send, what we receive. */
    static CallQuality quality(SignalConnection sig, PublisherSide pub, SubscriberSide sub) {
        return new CallQuality(sig == null || sig.pongs() == 0 ? OptionalLong.empty() : OptionalLong.of(sig.rttMillis()),
                pub == null ? OptionalDouble.empty() : pub.sendLossPercent(),
                pub == null ? OptionalDouble.empty() : pub.sendJitterMs(),
                sub == null ? OptionalDouble.empty() : sub.receiveLossPercent());
    }

    /**
     * What a server's {@code LeaveRequest} means: empty when the session should reconnect (RECONNECT
     * or RESUME, can_reconnect, or a server shutting down, which may be restarting: an update, a
     * crash), else the sentence to end the call with.
     */
    static java.util.Optional<String> endOf(livekit.LivekitRtc.LeaveRequest leave) {
        boolean again = leave.getAction() == livekit.LivekitRtc.LeaveRequest.Action.RECONNECT
                || leave.getAction() == livekit.LivekitRtc.LeaveRequest.Action.RESUME
                || leave.getCanReconnect() || leave.getReason() == livekit.LivekitModels.DisconnectReason.SERVER_SHUTDOWN;
        if (again) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(switch (leave.getReason()) {
            case ROOM_DELETED, ROOM_CLOSED -> "The meeting has ended.";
            case PARTICIPANT_REMOVED -> "The host removed this room from the meeting.";
            case DUPLICATE_IDENTITY -> "This room joined the meeting from somewhere else.";
            default -> "The meeting server ended the call (" + leave.getReason() + ").";
        });
    }
}

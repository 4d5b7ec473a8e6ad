package dev.salle.device.meeting;

import dev.salle.rtc.client.SignalConnection;

/**
 * What the room's user asked of the published microphone and camera (muted, camera off) and the
 * track sids the server gave them. The server is told as each track is published, as the user
 * changes one (when there is a signalling connection), and again after a resume, since a change
 * made while away reached no server. The meeting session's thread only.
 */
final class TrackMutes {

    private boolean muted;
    private String microphoneSid = "";
    private boolean cameraOff;
    private String cameraSid = "";

    boolean microphoneMuted() {
        return muted;
    }

    /** The server published one of our tracks ({@code TrackPublishedResponse}); says it is muted if it is. */
    void published(String cid, String trackSid, SignalConnection signal) {
        if (PublisherSide.MICROPHONE_CID.equals(cid)) {
            microphoneSid = trackSid;
            if (muted) {
                signal.mute(microphoneSid, true);
            }
        } else if (PublisherSide.CAMERA_CID.equals(cid)) {
            cameraSid = trackSid;
            if (cameraOff) {
                signal.mute(cameraSid, true);
            }
        }
    }

    /** The user muted or unmuted; {@code signal} may be null (away: told after the resume). */
    void setMicrophoneMuted(boolean mute, SignalConnection signal) {
        muted = mute;
        if (signal != null && !microphoneSid.isEmpty()) {
            signal.mute(microphoneSid, mute);
        }
    }

    /** The user turned the camera off or on; {@code signal} may be null. */
    void setCameraOff(boolean off, SignalConnection signal) {
        cameraOff = off;
        if (signal != null && !cameraSid.isEmpty()) {
            signal.mute(cameraSid, off);
        }
    }

    /** Says where both stand now (after a resume). */
    void sendAll(SignalConnection signal) {
        if (!microphoneSid.isEmpty()) {
            signal.mute(microphoneSid, muted);
        }
        if (!cameraSid.isEmpty()) {
            signal.mute(cameraSid, cameraOff);
        }
    }
}

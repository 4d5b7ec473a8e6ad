package dev.salle.device.meeting;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import livekit.LivekitModels.ParticipantInfo;
import livekit.LivekitModels.SpeakerInfo;

/**
 * The other participants as the server describes them (JoinResponse, ParticipantUpdate) and who
 * speaks (SpeakersChanged), in join order. Names are what the tiles show: the participant's name,
 * else its identity.
 *
 * <p>Threading: confined to the session's thread.
 */
final class Roster {

    /** Names longer than this are cut: a tile has room for a line. */
    static final int MAX_NAME = 64;
    /** More participants than this are not tracked (the screen has far fewer tiles). */
    static final int MAX_PARTICIPANTS = 500;

    private final String localSid;
    private final Map<String, ParticipantInfo> bySid = new LinkedHashMap<>();
    private final List<String> speakers = new ArrayList<>();

    Roster(String localSid, List<ParticipantInfo> others) {
        this.localSid = localSid;
        others.forEach(this::update);
    }

    /** Applies one participant's new info; a DISCONNECTED state removes it. Returns true when something changed. */
    boolean update(ParticipantInfo p) {
        if (p.getSid().isEmpty() || p.getSid().equals(localSid)) {
            return false;
        }
        if (p.getState() == ParticipantInfo.State.DISCONNECTED) {
            speakers.remove(p.getSid());
            return bySid.remove(p.getSid()) != null;
        }
        if (!bySid.containsKey(p.getSid()) && bySid.size() >= MAX_PARTICIPANTS) {
            return false;
        }
        ParticipantInfo before = bySid.put(p.getSid(), p);
        return before == null || !before.getName().equals(p.getName()) || !before.getIdentity().equals(p.getIdentity());
    }

    /** Applies SpeakersChanged: active speakers first, loudest first. */
    void speakers(List<SpeakerInfo> changed) {
        for (SpeakerInfo s : changed) {
            speakers.remove(s.getSid());
        }
        List<SpeakerInfo> active = changed.stream().filter(SpeakerInfo::getActive)
                .sorted((a, b) -> Float.compare(b.getLevel(), a.getLevel())).toList();
        for (int i = active.size() - 1; i >= 0; i--) {
            speakers.add(0, active.get(i).getSid());
        }
    }

    /** The participant who spoke last among {@code candidates}, if any spoke. */
    Optional<String> loudest(List<String> candidates) {
        return speakers.stream().filter(candidates::contains).findFirst();
    }

    boolean contains(String sid) {
        return bySid.containsKey(sid);
    }

    /** The name a tile shows: plain text, at most {@link #MAX_NAME} characters, control characters removed. */
    String name(String sid) {
        ParticipantInfo p = bySid.get(sid);
        String name = p == null ? "" : !p.getName().isBlank() ? p.getName() : p.getIdentity();
        String clean = name.codePoints().filter(c -> !Character.isISOControl(c))
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString().strip();
        if (clean.codePointCount(0, clean.length()) > MAX_NAME) {
            clean = clean.substring(0, clean.offsetByCodePoints(0, MAX_NAME - 1)) + "…";
        }
        return clean.isEmpty() ? "Guest" : clean;
    }

    /** The identity of a participant, for captions that name who speaks; empty if unknown. */
    Optional<String> sidOfIdentity(String identity) {
        return bySid.values().stream().filter(p -> p.getIdentity().equals(identity)).map(ParticipantInfo::getSid)
                .findFirst();
    }

    int size() {
        return bySid.size();
    }
}

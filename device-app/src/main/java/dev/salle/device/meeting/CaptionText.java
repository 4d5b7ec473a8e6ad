package dev.salle.device.meeting;

import java.util.Optional;
import livekit.LivekitModels.DataPacket;
import livekit.LivekitModels.TranscriptionSegment;

/**
 * Reads live captions from a data channel message: a {@code DataPacket} holding a
 * {@code Transcription}. The caption is the speaker's name and the text of the last segment,
 * plain text, cut to {@link #MAX_CHARS}. Anything else (other packets, bytes that are not a
 * DataPacket) gives nothing. Stateless.
 */
final class CaptionText {

    static final int MAX_CHARS = 200;

    private CaptionText() {}

    /**
     * @param packet the whole message as received
     * @param nameOf the display name of a participant identity
     */
    static Optional<String> of(byte[] packet, java.util.function.Function<String, String> nameOf) {
        DataPacket p;
        try {
            p = DataPacket.parseFrom(packet);
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            return Optional.empty();
        }
        if (!p.hasTranscription() || p.getTranscription().getSegmentsCount() == 0) {
            return Optional.empty();
        }
        TranscriptionSegment last = p.getTranscription().getSegments(p.getTranscription().getSegmentsCount() - 1);
        String text = clean(last.getText());
        if (text.isEmpty()) {
            return Optional.empty();
        }
        String who = p.getTranscription().getTranscribedParticipantIdentity();
        if (who.isEmpty()) {
            who = p.getParticipantIdentity();
        }
        String line = (who.isEmpty() ? "" : nameOf.apply(who) + ": ") + text;
        return Optional.of(line.length() > MAX_CHARS ? line.substring(0, MAX_CHARS - 1) + "…" : line);
    }

    private static String clean(String s) {
        return s.codePoints().map(c -> Character.isISOControl(c) ? ' ' : c)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString().strip();
    }
}

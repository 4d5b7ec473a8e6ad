package dev.salle.device.meeting;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.salle.rtc.sdp.Candidate;
import java.util.Optional;

/** A candidate the server trickled: LiveKit sends the browser's {@code RTCIceCandidateInit} as JSON. */
final class TrickledCandidate {

    private static final ObjectMapper JSON = new ObjectMapper();

    private TrickledCandidate() {
    }

    /** The candidate in {@code candidateInit}; bad input gives nothing. */
    static Optional<Candidate> parse(String candidateInit) {
        try {
            JsonNode n = JSON.readTree(candidateInit);
            String c = n == null ? "" : n.path("candidate").asText("");
            if (c.startsWith("candidate:")) {
                c = c.substring("candidate:".length());
            }
            return c.isEmpty() ? Optional.empty() : Optional.of(Candidate.parse(c));
        } catch (java.io.IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}

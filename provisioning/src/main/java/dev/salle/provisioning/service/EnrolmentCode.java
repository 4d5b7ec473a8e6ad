package dev.salle.provisioning.service;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One issued enrolment code, as the service keeps it: never the code itself, only its SHA-256.
 *
 * @param id short public id (the first 12 hex digits of the hash), for listing and revoking
 * @param hashHex SHA-256 of the code's bytes, hex
 * @param site the site's name
 * @param room the room's name
 * @param meeting the room's meeting link, if any
 * @param createdAt when it was issued
 * @param expiresAt when it stops being valid
 * @param state issued, used or revoked
 * @param usedBy the device id it enrolled, once used
 * @param usedAt when it was used
 */
public record EnrolmentCode(String id, String hashHex, String site, String room, Optional<String> meeting,
                            Instant createdAt, Instant expiresAt, State state, Optional<String> usedBy,
                            Optional<Instant> usedAt) {

    /** A code's life: issued, then used once or revoked. */
    public enum State { ISSUED, USED, REVOKED }

    public EnrolmentCode {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(hashHex, "hashHex");
        Objects.requireNonNull(meeting, "meeting");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(usedBy, "usedBy");
        Objects.requireNonNull(usedAt, "usedAt");
    }

    EnrolmentCode used(String deviceId, Instant at) {
        return new EnrolmentCode(id, hashHex, site, room, meeting, createdAt, expiresAt, State.USED,
                Optional.of(deviceId), Optional.of(at));
    }

    EnrolmentCode revoked() {
        return new EnrolmentCode(id, hashHex, site, room, meeting, createdAt, expiresAt, State.REVOKED, usedBy, usedAt);
    }
}

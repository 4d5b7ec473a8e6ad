package dev.salle.provisioning.service;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A device the service enrolled.
 *
 * @param id the device id, also its certificate's CN and its MQTT user name
 * @param serialHex its certificate's serial number, hex (what a CRL lists)
 * @param site the site's name
 * @param room the room's name
 * @param meeting the room's meeting link from its code, if any
 * @param enrolledAt when it enrolled
 * @param codeId the code it used
 * @param revoked whether its certificate is revoked
 */
public record EnrolledDevice(String id, String serialHex, String site, String room, Optional<String> meeting,
                             Instant enrolledAt, String codeId, boolean revoked) {

    public EnrolledDevice {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(serialHex, "serialHex");
        Objects.requireNonNull(meeting, "meeting");
    }

    EnrolledDevice revokedNow() {
        return new EnrolledDevice(id, serialHex, site, room, meeting, enrolledAt, codeId, true);
    }
}

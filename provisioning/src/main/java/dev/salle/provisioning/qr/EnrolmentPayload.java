package dev.salle.provisioning.qr;

import java.net.URI;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;

/**
 * What an enrolment QR code tells a device. Immutable; validated on construction.
 *
 * @param enrolmentUrl where the device sends its CSR: {@code https://} only, at most 200 characters
 * @param code the single-use enrolment code, 16 to 32 random bytes; a secret, never shown by {@link #toString()}
 * @param caPin SHA-256 of the enrolment server's CA public key (32 bytes): the device trusts that
 *     server only
 * @param site the site's name, 1 to 80 characters
 * @param room the room's name, 1 to 80 characters
 * @param meeting the room's meeting link, if set, at most 200 characters
 * @param expiresAt when the code stops being valid, whole seconds
 */
public record EnrolmentPayload(URI enrolmentUrl, byte[] code, byte[] caPin, String site, String room,
        Optional<String> meeting, Instant expiresAt) {

    static final int MAX_URL = 200;
    static final int MAX_NAME = 80;

    public EnrolmentPayload {
        Objects.requireNonNull(enrolmentUrl, "enrolmentUrl");
        if (!"https".equals(enrolmentUrl.getScheme()) || enrolmentUrl.getHost() == null
                || enrolmentUrl.getRawUserInfo() != null || enrolmentUrl.toString().length() > MAX_URL) {
            throw new IllegalArgumentException("the enrolment URL must be https://host/…, without user info, at most "
                    + MAX_URL + " characters");
        }
        code = Objects.requireNonNull(code, "code").clone();
        if (code.length < 16 || code.length > 32) {
            throw new IllegalArgumentException("the enrolment code must be 16 to 32 random bytes (128 to 256 bits), got "
                    + code.length);
        }
        caPin = Objects.requireNonNull(caPin, "caPin").clone();
        if (caPin.length != 32) {
            throw new IllegalArgumentException("the CA pin must be a SHA-256 (32 bytes), got " + caPin.length);
        }
        site = name(site, "site");
        room = name(room, "room");
        meeting = Objects.requireNonNull(meeting, "meeting");
        meeting.filter(m -> m.isEmpty() || m.length() > MAX_URL).ifPresent(m -> {
            throw new IllegalArgumentException("the meeting link must be 1 to " + MAX_URL + " characters");
        });
        Objects.requireNonNull(expiresAt, "expiresAt");
        if (expiresAt.getNano() != 0 || expiresAt.getEpochSecond() < 0 || expiresAt.getEpochSecond() > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("the expiry must be whole seconds between 1970 and 2106, got " + expiresAt);
        }
    }

    private static String name(String value, String what) {
        if (value == null || value.isBlank() || value.length() > MAX_NAME || value.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException("the " + what + " name must be 1 to " + MAX_NAME
                    + " characters without control characters");
        }
        return value;
    }

    @Override
    public byte[] code() {
        return code.clone();
    }

    @Override
    public byte[] caPin() {
        return caPin.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EnrolmentPayload p && enrolmentUrl.equals(p.enrolmentUrl) && Arrays.equals(code, p.code)
                && Arrays.equals(caPin, p.caPin) && site.equals(p.site) && room.equals(p.room)
                && meeting.equals(p.meeting) && expiresAt.equals(p.expiresAt);
    }

    @Override
    public int hashCode() {
        return Objects.hash(enrolmentUrl, Arrays.hashCode(code), Arrays.hashCode(caPin), site, room, meeting, expiresAt);
    }

    @Override
    public String toString() {
        return "EnrolmentPayload[" + enrolmentUrl + ", code redacted, caPin " + HexFormat.of().formatHex(caPin, 0, 4)
                + "…, site " + site + ", room " + room + meeting.map(m -> ", meeting " + m).orElse("") + ", expires "
                + expiresAt + "]";
    }
}

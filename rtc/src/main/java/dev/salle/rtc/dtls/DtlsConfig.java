package dev.salle.rtc.dtls;

import dev.salle.rtc.srtp.SrtpProfile;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Settings for {@link DtlsEndpoint}. Immutable; validated on construction.
 *
 * @param handshakeTimeout how long a handshake may take in total before it fails with
 *     {@link DtlsException.Reason#HANDSHAKE_TIMEOUT}; default {@code 10s}
 * @param initialRetransmitTimeout first handshake retransmission timer, doubled on each resend
 *     (<a href="https://www.rfc-editor.org/rfc/rfc6347#section-4.2.4.1">RFC 6347 §4.2.4.1</a>);
 *     default {@code 1s}
 * @param srtpProfiles the SRTP profiles to offer or accept, most preferred first; default GCM
 *     then AES-CM
 */
public record DtlsConfig(Duration handshakeTimeout, Duration initialRetransmitTimeout,
        List<SrtpProfile> srtpProfiles) {

    /** Default total handshake bound. */
    public static final Duration DEFAULT_HANDSHAKE_TIMEOUT = Duration.ofSeconds(10);
    /** Default first retransmission timer (RFC 6347 recommends 1 s). */
    public static final Duration DEFAULT_INITIAL_RETRANSMIT_TIMEOUT = Duration.ofSeconds(1);
    /** Default profile preference: GCM first. */
    public static final List<SrtpProfile> DEFAULT_SRTP_PROFILES =
            List.of(SrtpProfile.AEAD_AES_128_GCM, SrtpProfile.AES_CM_128_HMAC_SHA1_80);

    /** Validates each setting; messages name the setting, the value and what is allowed. */
    public DtlsConfig {
        requireMillis("handshakeTimeout", handshakeTimeout, 10, Integer.MAX_VALUE);
        requireMillis("initialRetransmitTimeout", initialRetransmitTimeout, 10, 60_000);
        Objects.requireNonNull(srtpProfiles, "srtpProfiles");
        if (srtpProfiles.isEmpty()) {
            throw new IllegalArgumentException("dtls srtpProfiles is empty; list at least one of "
                    + List.of(SrtpProfile.values()));
        }
        srtpProfiles = List.copyOf(srtpProfiles);
        if (srtpProfiles.stream().distinct().count() != srtpProfiles.size()) {
            throw new IllegalArgumentException("dtls srtpProfiles " + srtpProfiles
                    + " lists a profile twice; list each at most once");
        }
    }

    /** The defaults: 10 s handshake bound, 1 s first retransmission, GCM preferred. */
    public static DtlsConfig defaults() {
        return new DtlsConfig(DEFAULT_HANDSHAKE_TIMEOUT, DEFAULT_INITIAL_RETRANSMIT_TIMEOUT,
                DEFAULT_SRTP_PROFILES);
    }

    /** A copy with another handshake bound. */
    public DtlsConfig withHandshakeTimeout(Duration timeout) {
        return new DtlsConfig(timeout, initialRetransmitTimeout, srtpProfiles);
    }

    /** A copy with another first retransmission timer. */
    public DtlsConfig withInitialRetransmitTimeout(Duration timeout) {
        return new DtlsConfig(handshakeTimeout, timeout, srtpProfiles);
    }

    /** A copy with another profile preference list. */
    public DtlsConfig withSrtpProfiles(List<SrtpProfile> profiles) {
        return new DtlsConfig(handshakeTimeout, initialRetransmitTimeout, profiles);
    }

    private static void requireMillis(String key, Duration value, long min, long max) {
        if (value == null || value.toMillis() < min || value.toMillis() > max) {
            throw new IllegalArgumentException("dtls " + key + " = " + value
                    + " is out of range; allowed " + min + " ms to " + max + " ms");
        }
    }
}

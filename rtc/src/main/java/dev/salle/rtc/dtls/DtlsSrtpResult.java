package dev.salle.rtc.dtls;

import dev.salle.rtc.srtp.SrtpProfile;

import java.util.Objects;

/**
 * What DTLS-SRTP hands to the SRTP layer: the profile chosen in {@code use_srtp} and the keying
 * material exported with the label {@code EXTRACTOR-dtls_srtp}
 * (<a href="https://www.rfc-editor.org/rfc/rfc5764#section-4.2">RFC 5764 §4.2</a>), laid out as
 * client write key, server write key, client write salt, server write salt. {@code role} says
 * which half is ours: the client protects with the client key and salt.
 *
 * @param profile the negotiated SRTP protection profile
 * @param keyingMaterial exactly {@code profile.keyingMaterialLength()} bytes; a secret, never log it
 * @param peerFingerprint the SHA-256 fingerprint of the certificate the peer presented
 * @param role the role this endpoint played in the handshake
 */
public record DtlsSrtpResult(SrtpProfile profile, byte[] keyingMaterial,
        CertificateFingerprint peerFingerprint, DtlsRole role) {

    /** Checks that the keying material has the profile's length and copies it. */
    public DtlsSrtpResult {
        Objects.requireNonNull(profile, "profile");
        Objects.requireNonNull(keyingMaterial, "keyingMaterial");
        Objects.requireNonNull(peerFingerprint, "peerFingerprint");
        Objects.requireNonNull(role, "role");
        if (keyingMaterial.length != profile.keyingMaterialLength()) {
            throw new IllegalArgumentException("DTLS-SRTP keying material is " + keyingMaterial.length
                    + " bytes but profile " + profile + " needs " + profile.keyingMaterialLength());
        }
        keyingMaterial = keyingMaterial.clone();
    }

    /** The two-byte {@code use_srtp} identifier of the profile (0x0001, 0x0007). */
    public int profileId() {
        return profile.id();
    }

    /** A copy of the keying material. */
    @Override
    public byte[] keyingMaterial() {
        return keyingMaterial.clone();
    }

    /** Leaves the keying material out so that the result can be logged. */
    @Override
    public String toString() {
        return "DtlsSrtpResult[profile=" + profile + ", keyingMaterial=<" + keyingMaterial.length
                + " bytes>, peerFingerprint=" + peerFingerprint + ", role=" + role + "]";
    }
}

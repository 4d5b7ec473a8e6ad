package dev.salle.rtc.dtls;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * A certificate fingerprint as SDP carries it in {@code a=fingerprint}: a hash function name and
 * the hash of the DER-encoded certificate, written as upper-case hex pairs separated by colons
 * (<a href="https://www.rfc-editor.org/rfc/rfc8122#section-5">RFC 8122 §5</a>), for example
 * {@code sha-256 AB:CD:...}.
 *
 * <p>Immutable and thread-safe. {@link #matches(byte[])} compares in constant time.
 */
public final class CertificateFingerprint {

    private static final Map<String, String> JCA_NAMES = Map.of(
            "sha-1", "SHA-1",
            "sha-224", "SHA-224",
            "sha-256", "SHA-256",
            "sha-384", "SHA-384",
            "sha-512", "SHA-512");

    private static final Map<String, Integer> HASH_LENGTHS = Map.of(
            "sha-1", 20, "sha-224", 28, "sha-256", 32, "sha-384", 48, "sha-512", 64);

    private final String algorithm;
    private final byte[] hash;

    private CertificateFingerprint(String algorithm, byte[] hash) {
        this.algorithm = algorithm;
        this.hash = hash;
    }

    /** The SHA-256 fingerprint of a DER-encoded certificate. */
    public static CertificateFingerprint sha256Of(byte[] derCertificate) {
        return of("sha-256", derCertificate);
    }

    /**
     * The fingerprint of a DER-encoded certificate with the named hash function.
     *
     * @throws IllegalArgumentException if the hash function is not one of sha-1, sha-224,
     *     sha-256, sha-384, sha-512
     */
    public static CertificateFingerprint of(String algorithm, byte[] derCertificate) {
        String name = normaliseAlgorithm(algorithm);
        Objects.requireNonNull(derCertificate, "derCertificate");
        return new CertificateFingerprint(name, digest(name, derCertificate));
    }

    /**
     * Parses the value of an {@code a=fingerprint} attribute, e.g. {@code sha-256 AB:CD:...}.
     * Hex digits of either case are accepted (RFC 8122 §5 asks senders for upper case).
     *
     * @throws IllegalArgumentException naming the bad value and the expected form
     */
    public static CertificateFingerprint parse(String sdpValue) {
        Objects.requireNonNull(sdpValue, "sdpValue");
        String trimmed = sdpValue.strip();
        int space = trimmed.indexOf(' ');
        if (space <= 0) {
            throw new IllegalArgumentException("SDP fingerprint '" + sdpValue
                    + "' has no hash function; expected '<hash-func> XX:XX:...', e.g. 'sha-256 AB:CD:...'");
        }
        String name = normaliseAlgorithm(trimmed.substring(0, space));
        String hex = trimmed.substring(space + 1).strip();
        int expectedLength = HASH_LENGTHS.get(name);
        if (hex.length() != expectedLength * 3 - 1) {
            throw new IllegalArgumentException("SDP fingerprint '" + sdpValue + "' has a " + name
                    + " hash of the wrong length; expected " + expectedLength
                    + " colon-separated hex pairs");
        }
        byte[] hash = new byte[expectedLength];
        for (int i = 0; i < expectedLength; i++) {
            int at = i * 3;
            if (i > 0 && hex.charAt(at - 1) != ':') {
                throw new IllegalArgumentException("SDP fingerprint '" + sdpValue
                        + "' has no ':' before hex pair " + (i + 1) + "; expected 'XX:XX:...'");
            }
            int high = Character.digit(hex.charAt(at), 16);
            int low = Character.digit(hex.charAt(at + 1), 16);
            if (high < 0 || low < 0) {
                throw new IllegalArgumentException("SDP fingerprint '" + sdpValue
                        + "' has a non-hex character in pair " + (i + 1) + " ('"
                        + hex.substring(at, at + 2) + "')");
            }
            hash[i] = (byte) (high << 4 | low);
        }
        return new CertificateFingerprint(name, hash);
    }

    /** The hash function name in lower case, as SDP writes it ({@code sha-256}). */
    public String algorithm() {
        return algorithm;
    }

    /** A copy of the hash bytes. */
    public byte[] hash() {
        return hash.clone();
    }

    /**
     * Whether a DER-encoded certificate hashes to this fingerprint, compared in constant time
     * with respect to the hash bytes.
     */
    public boolean matches(byte[] derCertificate) {
        Objects.requireNonNull(derCertificate, "derCertificate");
        return MessageDigest.isEqual(hash, digest(algorithm, derCertificate));
    }

    /** The attribute value for SDP: {@code sha-256 AB:CD:...}. */
    public String toSdpValue() {
        return algorithm + " " + HexFormat.ofDelimiter(":").withUpperCase().formatHex(hash);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof CertificateFingerprint that
                && algorithm.equals(that.algorithm)
                && MessageDigest.isEqual(hash, that.hash);
    }

    @Override
    public int hashCode() {
        return algorithm.hashCode() * 31 + java.util.Arrays.hashCode(hash);
    }

    @Override
    public String toString() {
        return toSdpValue();
    }

    private static String normaliseAlgorithm(String algorithm) {
        Objects.requireNonNull(algorithm, "algorithm");
        String name = algorithm.strip().toLowerCase(Locale.ROOT);
        if (!JCA_NAMES.containsKey(name)) {
            throw new IllegalArgumentException("SDP fingerprint hash function '" + algorithm
                    + "' is not supported; use one of sha-1, sha-224, sha-256, sha-384, sha-512"
                    + " (RFC 8122 §5)");
        }
        return name;
    }

    private static byte[] digest(String name, byte[] data) {
        try {
            return MessageDigest.getInstance(JCA_NAMES.get(name)).digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("The JDK has no " + name
                    + " MessageDigest; every Java SE runtime must provide it", e);
        }
    }
}

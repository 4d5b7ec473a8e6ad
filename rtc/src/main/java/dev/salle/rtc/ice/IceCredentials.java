package dev.salle.rtc.ice;

import java.nio.charset.StandardCharsets;
import java.util.random.RandomGenerator;

/**
 * One side's ICE username fragment and password (RFC 8445 §5.3; RFC 8839 §5.4 for the syntax:
 * ice-chars are letters, digits, '+' and '/'; ufrag 4-256 chars, pwd 22-256 chars).
 */
public record IceCredentials(String ufrag, String pwd) {

    private static final String ICE_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

    public IceCredentials {
        check("ufrag", ufrag, 4);
        check("pwd", pwd, 22);
    }

    /** Fresh credentials: an 8-character ufrag and a 24-character password. */
    public static IceCredentials random(RandomGenerator random) {
        return new IceCredentials(randomChars(random, 8), randomChars(random, 24));
    }

    /** The short-term credential key for MESSAGE-INTEGRITY (RFC 8489 §9.2.2): the password's bytes. */
    public byte[] integrityKey() {
        return pwd.getBytes(StandardCharsets.UTF_8);
    }

    private static String randomChars(RandomGenerator random, int n) {
        StringBuilder s = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            s.append(ICE_CHARS.charAt(random.nextInt(ICE_CHARS.length())));
        }
        return s.toString();
    }

    private static void check(String what, String value, int min) {
        if (value == null || value.length() < min || value.length() > 256) {
            throw new IllegalArgumentException("ICE " + what + " must be " + min + " to 256 characters, got "
                    + (value == null ? "none" : value.length()));
        }
        for (int i = 0; i < value.length(); i++) {
            if (ICE_CHARS.indexOf(value.charAt(i)) < 0) {
                throw new IllegalArgumentException("ICE " + what + " has a character outside letters, digits, '+' and '/' at index " + i);
            }
        }
    }

    @Override
    public String toString() {
        return "IceCredentials[ufrag=" + ufrag + ", pwd=(hidden)]";
    }
}

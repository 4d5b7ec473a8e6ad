package dev.salle.rtc.rtp;

final class Bytes {

    private Bytes() {
    }

    static byte[] hex(String s) {
        String digits = s.replaceAll("[^0-9a-fA-F]", "");
        byte[] out = new byte[digits.length() / 2];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) Integer.parseInt(digits.substring(2 * i, 2 * i + 2), 16);
        }
        return out;
    }
}

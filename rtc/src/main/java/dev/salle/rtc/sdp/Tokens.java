package dev.salle.rtc.sdp;

import java.util.ArrayList;
import java.util.List;

/** Splitting and number checks shared by the attribute parsers. */
final class Tokens {
  private Tokens() {}

  /** Splits on runs of spaces (tolerating the double spaces some stacks emit). */
  static List<String> split(String s) {
    List<String> out = new ArrayList<>();
    for (String t : s.trim().split(" +")) {
      if (!t.isEmpty()) {
        out.add(t);
      }
    }
    return out;
  }

  static void requireDigits(String s, String what) {
    if (s.isEmpty() || s.length() > 20 || !s.chars().allMatch(c -> c >= '0' && c <= '9')) {
      throw new IllegalArgumentException(what + " '" + s + "' is not a decimal number");
    }
  }

  static int parseInt(String s, int min, int max, String what) {
    if (s.isEmpty() || s.length() > 10 || !s.chars().allMatch(c -> c >= '0' && c <= '9')) {
      throw new IllegalArgumentException(
          what + " '" + s + "' is not a number; expected " + min + ".." + max);
    }
    long v = Long.parseLong(s);
    if (v < min || v > max) {
      throw new IllegalArgumentException(
          what + " " + s + " is out of range; expected " + min + ".." + max);
    }
    return (int) v;
  }

  static long parseLong(String s, long min, long max, String what) {
    if (s.isEmpty() || s.length() > 19 || !s.chars().allMatch(c -> c >= '0' && c <= '9')) {
      throw new IllegalArgumentException(
          what + " '" + s + "' is not a number; expected " + min + ".." + max);
    }
    long v = Long.parseLong(s);
    if (v < min || v > max) {
      throw new IllegalArgumentException(
          what + " " + s + " is out of range; expected " + min + ".." + max);
    }
    return v;
  }
}

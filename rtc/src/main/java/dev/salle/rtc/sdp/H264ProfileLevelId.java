package dev.salle.rtc.sdp;

import java.util.HexFormat;
import java.util.Locale;

/**
 * The H.264 {@code profile-level-id} fmtp parameter (<a
 * href="https://www.rfc-editor.org/rfc/rfc6184#section-8.1">RFC 6184 §8.1</a>): three bytes,
 * {@code profile_idc}, {@code profile-iop} (the constraint_set flags) and {@code level_idc}.
 * Two offers name the same codec when their {@link #profile()} is equal; the level is a ceiling
 * and does not need to match.
 */
public record H264ProfileLevelId(int profileIdc, int profileIop, int levelIdc) {

  /** H.264 profiles WebRTC distinguishes (the table in RFC 6184 §8.1 and Annex A). */
  public enum Profile {
    CONSTRAINED_BASELINE,
    BASELINE,
    MAIN,
    EXTENDED,
    HIGH,
    CONSTRAINED_HIGH,
    OTHER
  }

  /** Constrained Baseline, level 3.1: what browsers and the Pi encoder agree on. */
  public static final H264ProfileLevelId CONSTRAINED_BASELINE_3_1 =
      new H264ProfileLevelId(0x42, 0xe0, 0x1f);

  public static H264ProfileLevelId parse(String hex) {
    String h = hex.trim();
    if (h.length() != 6 || !HexFormat.isHexDigit(h.charAt(0))) {
      throw new IllegalArgumentException(
          "profile-level-id '" + hex + "' is not 6 hex digits such as 42e01f");
    }
    byte[] b;
    try {
      b = HexFormat.of().parseHex(h);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "profile-level-id '" + hex + "' is not 6 hex digits such as 42e01f", e);
    }
    return new H264ProfileLevelId(b[0] & 0xff, b[1] & 0xff, b[2] & 0xff);
  }

  private boolean constraintSet(int n) {
    return (profileIop & (0x80 >> n)) != 0;
  }

  /** The profile this triple denotes, following the constraint-flag rules of Annex A. */
  public Profile profile() {
    return switch (profileIdc) {
      case 0x42 -> constraintSet(1) ? Profile.CONSTRAINED_BASELINE : Profile.BASELINE;
      case 0x4d -> constraintSet(0) ? Profile.CONSTRAINED_BASELINE : Profile.MAIN;
      case 0x58 -> constraintSet(0) && constraintSet(1) ? Profile.CONSTRAINED_BASELINE
          : constraintSet(0) ? Profile.BASELINE : Profile.EXTENDED;
      case 0x64 -> constraintSet(4) && constraintSet(5)
          ? Profile.CONSTRAINED_HIGH : Profile.HIGH;
      default -> Profile.OTHER;
    };
  }

  /** Level as written in the standard, e.g. {@code 3.1}; {@code 1b} for the special case. */
  public String level() {
    if (levelIdc == 11 && constraintSet(3) && profileIdc != 0x64) {
      return "1b";
    }
    return (levelIdc / 10) + "." + (levelIdc % 10);
  }

  /** True when both name the same profile (levels may differ, RFC 6184 §8.2.2). */
  public boolean sameProfileAs(H264ProfileLevelId other) {
    Profile p = profile();
    return p == other.profile() && (p != Profile.OTHER || profileIdc == other.profileIdc);
  }

  public String toHex() {
    return String.format(Locale.ROOT, "%02x%02x%02x", profileIdc, profileIop, levelIdc);
  }
}

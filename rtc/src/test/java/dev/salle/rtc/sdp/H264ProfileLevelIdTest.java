package dev.salle.rtc.sdp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.salle.rtc.sdp.H264ProfileLevelId.Profile;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class H264ProfileLevelIdTest {

  @Test
  void constrainedBaselineLevel31SplitsIntoItsThreeBytes() {
    H264ProfileLevelId id = H264ProfileLevelId.parse("42e01f");

    assertThat(id.profileIdc()).isEqualTo(0x42);
    assertThat(id.profileIop()).isEqualTo(0xe0);
    assertThat(id.levelIdc()).isEqualTo(31);
    assertThat(id.level()).isEqualTo("3.1");
    assertThat(id.profile()).isEqualTo(Profile.CONSTRAINED_BASELINE);
    assertThat(id.toHex()).isEqualTo("42e01f");
  }

  @ParameterizedTest
  @CsvSource({
      "42e01f, CONSTRAINED_BASELINE",
      "42c02a, CONSTRAINED_BASELINE",
      "42001f, BASELINE",
      "4d001f, MAIN",
      "4d8028, CONSTRAINED_BASELINE",
      "58a01e, BASELINE",
      "580028, EXTENDED",
      "640c1f, CONSTRAINED_HIGH",
      "640032, HIGH",
      "f4001f, OTHER"})
  void profileFollowsTheConstraintFlags(String hex, Profile expected) {
    assertThat(H264ProfileLevelId.parse(hex).profile()).isEqualTo(expected);
  }

  @Test
  void upperCaseHexIsAccepted() {
    assertThat(H264ProfileLevelId.parse("42E01F")).isEqualTo(H264ProfileLevelId.CONSTRAINED_BASELINE_3_1);
  }

  @Test
  void level1bIsRecognisedFromConstraintSet3() {
    assertThat(H264ProfileLevelId.parse("42f00b").level()).isEqualTo("1b");
  }

  @Test
  void sameProfileIgnoresLevelButNotProfile() {
    H264ProfileLevelId cb31 = H264ProfileLevelId.parse("42e01f");

    assertThat(cb31.sameProfileAs(H264ProfileLevelId.parse("42e034"))).isTrue();
    assertThat(cb31.sameProfileAs(H264ProfileLevelId.parse("42001f"))).isFalse();
  }

  @Test
  void malformedProfileLevelIdIsRejectedWithTheValue() {
    assertThatThrownBy(() -> H264ProfileLevelId.parse("42e0"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'42e0'");
    assertThatThrownBy(() -> H264ProfileLevelId.parse("zz001f"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("6 hex digits");
  }
}

package dev.salle.rtc.rtp;

import static dev.salle.rtc.rtp.Bytes.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class AudioLevelTest {

    private final RtpPacket packet = new RtpPacket();
    private final RtpHeaderExtensionCursor cursor = new RtpHeaderExtensionCursor();

    @Test
    void voiceFlagAndLevelAreReadFromTheOneByteElement() throws RtpFormatException {
        // id 1 = audio level: V=1, level 42 -dBov
        byte[] buf = hex("90 6f 00 01 00 00 00 10 00 00 00 20 be de 00 01 10 aa 00 00");
        packet.wrap(buf, 0, buf.length);

        int value = AudioLevel.find(packet, 1, cursor);

        assertThat(AudioLevel.voiceActivity(value)).isTrue();
        assertThat(AudioLevel.levelDbov(value)).isEqualTo(42);
    }

    @Test
    void silenceWithoutVoiceIsLevel127() throws RtpFormatException {
        byte[] buf = hex("90 6f 00 01 00 00 00 10 00 00 00 20 be de 00 01 30 7f 00 00");
        packet.wrap(buf, 0, buf.length);

        int value = AudioLevel.find(packet, 3, cursor);

        assertThat(AudioLevel.voiceActivity(value)).isFalse();
        assertThat(AudioLevel.levelDbov(value)).isEqualTo(AudioLevel.SILENCE_DBOV);
    }

    @Test
    void missingElementReadsAsMinusOne() throws RtpFormatException {
        byte[] buf = hex("80 6f 00 01 00 00 00 10 00 00 00 20");
        packet.wrap(buf, 0, buf.length);
        assertThat(AudioLevel.find(packet, 1, cursor)).isEqualTo(-1);
    }

    @Test
    void emptyTwoByteElementIsRejected() throws RtpFormatException {
        byte[] buf = hex("90 6f 00 01 00 00 00 10 00 00 00 20 10 00 00 01 01 00 00 00");
        packet.wrap(buf, 0, buf.length);
        assertThatThrownBy(() -> AudioLevel.find(packet, 1, cursor)).isInstanceOf(RtpFormatException.class)
            .hasMessageContaining("0 bytes");
    }

    @Test
    void encodeRoundTripsAndRejectsOutOfRangeLevels() {
        byte b = AudioLevel.encode(true, 30);
        assertThat(AudioLevel.voiceActivity(b)).isTrue();
        assertThat(AudioLevel.levelDbov(b)).isEqualTo(30);
        assertThatThrownBy(() -> AudioLevel.encode(false, 128)).isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("128");
    }
}

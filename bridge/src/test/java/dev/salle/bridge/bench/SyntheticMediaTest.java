package dev.salle.bridge.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.salle.bridge.sfu.VideoCodec;
import dev.salle.rtc.rtp.RtpPacket;
import java.util.List;
import org.junit.jupiter.api.Test;

class SyntheticMediaTest {

    @Test
    void keyFrameStartsWithAPacketTheBridgeRecognisesAsAKeyFrame() throws Exception {
        List<byte[]> frame = SyntheticMedia.vp8Frame(0x1234, 65_534, 90_000, 300, true);

        assertThat(isKeyFrame(frame.get(0))).isTrue();
        assertThat(isKeyFrame(frame.get(1))).as("a continuation packet").isFalse();
    }

    @Test
    void deltaFrameIsNotAKeyFrame() throws Exception {
        List<byte[]> frame = SyntheticMedia.vp8Frame(0x1234, 1, 90_000, 301, false);

        assertThat(isKeyFrame(frame.get(0))).isFalse();
    }

    @Test
    void framesHaveThePlannedSizeSequenceNumbersAndMarkerOnTheLastPacketOnly() throws Exception {
        List<byte[]> frame = SyntheticMedia.vp8Frame(0x1234, 65_535, 1000, 5, false);

        assertThat(frame).hasSize(3);
        assertThat(frame).allSatisfy(p -> assertThat(p.length).isLessThanOrEqualTo(12 + SyntheticMedia.MAX_PAYLOAD_BYTES));
        RtpPacket first = new RtpPacket().wrap(frame.get(0), 0, frame.get(0).length);
        RtpPacket last = new RtpPacket().wrap(frame.get(2), 0, frame.get(2).length);
        assertThat(first.sequenceNumber()).isEqualTo(65_535);
        assertThat(last.sequenceNumber()).isEqualTo(1);
        assertThat(first.marker()).isFalse();
        assertThat(last.marker()).isTrue();
        assertThat(frame.stream().mapToInt(p -> p.length - 12 - 4).sum()).isEqualTo(SyntheticMedia.DELTA_FRAME_BYTES);
    }

    @Test
    void sendTimeRoundTripsThroughThePayloadEnd() {
        byte[] audio = SyntheticMedia.opus(7, 1, 960);

        SyntheticMedia.stampSendTime(audio, 123_456_789_012L);

        assertThat(SyntheticMedia.sendTime(audio, audio.length)).isEqualTo(123_456_789_012L);
        assertThat(SyntheticMedia.sendTime(audio, 12)).as("too short to carry one").isEqualTo(-1);
    }

    private static boolean isKeyFrame(byte[] rtp) throws Exception {
        RtpPacket p = new RtpPacket().wrap(rtp, 0, rtp.length);
        return VideoCodec.VP8.isKeyFrame(rtp, p.payloadOffset(), p.payloadLength());
    }
}

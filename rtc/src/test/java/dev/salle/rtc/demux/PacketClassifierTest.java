package dev.salle.rtc.demux;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PacketClassifierTest {

    private static PacketKind classifyFirstBytes(int first, int second) {
        return PacketClassifier.classify(new byte[] {(byte) first, (byte) second, 0, 0});
    }

    @ParameterizedTest(name = "first byte {0} is {1}")
    @CsvSource({
        "0, STUN", "1, STUN", "3, STUN",
        "4, UNKNOWN", "19, UNKNOWN",
        "20, DTLS", "22, DTLS", "63, DTLS",
        "64, TURN_CHANNEL", "79, TURN_CHANNEL",
        "80, UNKNOWN", "127, UNKNOWN",
        "128, RTP", "144, RTP", "191, RTP",
        "192, UNKNOWN", "255, UNKNOWN"
    })
    void firstByteRangesFollowRfc7983(int first, PacketKind expected) {
        assertThat(classifyFirstBytes(first, 96)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "packet type {0} is {1}")
    @CsvSource({"191, RTP", "192, RTCP", "200, RTCP", "201, RTCP", "205, RTCP", "206, RTCP",
        "223, RTCP", "224, RTP", "96, RTP", "224, RTP", "0, RTP"})
    void secondByteSplitsRtpFromRtcpPerRfc5761(int second, PacketKind expected) {
        assertThat(classifyFirstBytes(0x80, second)).isEqualTo(expected);
    }

    @Test
    void markerBitSetOnPayloadType96IsStillRtp() {
        assertThat(classifyFirstBytes(0x80, 0x80 | 96)).isEqualTo(PacketKind.RTP);
    }

    @Test
    void emptyNullAndOutOfRangeInputIsUnknown() {
        byte[] buf = {0x00, 0x01};
        assertThat(PacketClassifier.classify(new byte[0])).isEqualTo(PacketKind.UNKNOWN);
        assertThat(PacketClassifier.classify(null)).isEqualTo(PacketKind.UNKNOWN);
        assertThat(PacketClassifier.classify(buf, 1, 5)).isEqualTo(PacketKind.UNKNOWN);
        assertThat(PacketClassifier.classify(buf, -1, 1)).isEqualTo(PacketKind.UNKNOWN);
        assertThat(PacketClassifier.classify(buf, 2, 0)).isEqualTo(PacketKind.UNKNOWN);
    }

    @Test
    void rtpFirstByteWithoutSecondByteIsUnknown() {
        assertThat(PacketClassifier.classify(new byte[] {(byte) 0x80})).isEqualTo(PacketKind.UNKNOWN);
    }

    @Test
    void offsetIsHonoured() {
        byte[] buf = {(byte) 0xFF, (byte) 0x80, (byte) 200};
        assertThat(PacketClassifier.classify(buf, 1, 2)).isEqualTo(PacketKind.RTCP);
    }

    @Test
    void unknownDatagramsAreCountedByReason() {
        DropCounters<DemuxDropReason> drops = new DropCounters<>(DemuxDropReason.class);

        PacketClassifier.classify(new byte[0], 0, 0, drops);
        PacketClassifier.classify(new byte[] {(byte) 0xC0, 0}, 0, 2, drops);
        PacketClassifier.classify(new byte[] {(byte) 100}, 0, 1, drops);
        PacketKind rtp = PacketClassifier.classify(new byte[] {(byte) 0x80, 96}, 0, 2, drops);

        assertThat(rtp).isEqualTo(PacketKind.RTP);
        assertThat(drops.count(DemuxDropReason.EMPTY)).isEqualTo(1);
        assertThat(drops.count(DemuxDropReason.UNKNOWN_FIRST_BYTE)).isEqualTo(2);
        assertThat(drops.total()).isEqualTo(3);
    }
}

package dev.salle.media.rtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class RtpParsingTest {

    private static final byte[] HEADER = {(byte) 0x80, (byte) 0xE0, 0x01, 0x02, 0, 0, 0x0B, (byte) 0xB8, 0x11, 0x22, 0x33, 0x44};

    @Test
    void fixedHeaderFieldsAreRead() {
        RtpPacket packet = RtpPacket.parse(concat(HEADER, new byte[] {0x65, 0x01}));

        assertThat(packet.version()).isEqualTo(2);
        assertThat(packet.marker()).isTrue();
        assertThat(packet.payloadType()).isEqualTo(96);
        assertThat(packet.sequenceNumber()).isEqualTo(0x0102);
        assertThat(packet.timestamp()).isEqualTo(3000);
        assertThat(packet.ssrc()).isEqualTo(0x11223344L);
        assertThat(packet.payload()).containsExactly(0x65, 0x01);
    }

    @Test
    void truncatedRtpPacketsAreRejected() {
        assertThatThrownBy(() -> RtpPacket.parse(new byte[] {(byte) 0x80, 96, 0}))
                .hasMessageContaining("shorter than the 12-byte header");
        byte[] claimsTwoCsrcs = HEADER.clone();
        claimsTwoCsrcs[0] = (byte) 0x82;
        assertThatThrownBy(() -> RtpPacket.parse(claimsTwoCsrcs)).hasMessageContaining("truncated");
        byte[] version1 = HEADER.clone();
        version1[0] = 0x40;
        assertThatThrownBy(() -> RtpPacket.parse(version1)).hasMessageContaining("version is 1");
    }

    @Test
    void fuAFragmentsAreReassembledWithTheOriginalNalHeader() {
        H264Depayloader depayloader = new H264Depayloader();

        List<byte[]> first = depayloader.push(new byte[] {0x7C, (byte) 0x85, 1, 2});
        List<byte[]> last = depayloader.push(new byte[] {0x7C, 0x45, 3});

        assertThat(first).isEmpty();
        assertThat(last).singleElement().satisfies(nal -> {
            assertThat(nal).containsExactly(0x65, 1, 2, 3);
            assertThat(H264Depayloader.nalType(nal)).isEqualTo(5);
        });
    }

    @Test
    void stapAIsSplitIntoItsUnits() {
        List<byte[]> units = new H264Depayloader().push(new byte[] {0x18, 0, 2, 0x67, 1, 0, 1, 0x68});

        assertThat(units).hasSize(2);
        assertThat(H264Depayloader.nalType(units.get(0))).isEqualTo(7);
        assertThat(H264Depayloader.nalType(units.get(1))).isEqualTo(8);
    }

    @Test
    void truncatedH264PayloadsAreRejected() {
        H264Depayloader depayloader = new H264Depayloader();

        assertThatThrownBy(() -> depayloader.push(new byte[] {0x18, 0, 9, 0x67})).hasMessageContaining("does not fit");
        assertThatThrownBy(() -> depayloader.push(new byte[] {0x7C, (byte) 0x85})).hasMessageContaining("FU-A payload of 2 bytes");
        assertThatThrownBy(() -> depayloader.push(new byte[] {0x7C, 0x05, 9})).hasMessageContaining("without a start");
        assertThatThrownBy(() -> depayloader.push(new byte[0])).hasMessageContaining("empty");
    }

    @Test
    void spsOfCroppedBaselineStreamGivesDisplaySize() {
        // x264enc constrained baseline 640x360: 40x23 macroblocks, cropped by 8 luma rows at the bottom.
        byte[] sps = bytes("67 42 c0 1e d9 00 a0 2f f9 70 16 a0 c0 c0 d4 a0 00 00 03 00 20 00 00 07 91 e2 c5 c9");

        SequenceParameterSet parsed = SequenceParameterSet.parse(sps);

        assertThat(parsed.profileIdc()).isEqualTo(66);
        assertThat(parsed.levelIdc()).isEqualTo(30);
        assertThat(parsed.width()).isEqualTo(640);
        assertThat(parsed.height()).isEqualTo(360);
    }

    @Test
    void truncatedSpsIsRejected() {
        assertThatThrownBy(() -> SequenceParameterSet.parse(new byte[] {0x67, 0x42, (byte) 0xC0, 0x1E, (byte) 0xD9}))
                .hasMessageContaining("truncated");
        assertThatThrownBy(() -> SequenceParameterSet.parse(new byte[] {0x68, 1, 2, 3})).hasMessageContaining("not an SPS");
    }

    @Test
    void opusTocGivesFrameDurationAndCount() {
        OpusToc celtFullband20ms = OpusToc.parse(new byte[] {(byte) 0xF8, 0});

        assertThat(celtFullband20ms.config()).isEqualTo(31);
        assertThat(celtFullband20ms.frameCountCode()).isZero();
        assertThat(celtFullband20ms.frameDurationMicros()).isEqualTo(20_000);
        assertThatThrownBy(() -> OpusToc.parse(new byte[0])).hasMessageContaining("empty");
    }

    private static byte[] bytes(String hex) {
        String[] parts = hex.split(" ");
        byte[] out = new byte[parts.length];
        for (int i = 0; i < parts.length; i++) {
            out[i] = (byte) Integer.parseInt(parts[i], 16);
        }
        return out;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}

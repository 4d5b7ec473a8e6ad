package dev.salle.rtc.rtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class StreamIdExtensionsTest {

    private static byte[] packet(int csrcs, byte... payload) {
        byte[] p = new byte[12 + 4 * csrcs + payload.length];
        p[0] = (byte) (0x80 | csrcs);
        p[1] = (byte) (0x80 | 96);
        p[3] = 7;
        p[11] = 42;
        System.arraycopy(payload, 0, p, 12 + 4 * csrcs, payload.length);
        return p;
    }

    @Test
    void midAndRidAreReadBackByTheParserAndThePayloadIsKept() throws Exception {
        byte[] in = packet(1, (byte) 1, (byte) 2, (byte) 3);
        byte[] out = StreamIdExtensions.withMidAndRid(in, 4, "0", 10, "q");

        RtpPacket rtp = new RtpPacket().wrap(out, 0, out.length);
        assertThat(rtp.hasExtension()).isTrue();
        assertThat(rtp.ssrc()).isEqualTo(42);
        assertThat(rtp.marker()).isTrue();
        assertThat(rtp.csrcCount()).isEqualTo(1);
        assertThat(Arrays.copyOfRange(out, rtp.payloadOffset(), rtp.payloadOffset() + rtp.payloadLength()))
                .containsExactly(1, 2, 3);
        RtpHeaderExtensionCursor cursor = new RtpHeaderExtensionCursor();
        assertThat(rtp.findExtension(4, cursor)).isTrue();
        assertThat(new String(out, cursor.dataOffset(), cursor.dataLength(), StandardCharsets.US_ASCII)).isEqualTo("0");
        assertThat(rtp.findExtension(10, cursor)).isTrue();
        assertThat(new String(out, cursor.dataOffset(), cursor.dataLength(), StandardCharsets.US_ASCII)).isEqualTo("q");
    }

    @Test
    void packetsWithAnExtensionOrTooShortAreLeftAlone() {
        byte[] withExtension = packet(0, (byte) 1);
        withExtension[0] |= 0x10;
        assertThat(StreamIdExtensions.withMidAndRid(withExtension, 4, "0", 10, "h")).isSameAs(withExtension);
        byte[] shortOne = new byte[5];
        assertThat(StreamIdExtensions.withMidAndRid(shortOne, 4, "0", 10, "h")).isSameAs(shortOne);
        byte[] csrcBeyondEnd = packet(0);
        csrcBeyondEnd[0] = (byte) 0x8F;
        assertThat(StreamIdExtensions.withMidAndRid(csrcBeyondEnd, 4, "0", 10, "h")).isSameAs(csrcBeyondEnd);
    }

    @Test
    void badIdsOrValuesAreRefused() {
        assertThatThrownBy(() -> StreamIdExtensions.withMidAndRid(packet(0), 15, "0", 10, "q")).hasMessageContaining("1..14");
        assertThatThrownBy(() -> StreamIdExtensions.withMidAndRid(packet(0), 4, "0", 4, "q")).hasMessageContaining("different");
        assertThatThrownBy(() -> StreamIdExtensions.withMidAndRid(packet(0), 4, "", 10, "q")).hasMessageContaining("mid");
        assertThatThrownBy(() -> StreamIdExtensions.withMidAndRid(packet(0), 4, "0", 10, "x".repeat(17)))
                .hasMessageContaining("rid");
    }
}

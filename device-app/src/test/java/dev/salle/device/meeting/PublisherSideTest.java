package dev.salle.device.meeting;

import static org.assertj.core.api.Assertions.assertThat;

import dev.salle.device.FakeCallMedia;
import dev.salle.rtc.dtls.DtlsCertificate;
import dev.salle.rtc.dtls.DtlsConfig;
import dev.salle.rtc.dtls.DtlsEndpoint;
import dev.salle.rtc.ice.UdpMux;
import dev.salle.rtc.peer.PeerConfig;
import dev.salle.rtc.peer.PeerConnection;
import dev.salle.rtc.rtcp.PictureLossIndication;
import dev.salle.rtc.rtcp.ReceiverReport;
import dev.salle.rtc.rtcp.Remb;
import dev.salle.rtc.rtcp.ReportBlock;
import dev.salle.rtc.rtcp.SenderReport;
import dev.salle.rtc.sdp.LocalCodec;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What the publisher does with the server's RTCP: key frames (throttled) and the encoder's bitrate from REMB. */
class PublisherSideTest {

    private static final long VIDEO_SSRC = 0x1000;
    private final FakeCallMedia media = new FakeCallMedia();
    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private UdpMux port;
    private PublisherSide publisher;

    @BeforeEach
    void open() throws Exception {
        port = UdpMux.open(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), Clock.systemUTC());
        PeerConnection pc = new PeerConnection(port, new DtlsEndpoint(DtlsCertificate.generate(), DtlsConfig.defaults(),
                new SecureRandom()), PeerConfig.of(List.of(LocalCodec.opus())).asClient(), Runnable::run, new Random(1),
                new PeerConnection.Listener() { });
        publisher = new PublisherSide(pc, port, media, VIDEO_SSRC, 0x2000, nanos::get);
    }

    @AfterEach
    void close() {
        publisher.close();
    }

    private static byte[] rtcp(dev.salle.rtc.rtcp.RtcpWritable m) {
        byte[] b = new byte[m.encodedLength()];
        m.writeTo(b, 0);
        return b;
    }

    @Test
    void aBurstOfPlisMakesOneKeyFrameAndALaterOneAnother() {
        publisher.rtcp(rtcp(new PictureLossIndication(1, VIDEO_SSRC)));
        publisher.rtcp(rtcp(new PictureLossIndication(2, VIDEO_SSRC)));
        publisher.rtcp(rtcp(new PictureLossIndication(3, 0x9999))); // another stream's

        assertThat(media.keyFrames).hasValue(1);
        nanos.addAndGet(400_000_000L);
        publisher.rtcp(rtcp(new PictureLossIndication(1, VIDEO_SSRC)));
        assertThat(media.keyFrames).hasValue(2);
        assertThat(publisher.keyFramesRequested()).isEqualTo(2);
    }

    @Test
    void rembSetsNinetyPercentWithinBoundsAndOnlyOnRealChanges() {
        publisher.rtcp(rtcp(new Remb(1, 1_000_000, List.of(VIDEO_SSRC))));
        publisher.rtcp(rtcp(new Remb(1, 1_050_000, List.of(VIDEO_SSRC)))); // within 10 %: kept
        publisher.rtcp(rtcp(new Remb(1, 50_000_000, List.of(VIDEO_SSRC))));
        publisher.rtcp(rtcp(new Remb(1, 10_000, List.of())));

        assertThat(media.bitrates).containsExactly(900, PublisherSide.MAX_KBPS, PublisherSide.MIN_KBPS);
        publisher.rtcp(new byte[] {(byte) 0x80, 1, 2}); // malformed: ignored
        assertThat(media.bitrates).hasSize(3);
    }

    @Test
    void theServersReportsOnOurStreamsGiveSendLossAndJitterAndOthersAreIgnored() {
        assertThat(publisher.sendLossPercent()).isEmpty();
        assertThat(publisher.sendJitterMs()).isEmpty();
        publisher.rtcp(rtcp(new ReceiverReport(1, List.of(new ReportBlock(0x9999, 255, 900, 5000, 90_000, 0, 0)))));
        assertThat(publisher.sendLossPercent()).as("a block on someone else's stream").isEmpty();

        publisher.rtcp(rtcp(new ReceiverReport(1, List.of(new ReportBlock(VIDEO_SSRC, 64, 10, 5000, 900, 0, 0),
                new ReportBlock(0x2000, 0, 0, 800, 2400, 0, 0)))));

        assertThat(publisher.sendLossPercent()).hasValue(25.0); // 64/256 of the camera's packets
        assertThat(publisher.sendJitterMs()).hasValue(50.0); // the microphone's 2400 at 48 kHz beats the camera's 900 at 90 kHz
        publisher.rtcp(rtcp(new SenderReport(1, 0, 0, 0, 0, List.of(new ReportBlock(VIDEO_SSRC, 0, 10, 5100, 90, 0, 0)))));
        publisher.rtcp(new byte[] {(byte) 0x81, (byte) 201, 0, 7, 1, 2}); // a cut RR: ignored, nothing changes
        assertThat(publisher.sendLossPercent()).hasValue(0.0);
        assertThat(publisher.sendJitterMs()).hasValue(50.0);
    }
}

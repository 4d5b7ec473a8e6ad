package dev.salle.rtc.rtp;

import dev.salle.rtc.demux.PacketClassifier;
import dev.salle.rtc.demux.PacketKind;
import dev.salle.rtc.rtcp.GenericNack;
import dev.salle.rtc.rtcp.RtcpCompoundIterator;
import dev.salle.rtc.rtcp.RtcpFormatException;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/** The per-packet work of the forwarding path: classify, wrap, find an extension, rewrite; walk a NACK. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class PacketParsingBenchmark {

    private final byte[] rtp = new byte[1200];
    private final byte[] nack = {(byte) 0x81, (byte) 205, 0, 4, 0, 0, 0, 1, 0, 0, 0, 2, 0, 100, (byte) 0x80, 5,
        0, (byte) 200, (byte) 0xFF, (byte) 0xFF};
    private final RtpPacket packet = new RtpPacket();
    private final RtpHeaderExtensionCursor cursor = new RtpHeaderExtensionCursor();
    private final RtcpCompoundIterator rtcp = new RtcpCompoundIterator();
    private int seq;

    public PacketParsingBenchmark() {
        byte[] header = {(byte) 0x90, 96, 0, 1, 0, 0, 0, 10, 0, 0, 0, 20, (byte) 0xBE, (byte) 0xDE, 0, 2,
            0x10, (byte) 0xAA, 0x31, 1, 2, 0, 0, 0};
        System.arraycopy(header, 0, rtp, 0, header.length);
    }

    @Benchmark
    public PacketKind classify() {
        return PacketClassifier.classify(rtp, 0, rtp.length);
    }

    @Benchmark
    public long wrapFindAudioLevelAndRewrite() throws RtpFormatException {
        packet.wrap(rtp, 0, rtp.length);
        int level = AudioLevel.find(packet, 1, cursor);
        packet.rewrite(0x1234, seq++, 90_000L * seq);
        return level + packet.payloadLength();
    }

    @Benchmark
    public void walkNack(Blackhole hole) throws RtcpFormatException {
        rtcp.reset(nack, 0, nack.length);
        while (rtcp.next()) {
            GenericNack.forEachLost(rtcp, hole::consume);
        }
    }
}

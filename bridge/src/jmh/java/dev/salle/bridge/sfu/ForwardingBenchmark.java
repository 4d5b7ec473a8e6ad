package dev.salle.bridge.sfu;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The SFU stage of one forwarded video packet: store it in the track's cache, count it, and
 * rewrite it for each subscriber (SSRC, sequence, timestamp) into the track's scratch buffer,
 * handed to a sender that here only sums lengths. SRTP and the socket are measured apart
 * ({@code SrtpProtectBenchmark} in rtc).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ForwardingBenchmark {

    @Param({"1", "4", "16"})
    public int subscribers;

    private final byte[] packet = new byte[1200];
    private PublishedTrack track;
    private long sent;
    private int seq;
    private long now;

    @Setup
    public void track() {
        track = new PublishedTrack("TR_bench", VideoCodec.VP8, 90_000, new long[] {0x1234}, Duration.ofMillis(300));
        for (int i = 0; i < subscribers; i++) {
            track.subscribe("PA_" + i, 0x5000 + i, 0, (p, n) -> {
                sent += n;
                return true;
            });
        }
        packet[0] = (byte) 0x80;
        packet[1] = 96;
        packet[10] = 0x12;
        packet[11] = 0x34;
        packet[12] = 0x10; // VP8 descriptor: start of partition
        packet[13] = 0x00; // VP8 frame header: P bit 0, a key frame, so every subscriber starts at once
    }

    @Benchmark
    public long forwardOnePacket() {
        seq++;
        packet[2] = (byte) (seq >> 8);
        packet[3] = (byte) seq;
        packet[7] = (byte) seq;
        now += 1_000_000;
        track.onRtp(packet, now);
        return sent;
    }
}

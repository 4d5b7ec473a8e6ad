package dev.salle.rtc.srtp;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Protecting one 1200-byte RTP packet as the forwarding path does since it reuses one send buffer
 * per connection: copy into the buffer, protect in place (jitsi-srtp). Each call is a new packet
 * (the sequence number advances), so the replay and rollover logic runs as on the wire.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class SrtpProtectBenchmark {

    @Param({"AES_CM_128_HMAC_SHA1_80", "AEAD_AES_128_GCM"})
    public String profile;

    private final byte[] packet = new byte[1200];
    private final byte[] buffer = new byte[1200 + 20];
    private final PacketBuffer view = new PacketBuffer(buffer, 0, 0);
    private SrtpSession session;
    private int seq;

    @Setup(Level.Trial)
    public void keys() {
        SrtpProfile p = SrtpProfile.valueOf(profile);
        byte[] material = new byte[p.keyingMaterialLength()];
        for (int i = 0; i < material.length; i++) {
            material[i] = (byte) (i * 7 + 3);
        }
        session = SrtpSession.fromDtls(SrtpKeys.fromKeyingMaterial(p, material), true);
        packet[0] = (byte) 0x80;
        packet[1] = 96;
        packet[8] = 0x12;
        packet[11] = 0x34;
    }

    @TearDown(Level.Trial)
    public void close() {
        session.close();
    }

    @Benchmark
    public int copyAndProtect() {
        seq++;
        packet[2] = (byte) (seq >> 8);
        packet[3] = (byte) seq;
        System.arraycopy(packet, 0, buffer, 0, packet.length);
        view.reset(0, packet.length);
        session.protectRtp(view);
        return view.length();
    }
}

package dev.salle.bridge.sfu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PacketCacheTest {

    private final PacketCache cache = new PacketCache(64);
    private final byte[] out = new byte[PacketCache.MAX_PACKET];

    @Test
    void recentPacketIsReturnedAsItWasStored() {
        byte[] p = Rtp.packet(1, 7, 0, 96, (byte) 1, (byte) 2);
        cache.store(7, p, 0, p.length);

        assertThat(cache.copy(7, out, 0)).isEqualTo(p.length);
        assertThat(java.util.Arrays.copyOf(out, p.length)).isEqualTo(p);
    }

    @Test
    void overwrittenOrUnknownPacketIsNotReturned() {
        byte[] p = Rtp.packet(1, 7, 0, 96);
        cache.store(7, p, 0, p.length);
        cache.store(7 + 64, p, 0, p.length);

        assertThat(cache.copy(7, out, 0)).as("its slot now holds 71").isEqualTo(-1);
        assertThat(cache.copy(8, out, 0)).isEqualTo(-1);
        assertThat(cache.copy(71, out, 0)).isPositive();
    }

    @Test
    void oversizedAndEmptyPacketsAreRefusedAndCounted() {
        cache.store(1, new byte[2000], 0, 2000);
        cache.store(2, new byte[0], 0, 0);

        assertThat(cache.rejected()).isEqualTo(2);
        assertThat(cache.copy(1, out, 0)).isEqualTo(-1);
    }

    @Test
    void capacityMustBeAPowerOfTwo() {
        assertThatThrownBy(() -> new PacketCache(100)).hasMessageContaining("power of two");
    }
}

package dev.salle.device.meeting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.salle.rtc.ice.UdpMux;
import dev.salle.settings.UdpPortRange;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.DatagramChannel;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Opening a peer connection's UDP port: any free one, or within {@code call.media-ports}. Binds only; sends nothing. */
class MediaPortsTest {

    private final List<UdpMux> open = new ArrayList<>();

    @AfterEach
    void close() {
        open.forEach(UdpMux::close);
    }

    @Test
    void withoutARangeTheSystemPicksAFreePort() throws IOException {
        UdpMux mux = keep(MediaPorts.open(UdpPortRange.ANY, Clock.systemUTC(), RandomGenerator.of("L64X128MixRandom")));
        assertThat(mux.localAddress().getPort()).isPositive();
    }

    @Test
    void portsComeFromTheRangeStartingAtARandomOneSkipTakenOnesAndAFullRangeSaysSo() throws IOException {
        UdpPortRange range = freeRange(3);
        // the search starts at the second port of the range
        RandomGenerator second = new RandomGenerator() {
            @Override
            public long nextLong() {
                return 1;
            }

            @Override
            public int nextInt(int bound) {
                return 1;
            }
        };
        UdpMux a = keep(MediaPorts.open(range, Clock.systemUTC(), second));
        assertThat(a.localAddress().getPort()).isEqualTo(range.first() + 1);
        UdpMux b = keep(MediaPorts.open(range, Clock.systemUTC(), second));
        assertThat(b.localAddress().getPort()).as("the next free one after a taken one").isEqualTo(range.first() + 2);
        UdpMux c = keep(MediaPorts.open(range, Clock.systemUTC(), second));
        assertThat(c.localAddress().getPort()).as("round to the start of the range").isEqualTo(range.first());

        assertThatThrownBy(() -> keep(MediaPorts.open(range, Clock.systemUTC(), second)))
                .isInstanceOf(IOException.class)
                .hasMessage("every UDP port of call.media-ports " + range + " is in use; a call needs two");
    }

    private UdpMux keep(UdpMux mux) {
        open.add(mux);
        return mux;
    }

    /** {@code n} consecutive ports that are free on every interface now, above 1024. */
    private static UdpPortRange freeRange(int n) throws IOException {
        for (int attempt = 0; attempt < 50; attempt++) {
            int first;
            try (DatagramChannel probe = DatagramChannel.open()) {
                probe.bind(new InetSocketAddress(0));
                first = ((InetSocketAddress) probe.getLocalAddress()).getPort();
            }
            if (first < 1024 || first + n - 1 > 65535) {
                continue;
            }
            List<DatagramChannel> held = new ArrayList<>();
            try {
                for (int p = first; p < first + n; p++) {
                    DatagramChannel ch = DatagramChannel.open();
                    held.add(ch);
                    ch.bind(new InetSocketAddress(p));
                }
                return new UdpPortRange(first, first + n - 1);
            } catch (IOException taken) {
                // one of them is in use: try elsewhere
            } finally {
                for (DatagramChannel ch : held) {
                    ch.close();
                }
            }
        }
        throw new IllegalStateException("no " + n + " consecutive free UDP ports in 50 tries");
    }
}

package dev.salle.device.meeting;

import dev.salle.rtc.ice.UdpMux;
import dev.salle.settings.UdpPortRange;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.random.RandomGenerator;

/**
 * Opens the UDP port of one peer connection, on every interface: any free port, or the first free
 * one of the configured range ({@code call.media-ports}), for a firewall that opens a fixed range.
 * Inside a range the search starts at a random port, so two calls in a row do not reuse the port
 * the last one just closed (a late packet from the old call would reach the new one).
 */
final class MediaPorts {

    private MediaPorts() {
    }

    /**
     * @throws IOException naming the range when every port in it is taken, or the system's reason
     *     when a port cannot be opened for another cause
     */
    static UdpMux open(UdpPortRange range, Clock clock, RandomGenerator random) throws IOException {
        if (range.isAny()) {
            return UdpMux.open(new InetSocketAddress(0), clock);
        }
        int size = range.size();
        int start = random.nextInt(size);
        for (int i = 0; i < size; i++) {
            int port = range.first() + (start + i) % size;
            try {
                return UdpMux.open(new InetSocketAddress(port), clock);
            } catch (IOException e) {
                if (!(e.getCause() instanceof BindException)) {
                    throw e;
                }
                // in use: the next one
            }
        }
        throw new IOException("every UDP port of call.media-ports " + range + " is in use; a call needs two");
    }
}

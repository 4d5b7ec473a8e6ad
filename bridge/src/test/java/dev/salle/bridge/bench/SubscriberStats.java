package dev.salle.bridge.bench;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What one subscriber received: the SSRCs it has seen (to know every stream flows), and inside the
 * measuring window packets, bytes and one-way latency. Threading: {@link #onRtp} on the subscriber's
 * receive thread only; the rest after {@link #measuring(boolean) measuring(false)} and a pause.
 */
final class SubscriberStats {

    private final Set<Long> ssrcs = ConcurrentHashMap.newKeySet();
    private final LatencyHistogram latency = new LatencyHistogram();
    private volatile boolean measuring;
    private volatile long packets;
    private volatile long bytes;

    void onRtp(byte[] rtp) {
        long now = System.nanoTime();
        if (rtp.length < 12) {
            return;
        }
        long ssrc = ((rtp[8] & 0xFFL) << 24) | ((rtp[9] & 0xFFL) << 16) | ((rtp[10] & 0xFFL) << 8) | (rtp[11] & 0xFFL);
        ssrcs.add(ssrc);
        if (measuring) {
            packets++;
            bytes += rtp.length;
            long sent = SyntheticMedia.sendTime(rtp, rtp.length);
            if (sent != -1) {
                latency.record(now - sent);
            }
        }
    }

    int streams() {
        return ssrcs.size();
    }

    void measuring(boolean on) {
        measuring = on;
    }

    long packets() {
        return packets;
    }

    long bytes() {
        return bytes;
    }

    LatencyHistogram latency() {
        return latency;
    }
}

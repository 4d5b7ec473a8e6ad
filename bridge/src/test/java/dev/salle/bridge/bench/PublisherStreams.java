package dev.salle.bridge.bench;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * What one publisher sends: an Opus packet every 20 ms and a VP8 frame every 1/30 s, a key frame
 * first and after each PLI from the bridge. Threading: {@link #sendAudio} and {@link #sendVideoFrame}
 * on the pacing thread; {@link #requestKeyFrame} from the receive thread.
 */
final class PublisherStreams {

    final long audioSsrc = ThreadLocalRandom.current().nextLong(1, 0x1_0000_0000L);
    final long videoSsrc = ThreadLocalRandom.current().nextLong(1, 0x1_0000_0000L);

    private final ClientTransport transport;
    private final long startNanos = System.nanoTime();
    private int audioSequence = ThreadLocalRandom.current().nextInt(1 << 16);
    private int videoSequence = ThreadLocalRandom.current().nextInt(1 << 16);
    private int pictureId = ThreadLocalRandom.current().nextInt(1 << 15);
    private volatile boolean keyFrameWanted = true;
    private volatile long packetsSent;
    private volatile long bytesSent;
    private volatile long keyFrames;

    PublisherStreams(ClientTransport transport) {
        this.transport = transport;
    }

    void requestKeyFrame() {
        keyFrameWanted = true;
    }

    void sendAudio(long nowNanos) throws IOException {
        long ts = (nowNanos - startNanos) * 48 / 1_000_000;
        send(SyntheticMedia.opus(audioSsrc, audioSequence++ & 0xFFFF, ts));
    }

    void sendVideoFrame(long nowNanos) throws IOException {
        boolean key = keyFrameWanted;
        keyFrameWanted = false;
        long ts = (nowNanos - startNanos) * 9 / 100_000;
        List<byte[]> frame = SyntheticMedia.vp8Frame(videoSsrc, videoSequence, ts, pictureId, key);
        videoSequence = (videoSequence + frame.size()) & 0xFFFF;
        pictureId = (pictureId + 1) & 0x7FFF;
        if (key) {
            keyFrames++;
        }
        for (byte[] p : frame) {
            send(p);
        }
    }

    private void send(byte[] packet) throws IOException {
        SyntheticMedia.stampSendTime(packet, System.nanoTime());
        if (transport.sendRtp(packet)) {
            packetsSent++;
            bytesSent += packet.length;
        }
    }

    long packetsSent() {
        return packetsSent;
    }

    long bytesSent() {
        return bytesSent;
    }

    long keyFrames() {
        return keyFrames;
    }
}

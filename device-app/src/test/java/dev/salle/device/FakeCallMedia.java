package dev.salle.device;

import dev.salle.device.media.CallMedia;
import dev.salle.media.pipeline.RtpPacketListener;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/** Call media without GStreamer: records what the session asked for; remote streams count packets. */
public final class FakeCallMedia implements CallMedia {

    volatile boolean sending;
    volatile List<Tile> tiles = List.of();
    volatile String caption = "";
    public final AtomicLong keyFrames = new AtomicLong();
    public final List<Integer> bitrates = new CopyOnWriteArrayList<>();
    final List<String> opened = new CopyOnWriteArrayList<>();

    @Override
    public void startSending(RtpPacketListener video, RtpPacketListener lowVideo, RtpPacketListener audio) {
        sending = true;
    }

    @Override
    public LayerSize mainLayer() {
        return new LayerSize(1280, 720);
    }

    @Override
    public java.util.Optional<LayerSize> lowLayer() {
        return java.util.Optional.of(new LayerSize(320, 180));
    }

    @Override
    public void stopSending() {
        sending = false;
    }

    @Override
    public boolean requestKeyFrame() {
        keyFrames.incrementAndGet();
        return true;
    }

    @Override
    public boolean setVideoBitrateKbps(int kbps) {
        bitrates.add(kbps);
        return true;
    }

    @Override
    public int videoSlots() {
        return 5;
    }

    @Override
    public int audioSlots() {
        return 5;
    }

    @Override
    public RemoteStream openRemoteVideo(String encodingName, int payloadType, int slot) {
        opened.add("video " + encodingName + " " + slot);
        return new Counting();
    }

    @Override
    public RemoteStream openRemoteAudio(int payloadType, int slot) {
        opened.add("audio " + slot);
        return new Counting();
    }

    @Override
    public void showTiles(List<Tile> shown) {
        tiles = List.copyOf(shown);
    }

    @Override
    public void showCaption(String text) {
        caption = text;
    }

    private static final class Counting implements RemoteStream {
        private final AtomicLong packets = new AtomicLong();
        private volatile java.util.OptionalLong firstDecoded = java.util.OptionalLong.empty();

        @Override
        public void push(byte[] packet, int offset, int length) {
            if (packets.getAndIncrement() == 0) {
                firstDecoded = java.util.OptionalLong.of(System.nanoTime());
            }
        }

        @Override
        public java.util.OptionalLong firstDecodedNanos() {
            return firstDecoded;
        }

        @Override
        public long decoded() {
            return packets.get();
        }

        @Override
        public void close() {}
    }
}

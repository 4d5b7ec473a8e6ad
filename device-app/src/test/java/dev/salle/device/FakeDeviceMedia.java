package dev.salle.device;

import dev.salle.device.call.RoomConnection;
import dev.salle.device.media.DeviceMedia;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/** Media without GStreamer, for wiring tests: records what the app shows, fails on request. */
final class FakeDeviceMedia implements DeviceMedia {

    final List<Consumer<String>> failureListeners = new CopyOnWriteArrayList<>();
    volatile String overlay = "";
    volatile boolean started;
    volatile boolean closed;
    volatile RoomConnection localTest = (meeting, name, listener) -> {
        listener.joined();
        return new RoomConnection.Session() {
            @Override
            public void leave() {
                listener.left("left");
            }

            @Override
            public void setMicrophoneMuted(boolean muted) {}

            @Override
            public void setCameraOff(boolean off) {}
        };
    };

    /** A pipeline failure, as the bus would report it. */
    void failPipeline(String message) {
        failureListeners.forEach(l -> l.accept(message));
    }

    final FakeCallMedia call = new FakeCallMedia();

    @Override
    public dev.salle.device.media.CallMedia callMedia() {
        return call;
    }

    @Override
    public void start() {
        started = true;
    }

    volatile Consumer<dev.salle.media.pipeline.GrayFrame> scanning;

    @Override
    public void startScanning(Consumer<dev.salle.media.pipeline.GrayFrame> frames) {
        scanning = frames;
    }

    @Override
    public void stopScanning() {
        scanning = null;
    }

    volatile boolean cameraOff;

    @Override
    public void setCameraOff(boolean off) {
        cameraOff = off;
    }

    @Override
    public Optional<byte[]> screenSnapshotJpeg() {
        return Optional.empty();
    }

    @Override
    public void showStatus(String roomName, String statusText) {
        overlay = roomName + "\n" + statusText;
    }

    @Override
    public String overlayText() {
        return overlay;
    }

    @Override
    public Map<String, String> elements() {
        return Map.of("videoEncoder", "fake");
    }

    @Override
    public Map<String, Object> health() {
        return Map.of("camera", false);
    }

    /** What {@link #mediaProblem()} answers; empty (the media runs) unless a test sets it. */
    volatile Optional<String> mediaProblem = Optional.empty();

    @Override
    public Optional<String> mediaProblem() {
        return mediaProblem;
    }

    @Override
    public void addFailureListener(Consumer<String> listener) {
        failureListeners.add(listener);
    }

    @Override
    public RoomConnection localTestConnection() {
        return localTest;
    }

    @Override
    public void close() {
        closed = true;
    }
}

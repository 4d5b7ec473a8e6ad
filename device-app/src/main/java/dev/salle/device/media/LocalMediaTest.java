package dev.salle.device.media;

import dev.salle.device.call.RoomConnection;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code local:} meeting: a media self-test with no meeting server. Joining starts the
 * camera's encoder and the microphone pipeline and waits until both the camera's H.264 RTP and the microphone's Opus RTP
 * are flowing; then the room is "in the call" and the packets are counted in telemetry. Leaving
 * stops both again.
 */
final class LocalMediaTest implements RoomConnection {

    private static final Logger log = LoggerFactory.getLogger(LocalMediaTest.class);
    private static final int MAX_CHECKS = 200;

    private final GstDeviceMedia media;

    LocalMediaTest(GstDeviceMedia media) {
        this.media = media;
    }

    @Override
    public Session join(String meeting, String displayName, Listener listener) {
        ScheduledExecutorService checker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "salle-local-media-test");
            t.setDaemon(true);
            return t;
        });
        AtomicBoolean over = new AtomicBoolean();
        long videoBefore = media.videoPackets();
        checker.execute(() -> {
            try {
                media.startSending();
            } catch (RuntimeException e) {
                over.set(true);
                listener.failed("The camera or microphone could not start sending: " + e.getMessage());
                checker.shutdown();
            }
        });
        int[] checks = {0};
        checker.scheduleWithFixedDelay(() -> {
            if (over.get()) {
                return;
            }
            if (media.audioPackets() > 0 && media.videoPackets() > videoBefore) {
                over.set(true);
                log.info("local media test: camera and microphone RTP flowing ({} video, {} audio packets)",
                        media.videoPackets() - videoBefore, media.audioPackets());
                listener.joined();
                checker.shutdown();
            } else if (++checks[0] >= MAX_CHECKS) {
                over.set(true);
                listener.failed("The camera or microphone produced no packets within " + MAX_CHECKS * 50 / 1000
                        + " s; see the device log for the pipeline's error");
                checker.shutdown();
            }
        }, 50, 50, TimeUnit.MILLISECONDS);
        return new Session() {
            private final AtomicBoolean left = new AtomicBoolean();

            @Override
            public void leave() {
                if (!left.compareAndSet(false, true)) {
                    return;
                }
                boolean wasJoining = over.compareAndSet(false, true);
                checker.shutdownNow();
                media.stopSending();
                if (wasJoining) {
                    listener.failed("cancelled");
                } else {
                    listener.left("left the local media test");
                }
            }

            @Override
            public void setMicrophoneMuted(boolean muted) {
                log.info("local media test: microphone {}", muted ? "muted" : "unmuted");
            }

            @Override
            public void setCameraOff(boolean off) {
                log.info("local media test: camera {}", off ? "off" : "on");
            }
        };
    }
}

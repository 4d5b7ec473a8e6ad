package dev.salle.device.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.salle.device.config.DeviceConfig;
import dev.salle.device.media.CallMedia.RemoteStream;
import dev.salle.device.media.CallMedia.Tile;
import dev.salle.media.MediaRuntime;
import dev.salle.media.elements.GstElementRegistry;
import dev.salle.media.pipeline.TileSize;
import dev.salle.testkit.RealDependency;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The screen of a device on real GStreamer: tiles scaled once to their place, snapshots on demand. */
class GstDeviceMediaScreenTest {

    private static final Map<String, String> MEDIA = Map.of(
            "media.camera", "test",
            "device.hardware", "simulated",
            "media.video.width", "320",
            "media.video.height", "180",
            "media.video.fps", "5",
            "media.display.sink", "none",
            "media.display.width", "640",
            "media.display.height", "360");

    private GstDeviceMedia media;

    @BeforeEach
    void start() {
        MediaRuntime.ensureInitialised();
        GstElementRegistry registry = new GstElementRegistry();
        RealDependency.require(registry.has("x264enc") || registry.has("openh264enc"),
                "a software H.264 encoder (Debian package gstreamer1.0-plugins-ugly)");
        RealDependency.require(registry.has("webrtcechoprobe"),
                "GStreamer element webrtcechoprobe (Debian package gstreamer1.0-plugins-bad)");
        RealDependency.require(registry.has("avdec_h264") || registry.has("openh264dec"),
                "a software H.264 decoder (Debian package gstreamer1.0-libav)");
        media = new GstDeviceMedia(DeviceConfig.of(MEDIA, "screen-test"));
        media.start();
    }

    @AfterEach
    void stop() {
        if (media != null) {
            media.close();
        }
    }

    @Test
    void remoteVideosScaleToTheirPlaceOnTheScreenAndFollowTheSpeaker() {
        RemoteStream alice = media.openRemoteVideo("H264", 102, 0);
        RemoteStream bob = media.openRemoteVideo("H264", 102, 1);
        try {
            media.showTiles(List.of(new Tile(0, "Alice", true), new Tile(1, "Bob", false)));
            Optional<TileSize> aliceMain = media.remoteTileSize(0);
            Optional<TileSize> bobSmall = media.remoteTileSize(1);
            TileSize mainPlace = media.screenTileSize(0);
            TileSize smallPlace = media.screenTileSize(1);

            media.showTiles(List.of(new Tile(0, "Alice", false), new Tile(1, "Bob", true)));

            assertThat(mainPlace).isNotEqualTo(smallPlace);
            assertThat(aliceMain).contains(mainPlace);
            assertThat(bobSmall).contains(smallPlace);
            assertThat(media.remoteTileSize(0)).as("Alice moved to the filmstrip").contains(smallPlace);
            assertThat(media.remoteTileSize(1)).as("Bob speaks: the main place").contains(mainPlace);
        } finally {
            alice.close();
            bob.close();
        }
        assertThat(media.remoteTileSize(0)).as("closed streams are forgotten").isEmpty();
    }

    @Test
    void aStreamOpenedAfterTheLayoutScalesToItsPlaceAtOnce() {
        media.showTiles(List.of(new Tile(2, "Carol", true), new Tile(3, "Dan", false)));

        RemoteStream dan = media.openRemoteVideo("H264", 102, 3);
        try {
            assertThat(media.remoteTileSize(3)).contains(media.screenTileSize(3));
        } finally {
            dan.close();
        }
    }

    @Test
    void theScreenIsEncodedOnlyWhenASnapshotIsAskedFor() throws Exception {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> "PLAYING".equals(((Map<?, ?>) media.health().get("pipelines")).get("display")));
        Thread.sleep(1500);
        long idle = media.screenSnapshotCount();

        Optional<byte[]> jpeg = media.screenSnapshotJpeg();

        assertThat(idle).as("JPEGs while nobody asked").isZero();
        assertThat(jpeg).as("a fresh snapshot when asked").isPresent();
        assertThat(jpeg.get()).startsWith((byte) 0xFF, (byte) 0xD8);
        assertThat(media.screenSnapshotCount()).isPositive();
    }
}

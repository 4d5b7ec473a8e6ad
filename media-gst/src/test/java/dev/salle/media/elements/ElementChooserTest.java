package dev.salle.media.elements;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ElementChooserTest {

    private static final MediaHostConfig PI_CONFIG = new MediaHostConfig(true, Optional.of("/dev/video0"),
            Optional.of("hw:1,0"), true, false, false, 2000, 30, false);

    @Test
    void piLikeRegistryPicksHardwareEncoderLibcameraAndKms() {
        FakeElementRegistry registry = FakeElementRegistry.withRequiredOnly()
                .add("v4l2h264enc", "x264enc", "libcamerasrc", "v4l2src", "videotestsrc", "kmssink",
                        "alsasrc", "audiotestsrc");

        MediaElements chosen = new ElementChooser(registry, path -> true).chooseAll(PI_CONFIG);

        assertThat(chosen.videoEncoder().factoryName()).isEqualTo("v4l2h264enc");
        assertThat(chosen.videoEncoder().properties().get("extra-controls")).contains("video_bitrate=2000000");
        assertThat(chosen.videoSource().factoryName()).isEqualTo("libcamerasrc");
        assertThat(chosen.videoSink().factoryName()).isEqualTo("kmssink");
        assertThat(chosen.audioSource().factoryName()).isEqualTo("alsasrc");
        assertThat(chosen.audioSource().properties()).containsEntry("device", "hw:1,0");
    }

    @Test
    void flashingTestCameraIsASolidColourTestSourceEvenWhenACameraIsPresent() {
        FakeElementRegistry registry = FakeElementRegistry.withRequiredOnly()
                .add("x264enc", "libcamerasrc", "v4l2src", "videotestsrc", "audiotestsrc");
        MediaHostConfig flashing = new MediaHostConfig(true, Optional.of("/dev/video0"), Optional.empty(),
                false, false, false, 1500, 60, true);

        ElementChoice source = new ElementChooser(registry, path -> true).videoSource(flashing);

        assertThat(source.factoryName()).isEqualTo("videotestsrc");
        assertThat(source.properties()).containsEntry("pattern", "solid-color").containsEntry("is-live", "true");
        assertThat(source.reason()).contains("test-flash");
    }

    @Test
    void pcRegistryPicksX264TestPatternAndAppsink() {
        FakeElementRegistry registry = FakeElementRegistry.withRequiredOnly()
                .add("x264enc", "openh264enc", "v4l2src", "kmssink", "autovideosink", "audiotestsrc");

        MediaElements chosen = new ElementChooser(registry, path -> false).chooseAll(MediaHostConfig.headless());

        assertThat(chosen.videoEncoder().factoryName()).isEqualTo("x264enc");
        assertThat(chosen.videoEncoder().properties())
                .containsEntry("tune", "zerolatency")
                .containsEntry("speed-preset", "ultrafast")
                .containsEntry("key-int-max", "60")
                .containsEntry("bitrate", "1500");
        assertThat(chosen.videoSource().factoryName()).isEqualTo("videotestsrc");
        assertThat(chosen.videoSink().factoryName()).isEqualTo("appsink");
        assertThat(chosen.audioSource().factoryName()).isEqualTo("audiotestsrc");
    }

    @Test
    void vaEncoderIsPreferredOverSoftwareButNotOverPiHardware() {
        ElementChooser withVa = new ElementChooser(FakeElementRegistry.with("vah264enc", "vaapih264enc", "x264enc"));
        ElementChooser withVaapi = new ElementChooser(FakeElementRegistry.with("vaapih264enc", "x264enc"));
        ElementChooser onlyOpenh264 = new ElementChooser(FakeElementRegistry.with("openh264enc"));

        assertThat(withVa.videoEncoder(MediaHostConfig.headless()).factoryName()).isEqualTo("vah264enc");
        assertThat(withVaapi.videoEncoder(MediaHostConfig.headless()).factoryName()).isEqualTo("vaapih264enc");
        ElementChoice openh264 = onlyOpenh264.videoEncoder(MediaHostConfig.headless());
        assertThat(openh264.factoryName()).isEqualTo("openh264enc");
        assertThat(openh264.properties()).containsEntry("bitrate", "1500000");
    }

    @Test
    void missingEncoderFailsNamingEveryEncoderAndItsPackage() {
        ElementChooser chooser = new ElementChooser(FakeElementRegistry.with("videotestsrc"));

        assertThatThrownBy(() -> chooser.videoEncoder(MediaHostConfig.headless()))
                .isInstanceOf(MissingElementsException.class)
                .hasMessageContaining("H.264 video encoder")
                .hasMessageContaining("x264enc (Debian package gstreamer1.0-plugins-ugly)")
                .hasMessageContaining("openh264enc (Debian package gstreamer1.0-plugins-bad)")
                .hasMessageContaining("v4l2h264enc");
    }

    @Test
    void v4l2SourceIsUsedOnlyWhenTheConfiguredDeviceExists() {
        FakeElementRegistry registry = FakeElementRegistry.with("v4l2src", "videotestsrc");
        MediaHostConfig config = new MediaHostConfig(true, Optional.of("/dev/video2"), Optional.empty(),
                false, false, false, 1500, 60, false);

        ElementChoice present = new ElementChooser(registry, Path.of("/dev/video2")::equals).videoSource(config);
        ElementChoice absent = new ElementChooser(registry, path -> false).videoSource(config);

        assertThat(present.factoryName()).isEqualTo("v4l2src");
        assertThat(present.properties()).containsEntry("device", "/dev/video2");
        assertThat(absent.factoryName()).isEqualTo("videotestsrc");
        assertThat(absent.reason()).contains("no existing V4L2 device");
    }

    @Test
    void windowSinkNeedsBothTheWishAndAWindowSystem() {
        FakeElementRegistry registry = FakeElementRegistry.with("kmssink", "autovideosink", "appsink");
        ElementChooser chooser = new ElementChooser(registry);
        MediaHostConfig wantedWithDisplay = new MediaHostConfig(false, Optional.empty(), Optional.empty(),
                false, true, MediaHostConfig.windowSystemIn(Map.of("DISPLAY", ":0")), 1500, 60, false);
        MediaHostConfig wantedWithoutDisplay = new MediaHostConfig(false, Optional.empty(), Optional.empty(),
                false, true, MediaHostConfig.windowSystemIn(Map.of()), 1500, 60, false);

        assertThat(chooser.videoSink(wantedWithDisplay).factoryName()).isEqualTo("autovideosink");
        assertThat(chooser.videoSink(wantedWithoutDisplay).factoryName()).isEqualTo("appsink");
    }

    @Test
    void missingRequiredElementsAreAllNamedWithPackagesUpFront() {
        FakeElementRegistry registry = FakeElementRegistry.withRequiredOnly()
                .add("x264enc", "videotestsrc", "audiotestsrc")
                .remove("webrtcdsp", "textoverlay", "opusenc");

        assertThatThrownBy(() -> new ElementChooser(registry).chooseAll(MediaHostConfig.headless()))
                .isInstanceOfSatisfying(MissingElementsException.class, e ->
                        assertThat(e.missingElements()).containsExactlyInAnyOrder("webrtcdsp", "opusenc", "textoverlay"))
                .hasMessageContaining("webrtcdsp (Debian package gstreamer1.0-plugins-bad)")
                .hasMessageContaining("textoverlay (Debian package gstreamer1.0-x)")
                .hasMessageContaining("opusenc (Debian package gstreamer1.0-plugins-base)");
    }

    @Test
    void describeListsEveryRoleWithElementAndReason() {
        FakeElementRegistry registry = FakeElementRegistry.withRequiredOnly().add("x264enc", "audiotestsrc");

        Map<String, String> described = new ElementChooser(registry).chooseAll(MediaHostConfig.headless()).describe();

        assertThat(described).containsOnlyKeys("videoSource", "videoEncoder", "audioSource", "videoSink");
        assertThat(described.get("videoEncoder")).startsWith("x264enc (").contains("zero latency");
    }

    @Test
    void outOfRangeBitrateIsRejectedNamingKeyAndRange() {
        assertThatThrownBy(() -> new MediaHostConfig(false, Optional.empty(), Optional.empty(), false, false,
                false, 50, 60, false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("media.videoBitrateKbps is 50")
                .hasMessageContaining("100..20000");
    }

    @Test
    void videoDecoderPrefersThePisHardwareDecoderAndNamesEveryPackageWhenNoneIsThere() {
        assertThat(new ElementChooser(FakeElementRegistry.with("v4l2h264dec", "avdec_h264")).videoDecoder("h264")
                .factoryName()).isEqualTo("v4l2h264dec");
        assertThat(new ElementChooser(FakeElementRegistry.with("avdec_h264", "openh264dec")).videoDecoder("H264")
                .factoryName()).isEqualTo("avdec_h264");
        assertThat(new ElementChooser(FakeElementRegistry.with("vp8dec")).videoDecoder("VP8").factoryName())
                .isEqualTo("vp8dec");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new ElementChooser(FakeElementRegistry.with())
                .videoDecoder("H264")).isInstanceOf(MissingElementsException.class)
                .hasMessageContaining("avdec_h264").hasMessageContaining("gstreamer1.0-libav");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new ElementChooser(FakeElementRegistry.with("vp8dec"))
                .videoDecoder("VP9")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("H264 and VP8");
    }

    @Test
    void anImageCameraReadsItsPngFileLoopingEvenWhenACameraIsPresent() {
        FakeElementRegistry registry = FakeElementRegistry.withRequiredOnly()
                .add("x264enc", "libcamerasrc", "v4l2src", "videotestsrc", "multifilesrc", "pngdec", "imagefreeze");
        MediaHostConfig image = PI_CONFIG.withImageCamera(Path.of("/srv/room codes/salle marianne.png"));

        ElementChoice source = new ElementChooser(registry, path -> true).videoSource(image);

        assertThat(image.cameraEnabled()).isFalse();
        assertThat(source.factoryName()).isEqualTo("multifilesrc");
        assertThat(source.properties()).containsEntry("location", "\"/srv/room codes/salle marianne.png\"")
                .containsEntry("loop", "true");
        assertThat(source.reason()).contains("image:/srv/room codes/salle marianne.png");
    }

    @Test
    void anImageCameraWithoutThePngElementsNamesWhatToInstall() {
        FakeElementRegistry registry = FakeElementRegistry.withRequiredOnly().add("x264enc", "videotestsrc", "multifilesrc");

        assertThatThrownBy(() -> new ElementChooser(registry, path -> true).imageSource(Path.of("/tmp/code.png")))
                .isInstanceOf(MissingElementsException.class)
                .hasMessageContaining("pngdec").hasMessageContaining("imagefreeze");
    }

    @Test
    void imageCameraPathsThatCannotBeQuotedInAPipelineAreRefused() {
        ElementChooser chooser = new ElementChooser(FakeElementRegistry.withRequiredOnly()
                .add("multifilesrc", "pngdec", "imagefreeze"), path -> true);
        for (String bad : new String[] {"code.png", "../code.png", "/tmp/a\"b.png", "/tmp/a\\b.png",
                "/tmp/a\nb.png", "/tmp/a\tb.png", "/tmp/a\u0007b.png"}) {
            assertThatThrownBy(() -> chooser.imageSource(Path.of(bad)))
                    .as(bad).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("absolute path");
            assertThatThrownBy(() -> MediaHostConfig.headless().withImageCamera(Path.of(bad)))
                    .as(bad).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("media.camera=image:");
        }
        assertThatThrownBy(() -> chooser.imageSource(null)).isInstanceOf(NullPointerException.class).hasMessage("png");
    }
}

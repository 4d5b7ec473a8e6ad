package dev.salle.hw.camera;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class LibcameraDescriptionTest {

    @Test
    void readsIdModelLocationFormatsAndSizesLargestFirst() {
        CameraInfo info = LibcameraDescription.parse("""
                id=/base/soc/i2c0mux/i2c@1/imx708@1a
                model=imx708
                location=front
                format=YUV420 640x480,1920x1080
                format=NV12 1920x1080,4608x2592
                controls=Brightness,ExposureTime,ScalerCrop
                """);

        assertThat(info.id()).isEqualTo("/base/soc/i2c0mux/i2c@1/imx708@1a");
        assertThat(info.model()).isEqualTo("imx708");
        assertThat(info.location()).isEqualTo(CameraLocation.FRONT);
        assertThat(info.pixelFormats()).containsExactly("YUV420", "NV12");
        assertThat(info.sizes()).containsExactly(new FrameSize(4608, 2592), new FrameSize(1920, 1080),
                new FrameSize(640, 480));
        assertThat(info.source()).isEqualTo(CameraSource.LIBCAMERA);
    }

    @Test
    void skipsUnreadableSizesAndUnknownKeys() {
        CameraInfo info = LibcameraDescription.parse("id=cam\nlocation=sideways\nformat=MJPEG 1280x720,banana,0x0\nfuture=1\n");

        assertThat(info.location()).isEqualTo(CameraLocation.UNKNOWN);
        assertThat(info.sizes()).containsExactly(new FrameSize(1280, 720));
    }

    @Test
    void descriptionWithoutIdIsRejectedWithTheText() {
        assertThatThrownBy(() -> LibcameraDescription.parse("model=imx219\n"))
                .isInstanceOf(CameraException.class)
                .hasMessageContaining("without an id")
                .hasMessageContaining("model=imx219");
    }
}

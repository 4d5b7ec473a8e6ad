package dev.salle.hw.camera;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class CameraControlTest {

    @Test
    void brightnessOutsideMinusOneToOneIsRejectedWithTheValue() {
        assertThatThrownBy(() -> new CameraControl.Brightness(1.5))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("1.5").hasMessageContaining("-1.0 to 1.0");
        assertThatThrownBy(() -> new CameraControl.Brightness(Double.NaN))
                .hasMessageContaining("NaN");
    }

    @Test
    void exposureTimeIsKeptInMicrosAndBoundedToOneSecond() {
        assertThat(new CameraControl.ExposureTime(Duration.ofMillis(20)).micros()).isEqualTo(20_000);
        assertThatThrownBy(() -> new CameraControl.ExposureTime(Duration.ofSeconds(2)))
                .hasMessageContaining("2000000 µs is out of range");
    }

    @Test
    void scalerCropNeedsPositiveSizeAndNonNegativeOrigin() {
        assertThatThrownBy(() -> new CameraControl.ScalerCrop(-1, 0, 100, 100))
                .hasMessageContaining("x=-1");
        assertThatThrownBy(() -> new CameraControl.ScalerCrop(0, 0, 0, 100))
                .hasMessageContaining("width=0");
    }

    @Test
    void frameSizeParsesAndRejectsJunk() {
        assertThat(FrameSize.parse("1920x1080")).isEqualTo(new FrameSize(1920, 1080));
        assertThatThrownBy(() -> FrameSize.parse("wide"))
                .hasMessageContaining("'wide' is not a frame size");
    }
}

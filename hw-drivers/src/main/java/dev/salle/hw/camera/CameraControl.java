package dev.salle.hw.camera;

import java.time.Duration;
import java.util.Objects;

/** A control to set on a camera. Each kind validates its values when it is made. */
public sealed interface CameraControl {

    /** Picture brightness from -1 (darkest) through 0 (neutral) to 1 (brightest). */
    record Brightness(double value) implements CameraControl {
        public Brightness {
            if (!(value >= -1.0 && value <= 1.0)) {
                throw new IllegalArgumentException("camera brightness " + value + " is out of range; use -1.0 to 1.0 (0 is neutral)");
            }
        }
    }

    /** A fixed exposure time, 1 µs to 1 s (turns automatic exposure off where the camera does so). */
    record ExposureTime(Duration time) implements CameraControl {
        public ExposureTime {
            Objects.requireNonNull(time, "camera exposure time is null; give 1 µs to 1 s");
            if (time.compareTo(Duration.ofNanos(1000)) < 0 || time.compareTo(Duration.ofSeconds(1)) > 0) {
                throw new IllegalArgumentException("camera exposure time " + time.toNanos() / 1000
                        + " µs is out of range; use 1 µs to 1 s");
            }
        }

        /** The time in whole microseconds, as libcamera and V4L2 take it. */
        public long micros() {
            return time.toNanos() / 1000;
        }
    }

    /**
     * The part of the sensor to use, in sensor pixels: digital pan and zoom. x and y are at least
     * zero; width and height are positive. Whether it fits the sensor is checked by the camera.
     */
    record ScalerCrop(int x, int y, int width, int height) implements CameraControl {
        public ScalerCrop {
            if (x < 0 || y < 0 || width <= 0 || height <= 0) {
                throw new IllegalArgumentException("camera scaler crop x=" + x + " y=" + y + " width=" + width
                        + " height=" + height + " is invalid; x and y must be >= 0, width and height > 0");
            }
        }
    }
}

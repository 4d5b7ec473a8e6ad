package dev.salle.device.config;

import dev.salle.settings.ConfigException;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code media.camera}: the cameras a device may be told to use, and the values it refuses. */
class CameraSettingTest {

    @Test
    void everyKindOfCameraIsAccepted() {
        for (String camera : new String[] {"auto", "test", "test-flash", "/dev/video0", "libcamera:/base/soc/i2c0mux/imx708@1a",
                "image:/var/lib/salle/room-code.png", "image:/tmp/a.png"}) {
            assertThat(DeviceConfig.of(Map.of("media.camera", camera), "h").media().camera()).isEqualTo(camera);
        }
    }

    @Test
    void anImageCameraThatIsNotAnAbsolutePathToAPngIsRefusedNamingTheKeyAndWhatIsAllowed() {
        for (String bad : new String[] {"image:", "image:room-code.png", "image:./room-code.png", "image:/tmp/room-code.jpg",
                "image:/tmp/room code.png", "image:/tmp/room\"code.png", "image:/tmp/room\\code.png",
                "image:/tmp/room\u0007code.png", "image:/.png", "image:/" + "a".repeat(401) + ".png", "picture:/tmp/a.png"}) {
            assertThatThrownBy(() -> ConfigValues.of(Map.of("media.camera", bad)))
                    .as(bad)
                    .isInstanceOf(ConfigException.class)
                    .hasMessageContaining("'media.camera'")
                    .hasMessageContaining("image:<absolute path of a .png");
        }
    }
}

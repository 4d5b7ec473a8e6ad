package dev.salle.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.salle.e2e.GlassToGlass.Switch;
import java.util.List;
import org.junit.jupiter.api.Test;

class GlassToGlassTest {

    @Test
    void readsTheDevicesFlashLineAndIgnoresOthers() {
        String line = "08:00:01.123 INFO  d.s.d.media.GstDeviceMedia - test camera flash: white at 1795000000123";

        assertThat(GlassToGlass.parseFlashLine(line)).contains(new Switch("white", 1_795_000_000_123L));
        assertThat(GlassToGlass.parseFlashLine("call event joined {}")).isEmpty();
    }

    @Test
    void readsTheBrowsersFlips() throws Exception {
        var flips = new ObjectMapper().readTree("[{\"to\":\"white\",\"at\":1000},{\"to\":\"black\",\"at\":2000}]");

        assertThat(GlassToGlass.browserFlips(flips)).containsExactly(new Switch("white", 1000), new Switch("black", 2000));
        assertThat(GlassToGlass.browserFlips(new ObjectMapper().createObjectNode().path("flips"))).isEmpty();
    }

    @Test
    void eachRenderedFlipPairsWithTheLatestSwitchToItsColourBeforeIt() {
        List<Switch> camera = List.of(new Switch("white", 1000), new Switch("black", 2000), new Switch("white", 3000),
                new Switch("black", 4000));
        List<Switch> rendered = List.of(new Switch("white", 500), new Switch("black", 2120), new Switch("white", 3095),
                new Switch("black", 4300));

        assertThat(GlassToGlass.latencies(camera, rendered)).containsExactly(120L, 95L, 300L);
    }
}

package dev.salle.device.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TelemetryOutboxTest {

    @Test
    void keepsTheNewestMessagesInOrderAndCountsWhatItDrops() {
        TelemetryOutbox outbox = new TelemetryOutbox(3);
        for (int i = 1; i <= 5; i++) {
            outbox.add(OutboundMessage.of("t", ("m" + i).getBytes(StandardCharsets.UTF_8), false, 0));
        }

        List<String> kept = new ArrayList<>();
        while (!outbox.isEmpty()) {
            kept.add(new String(outbox.peek().orElseThrow().payload(), StandardCharsets.UTF_8));
            outbox.removeFirst();
        }

        assertThat(kept).containsExactly("m3", "m4", "m5");
        assertThat(outbox.dropped()).isEqualTo(2);
    }

    @Test
    void zeroCapacityKeepsNothingAndCountsEveryMessage() {
        TelemetryOutbox outbox = new TelemetryOutbox(0);
        outbox.add(OutboundMessage.of("t", new byte[] {1}, false, 0));

        assertThat(outbox.isEmpty()).isTrue();
        assertThat(outbox.dropped()).isEqualTo(1);
    }
}

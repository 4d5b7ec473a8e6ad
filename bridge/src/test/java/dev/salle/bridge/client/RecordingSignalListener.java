package dev.salle.bridge.client;

import dev.salle.rtc.client.SignalClosed;
import dev.salle.rtc.client.SignalListener;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import livekit.LivekitRtc.SignalResponse;
import org.awaitility.Awaitility;

/** Keeps every message and the close, for assertions. */
final class RecordingSignalListener implements SignalListener {

    final List<SignalResponse> messages = new CopyOnWriteArrayList<>();
    final CompletableFuture<SignalClosed> closed = new CompletableFuture<>();

    @Override
    public void onMessage(SignalResponse message) {
        messages.add(message);
    }

    @Override
    public void onClosed(SignalClosed c) {
        closed.complete(c);
    }

    SignalResponse await(SignalResponse.MessageCase kind) {
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> count(kind) > 0);
        return messages.stream().filter(m -> m.getMessageCase() == kind).findFirst().orElseThrow();
    }

    long count(SignalResponse.MessageCase kind) {
        return messages.stream().filter(m -> m.getMessageCase() == kind).count();
    }

    SignalClosed awaitClosed() throws Exception {
        return closed.get(10, TimeUnit.SECONDS);
    }
}

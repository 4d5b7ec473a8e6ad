package dev.salle.bridge.signal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.salle.rtc.signal.SignalCodec;
import dev.salle.rtc.signal.SignalDecodeException;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import livekit.LivekitRtc.SignalRequest;
import livekit.LivekitRtc.SignalResponse;

/** A LiveKit signalling client on java.net.http's WebSocket: binary frames, parsed with the generated classes. */
final class SignalClient implements AutoCloseable {

    static final Duration WAIT = Duration.ofSeconds(10);

    /** The close frame the server sent. */
    record Closed(int code, String reason) {
    }

    private final SignalCodec codec = new SignalCodec();
    private final LinkedBlockingQueue<SignalResponse> inbox = new LinkedBlockingQueue<>();
    private final List<SignalResponse> seen = new ArrayList<>();
    private final CompletableFuture<Closed> closed = new CompletableFuture<>();
    private final WebSocket socket;

    private SignalClient(HttpClient http, URI uri) {
        this.socket = http.newWebSocketBuilder().buildAsync(uri, new Listener()).orTimeout(10, TimeUnit.SECONDS).join();
    }

    static SignalClient connect(HttpClient http, URI uri) {
        return new SignalClient(http, uri);
    }

    void send(SignalRequest request) {
        sendRaw(codec.encodeRequest(request));
    }

    void sendRaw(byte[] frame) {
        socket.sendBinary(ByteBuffer.wrap(frame), true).orTimeout(10, TimeUnit.SECONDS).join();
    }

    void sendText(String text) {
        socket.sendText(text, true).orTimeout(10, TimeUnit.SECONDS).join();
    }

    /** The next message of this kind, skipping (and keeping) others; fails after {@link #WAIT}. */
    SignalResponse await(SignalResponse.MessageCase kind) {
        long end = System.nanoTime() + WAIT.toNanos();
        while (true) {
            for (SignalResponse r : seen) {
                if (r.getMessageCase() == kind) {
                    seen.remove(r);
                    return r;
                }
            }
            SignalResponse r;
            try {
                r = inbox.poll(Math.max(0, end - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for " + kind, e);
            }
            if (r == null) {
                throw new AssertionError("no " + kind + " within " + WAIT + "; got " + seen);
            }
            seen.add(r);
        }
    }

    /** Every message received so far that no {@link #await} took. */
    List<SignalResponse> drain() {
        inbox.drainTo(seen);
        List<SignalResponse> out = List.copyOf(seen);
        seen.clear();
        return out;
    }

    /** The server's close frame; fails after {@link #WAIT}. */
    Closed awaitClosed() {
        return closed.orTimeout(WAIT.toSeconds(), TimeUnit.SECONDS).join();
    }

    boolean isClosed() {
        return closed.isDone();
    }

    @Override
    public void close() {
        socket.abort();
    }

    private final class Listener implements WebSocket.Listener {
        private final ByteArrayOutputStream partial = new ByteArrayOutputStream();

        @Override
        public CompletionStage<?> onBinary(WebSocket ws, ByteBuffer data, boolean last) {
            byte[] b = new byte[data.remaining()];
            data.get(b);
            partial.writeBytes(b);
            if (last) {
                try {
                    inbox.add(codec.decodeResponse(partial.toByteArray()));
                } catch (SignalDecodeException e) {
                    throw new AssertionError("the server sent a frame that is not a SignalResponse", e);
                }
                partial.reset();
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
            closed.complete(new Closed(statusCode, reason));
            return null;
        }

        @Override
        public void onError(WebSocket ws, Throwable error) {
            closed.complete(new Closed(-1, String.valueOf(error)));
        }
    }

    static void assertOpen(SignalClient c) {
        assertThat(c.isClosed()).as("socket closed").isFalse();
    }
}

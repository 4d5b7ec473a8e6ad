package dev.salle.rtc.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A stream's queued writer: packets in order, and a peer that stops reading never blocks the sender. */
class QueuedStreamWriterTest {

    /** Only a guard against a hang: offering must never wait on the network. */
    private static final Duration HANG_GUARD = Duration.ofSeconds(60);

    @Test
    void packetsAreWrittenInOrderAsGiven() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        CompletableFuture<String> failure = new CompletableFuture<>();
        try (QueuedStreamWriter writer = new QueuedStreamWriter("t", out, Duration.ofSeconds(5), failure::complete)) {
            assertThat(writer.offer(new byte[] {1, 2, 3, 4, 5})).isTrue();
            assertThat(writer.offer(new byte[] {6, 7, 8})).isTrue();
            for (int i = 0; i < 100 && out.size() < 8; i++) {
                Thread.sleep(20);
            }
        }
        assertThat(out.toByteArray()).containsExactly(1, 2, 3, 4, 5, 6, 7, 8);
        assertThat(failure).isNotDone();
    }

    @Test
    void aServerThatStopsReadingNeverBlocksTheSenderAndEndsTheConnection() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                Socket client = new Socket(server.getInetAddress(), server.getLocalPort());
                Socket accepted = server.accept()) { // accepted, and never read
            CompletableFuture<String> failure = new CompletableFuture<>();
            QueuedStreamWriter writer = new QueuedStreamWriter("t", client.getOutputStream(), Duration.ofMillis(500),
                    failure::complete);
            byte[] datagram = new byte[1200];
            int[] refused = {0};
            assertTimeoutPreemptively(HANG_GUARD, () -> {
                // far more than the kernel's buffers and the queue hold: the writer blocks, the sender does not
                for (int i = 0; i < 100_000 && !failure.isDone(); i++) {
                    if (!writer.offer(datagram)) {
                        refused[0]++;
                        Thread.sleep(1);
                    }
                }
            });
            assertThat(refused[0]).as("messages refused once the queue was full").isPositive();
            assertThat(failure.get(10, TimeUnit.SECONDS)).contains("has not read for");
            assertThat(writer.offer(datagram)).as("nothing is queued after the failure").isFalse();
            writer.close();
            assertThat(accepted.getInputStream().available()).as("what was written waits unread at the server").isPositive();
        }
    }

    @Test
    void aFailedWriteIsReportedOnce() throws Exception {
        int[] reports = {0};
        CompletableFuture<String> failure = new CompletableFuture<>();
        OutputStream broken = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                throw new IOException("connection reset");
            }
        };
        try (QueuedStreamWriter writer = new QueuedStreamWriter("t", broken, Duration.ofSeconds(5), why -> {
            reports[0]++;
            failure.complete(why);
        })) {
            writer.offer(new byte[4]);
            assertThat(failure.get(10, TimeUnit.SECONDS)).contains("connection reset");
            assertThat(writer.offer(new byte[4])).isFalse();
        }
        assertThat(reports[0]).isEqualTo(1);
    }
}

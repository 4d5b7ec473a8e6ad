package dev.salle.rtc.sctp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** Records what an association reports, with bounded waits (also for the peer tests). */
public final class RecordingSctpListener implements SctpAssociation.Listener {

    static final long WAIT_SECONDS = 10;

    public record Message(DataChannel channel, byte[] data, boolean binary) {}

    public final CompletableFuture<Void> connected = new CompletableFuture<>();
    final CompletableFuture<String> failed = new CompletableFuture<>();
    final CompletableFuture<Void> closed = new CompletableFuture<>();
    final BlockingQueue<DataChannel> opened = new LinkedBlockingQueue<>();
    final BlockingQueue<DataChannel> channelClosed = new LinkedBlockingQueue<>();
    final BlockingQueue<Message> messages = new LinkedBlockingQueue<>();
    /** When set, the next {@link #message} is recorded and then throws, as a buggy listener would. */
    volatile boolean throwOnNextMessage;

    @Override
    public void connected() {
        connected.complete(null);
    }

    @Override
    public void channelOpened(DataChannel channel) {
        opened.add(channel);
    }

    @Override
    public void message(DataChannel channel, byte[] data, boolean binary) {
        messages.add(new Message(channel, data, binary));
        if (throwOnNextMessage) {
            throwOnNextMessage = false;
            throw new IllegalStateException("listener bug (on purpose)");
        }
    }

    @Override
    public void channelClosed(DataChannel channel) {
        channelClosed.add(channel);
    }

    @Override
    public void failed(String reason) {
        failed.complete(reason);
    }

    @Override
    public void closed() {
        closed.complete(null);
    }

    public DataChannel takeOpened() throws InterruptedException {
        return take(opened, "channelOpened");
    }

    public DataChannel takeClosed() throws InterruptedException {
        return take(channelClosed, "channelClosed");
    }

    public Message takeMessage() throws InterruptedException {
        return take(messages, "message");
    }

    private static <T> T take(BlockingQueue<T> queue, String what) throws InterruptedException {
        T item = queue.poll(WAIT_SECONDS, TimeUnit.SECONDS);
        assertThat(item).as("%s within %d s", what, WAIT_SECONDS).isNotNull();
        return item;
    }
}

package dev.salle.bridge.bench;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The one thread that sends every publisher's media on time: audio every 20 ms, a video frame
 * every 1/30 s, publishers spread evenly over the frame interval so their frames do not all leave
 * in one burst. When it falls behind by more than an interval, it carries on one interval after
 * the late send rather than catching up in a burst. Runs until {@link #close} or its deadline, whichever comes first.
 */
final class MediaPacer implements AutoCloseable {

    private static final long AUDIO_NANOS = TimeUnit.MILLISECONDS.toNanos(20);
    private static final long VIDEO_NANOS = TimeUnit.SECONDS.toNanos(1) / SyntheticMedia.FRAMES_PER_SECOND;

    private final List<PublisherStreams> publishers;
    private final long deadlineNanos;
    private final Thread thread;
    private volatile boolean stopped;
    private volatile long lateNanosMax;
    private volatile String failure;

    MediaPacer(List<PublisherStreams> publishers, long maxRunNanos) {
        this.publishers = List.copyOf(publishers);
        this.deadlineNanos = System.nanoTime() + maxRunNanos;
        this.thread = new Thread(this::run, "load-pacer");
        thread.setDaemon(true);
        thread.setPriority(Thread.MAX_PRIORITY);
        thread.start();
    }

    /** The latest any send started after it was due, since the last {@link #resetLateness}. */
    long lateNanosMax() {
        return lateNanosMax;
    }

    void resetLateness() {
        lateNanosMax = 0;
    }

    String failure() {
        return failure;
    }

    private void run() {
        int n = publishers.size();
        long start = System.nanoTime();
        long[] nextAudio = new long[n];
        long[] nextVideo = new long[n];
        for (int i = 0; i < n; i++) {
            nextAudio[i] = start + AUDIO_NANOS * i / n;
            nextVideo[i] = start + VIDEO_NANOS * i / n;
        }
        try {
            while (!stopped && System.nanoTime() < deadlineNanos) {
                int who = 0;
                boolean video = false;
                long due = Long.MAX_VALUE;
                for (int i = 0; i < n; i++) {
                    if (nextAudio[i] < due) {
                        due = nextAudio[i];
                        who = i;
                        video = false;
                    }
                    if (nextVideo[i] < due) {
                        due = nextVideo[i];
                        who = i;
                        video = true;
                    }
                }
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                    continue;
                }
                lateNanosMax = Math.max(lateNanosMax, -wait);
                long now = System.nanoTime();
                // a stall (start-up, a pause of the machine) is skipped, not made up for in a burst
                if (video) {
                    publishers.get(who).sendVideoFrame(now);
                    nextVideo[who] = next(nextVideo[who], VIDEO_NANOS, now);
                } else {
                    publishers.get(who).sendAudio(now);
                    nextAudio[who] = next(nextAudio[who], AUDIO_NANOS, now);
                }
            }
        } catch (IOException | RuntimeException e) {
            failure = "sending failed: " + e;
        }
    }

    /** When a stream is due next after a send at {@code now} that was due at {@code due}. */
    static long next(long due, long interval, long now) {
        long next = due + interval;
        return next < now ? now + interval : next;
    }

    @Override
    public void close() {
        stopped = true;
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

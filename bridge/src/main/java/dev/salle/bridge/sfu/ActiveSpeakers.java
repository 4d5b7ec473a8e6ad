package dev.salle.bridge.sfu;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Who is speaking, from the RFC 6464 audio levels on each participant's microphone packets: the
 * level is averaged per participant over a sliding window, participants above a threshold are
 * speakers, loudest first. {@link #update} says when the set or order changed, which is when the
 * server sends {@code SpeakersChanged}.
 *
 * <p>Threading: not thread-safe; the room's event thread owns it.
 */
public final class ActiveSpeakers {

    /** One speaker: participant id and loudness 0..1 (1 = 0 dBov). */
    public record Speaker(String participant, double level) {}

    private final Duration window;
    private final int thresholdDbov;
    private final Map<String, Accumulator> levels = new HashMap<>();
    private List<String> lastOrder = List.of();

    /**
     * @param window how long levels are averaged (LiveKit uses about 500 ms)
     * @param thresholdDbov levels quieter than this (in -dBov, 0..127; 127 = silence) do not count as speech
     */
    public ActiveSpeakers(Duration window, int thresholdDbov) {
        this.window = Objects.requireNonNull(window, "window");
        if (thresholdDbov < 0 || thresholdDbov > 127) {
            throw new IllegalArgumentException("speech threshold must be 0..127 -dBov, got " + thresholdDbov);
        }
        this.thresholdDbov = thresholdDbov;
    }

    /** One audio packet's level (-dBov, 0 = loudest) with its voice-activity flag. */
    public void level(String participant, int dbov, boolean voice, long nowNanos) {
        Accumulator a = levels.computeIfAbsent(participant, p -> new Accumulator());
        a.add(voice ? Math.max(0, Math.min(127, dbov)) : 127, nowNanos);
    }

    /** The participant left: forget them. */
    public void remove(String participant) {
        levels.remove(participant);
    }

    /**
     * The current speakers, loudest first, or {@code null} when they are the same, in the same
     * order, as at the previous call.
     */
    public List<Speaker> update(long nowNanos) {
        List<Speaker> speakers = new ArrayList<>();
        for (var e : levels.entrySet()) {
            double avg = e.getValue().average(nowNanos, window.toNanos());
            if (avg < thresholdDbov) {
                speakers.add(new Speaker(e.getKey(), Math.pow(10, -avg / 20.0)));
            }
        }
        speakers.sort(Comparator.comparingDouble(Speaker::level).reversed().thenComparing(Speaker::participant));
        List<String> order = speakers.stream().map(Speaker::participant).toList();
        if (order.equals(lastOrder)) {
            return null;
        }
        lastOrder = order;
        return speakers;
    }

    /** Sum of levels in the window, as a ring of one-per-packet samples with their times. */
    private static final class Accumulator {
        private final long[] times = new long[128];
        private final int[] values = new int[128];
        private int head;
        private int size;

        void add(int dbov, long now) {
            times[head] = now;
            values[head] = dbov;
            head = (head + 1) % times.length;
            size = Math.min(size + 1, times.length);
        }

        double average(long now, long window) {
            long sum = 0;
            int n = 0;
            for (int i = 0; i < size; i++) {
                int idx = (head - 1 - i + times.length) % times.length;
                if (now - times[idx] > window) {
                    break;
                }
                sum += values[idx];
                n++;
            }
            return n == 0 ? 127 : (double) sum / n;
        }
    }
}

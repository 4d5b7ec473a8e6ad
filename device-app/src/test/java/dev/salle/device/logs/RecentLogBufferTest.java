package dev.salle.device.logs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

class RecentLogBufferTest {

    @Test
    void keepsTheNewestLinesAndDropsTheOldestWhenFull() {
        RecentLogBuffer buffer = new RecentLogBuffer(3);

        for (int i = 1; i <= 5; i++) {
            buffer.add("line " + i);
        }

        assertThat(buffer.newest(10)).containsExactly("line 3", "line 4", "line 5");
        assertThat(buffer.newest(2)).containsExactly("line 4", "line 5");
        assertThat(buffer.dropped()).isEqualTo(2);
    }

    @Test
    void redactsAndCutsLinesAsTheyAreStored() {
        RecentLogBuffer buffer = new RecentLogBuffer(10);

        buffer.add("enrolled with token=abc123");
        buffer.add("y".repeat(5000));

        List<String> lines = buffer.newest(10);
        assertThat(lines.get(0)).isEqualTo("enrolled with token=<redacted>");
        assertThat(lines.get(1)).hasSize(RecentLogBuffer.MAX_LINE_CHARS + 1).endsWith("…");
    }

    @Test
    void refusesACapacityOutOfRangeSayingWhatIsAllowed() {
        assertThatThrownBy(() -> new RecentLogBuffer(0)).hasMessageContaining("1 to 100000").hasMessageContaining("0");
    }

    @Test
    void staysBoundedAndConsistentWhileManyThreadsLogAndOneReads() throws Exception {
        RecentLogBuffer buffer = new RecentLogBuffer(100);
        ExecutorService threads = Executors.newFixedThreadPool(4);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<?>> writers = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            int thread = t;
            writers.add(threads.submit(() -> {
                go.await();
                for (int i = 0; i < 5_000; i++) {
                    buffer.add("t" + thread + " " + i);
                }
                return null;
            }));
        }
        go.countDown();
        while (!writers.stream().allMatch(Future::isDone)) {
            assertThat(buffer.newest(100).size()).isLessThanOrEqualTo(100);
        }
        for (Future<?> w : writers) {
            w.get();
        }
        threads.shutdown();
        assertThat(threads.awaitTermination(5, TimeUnit.SECONDS)).isTrue();

        assertThat(buffer.newest(500)).hasSize(100);
        assertThat(buffer.dropped()).isEqualTo(4 * 5_000 - 100);
        for (int t = 0; t < 4; t++) {
            String prefix = "t" + t + " ";
            assertThat(buffer.newest(100).stream().filter(l -> l.startsWith(prefix)).toList())
                    .as("one thread's lines stay in order").isSortedAccordingTo(
                            (a, b) -> Integer.compare(Integer.parseInt(a.substring(prefix.length())),
                                    Integer.parseInt(b.substring(prefix.length()))));
        }
    }

    @Test
    void theAppenderKeepsFormattedRedactedLinesFromARealLoggerContext() {
        LoggerContext context = new LoggerContext();
        context.setMDCAdapter(MDC.getMDCAdapter());
        RecentLogAppender appender = new RecentLogAppender();
        appender.setContext(context);
        appender.setName(RecentLogAppender.NAME);
        appender.setCapacity(2);
        appender.start();
        Logger logger = context.getLogger("dev.salle.device.page.ControlApi");
        logger.addAppender(appender);

        MDC.put("device", "salle-0042");
        try {
            logger.info("first");
            logger.warn("wrong PIN from {}: pin={}", "10.0.0.7", "123456");
            logger.error("join failed", new IllegalStateException("bridge said no"));
        } finally {
            MDC.remove("device");
        }

        List<String> lines = appender.buffer().newest(10);
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).contains(" WARN ControlApi [").contains("{device=salle-0042}")
                .endsWith("- wrong PIN from 10.0.0.7: pin=<redacted>");
        assertThat(lines.get(1)).contains(" ERROR ControlApi")
                .endsWith("- join failed (java.lang.IllegalStateException: bridge said no)");
        context.stop();
    }
}

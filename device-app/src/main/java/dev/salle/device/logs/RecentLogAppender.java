package dev.salle.device.logs;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.AppenderBase;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import org.slf4j.ILoggerFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A logback appender that keeps the newest lines in a {@link RecentLogBuffer} for the fleet's
 * {@code collect-logs}. Named {@value #NAME} on the root logger in {@code logback-device.xml};
 * {@code <capacity>} (default {@value #DEFAULT_CAPACITY}) sets how many lines it keeps. A line is
 * {@code time level logger [thread] {mdc} - message}, and the exception's class and message when
 * there is one (not the stack: the journal has it). Thread-safe (logback serialises appends).
 */
public final class RecentLogAppender extends AppenderBase<ILoggingEvent> {

    /** The appender's name in the logging configuration. */
    public static final String NAME = "RECENT";
    public static final int DEFAULT_CAPACITY = 500;

    private int capacity = DEFAULT_CAPACITY;
    private volatile RecentLogBuffer buffer = new RecentLogBuffer(DEFAULT_CAPACITY);

    /** Set by logback from {@code <capacity>} before {@link #start()}. */
    public void setCapacity(int capacity) {
        this.capacity = capacity;
    }

    @Override
    public void start() {
        try {
            buffer = new RecentLogBuffer(capacity);
        } catch (IllegalArgumentException e) {
            addError("appender " + getName() + ": <capacity> " + e.getMessage());
            return;
        }
        super.start();
    }

    @Override
    protected void append(ILoggingEvent event) {
        buffer.add(format(event));
    }

    /** The lines kept so far. */
    public RecentLogBuffer buffer() {
        return buffer;
    }

    static String format(ILoggingEvent event) {
        StringBuilder line = new StringBuilder(128)
                .append(Instant.ofEpochMilli(event.getTimeStamp())).append(' ')
                .append(event.getLevel()).append(' ')
                .append(shortName(event.getLoggerName())).append(" [").append(event.getThreadName()).append("] ");
        Map<String, String> mdc = event.getMDCPropertyMap();
        if (mdc != null && !mdc.isEmpty()) {
            line.append(mdc).append(' ');
        }
        line.append("- ").append(event.getFormattedMessage());
        IThrowableProxy thrown = event.getThrowableProxy();
        if (thrown != null) {
            line.append(" (").append(thrown.getClassName()).append(": ").append(thrown.getMessage()).append(')');
        }
        return line.toString();
    }

    private static String shortName(String logger) {
        int dot = logger.lastIndexOf('.');
        return dot < 0 ? logger : logger.substring(dot + 1);
    }

    /**
     * The buffer of the appender named {@value #NAME} on the root logger, when the running logging
     * backend is logback and its configuration has one (the device's has; tests' usually not).
     */
    public static Optional<RecentLogBuffer> installed() {
        ILoggerFactory factory = LoggerFactory.getILoggerFactory();
        if (!(factory instanceof LoggerContext context)) {
            return Optional.empty();
        }
        for (Iterator<Appender<ILoggingEvent>> it = context.getLogger(Logger.ROOT_LOGGER_NAME).iteratorForAppenders(); it.hasNext(); ) {
            if (it.next() instanceof RecentLogAppender recent && recent.isStarted()) {
                return Optional.of(recent.buffer());
            }
        }
        return Optional.empty();
    }
}

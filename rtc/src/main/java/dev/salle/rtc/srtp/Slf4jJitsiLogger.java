package dev.salle.rtc.srtp;

import java.util.Map;
import java.util.function.Supplier;
import java.util.logging.Handler;
import java.util.logging.Level;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes jitsi-srtp's logging to SLF4J so the application's backend decides (house rule: SLF4J
 * only). Level setters and handlers are ignored; the SLF4J configuration owns levels.
 */
final class Slf4jJitsiLogger implements org.jitsi.utils.logging2.Logger {
  private final Logger log;

  Slf4jJitsiLogger(String name) {
    this.log = LoggerFactory.getLogger(name);
  }

  @Override
  public org.jitsi.utils.logging2.Logger createChildLogger(String name, Map<String, String> c) {
    return new Slf4jJitsiLogger(name);
  }

  @Override
  public org.jitsi.utils.logging2.Logger createChildLogger(String name) {
    return new Slf4jJitsiLogger(name);
  }

  @Override
  public void setUseParentHandlers(boolean use) {}

  @Override
  public void addHandler(Handler handler) {}

  @Override
  public void removeHandler(Handler handler) {}

  @Override
  public boolean isTraceEnabled() {
    return log.isTraceEnabled();
  }

  @Override
  public void trace(Object msg) {
    log.trace("{}", msg);
  }

  @Override
  public void trace(Supplier<String> msg) {
    if (log.isTraceEnabled()) {
      log.trace(msg.get());
    }
  }

  @Override
  public boolean isDebugEnabled() {
    return log.isDebugEnabled();
  }

  @Override
  public void debug(Object msg) {
    log.debug("{}", msg);
  }

  @Override
  public void debug(Supplier<String> msg) {
    if (log.isDebugEnabled()) {
      log.debug(msg.get());
    }
  }

  @Override
  public boolean isInfoEnabled() {
    return log.isInfoEnabled();
  }

  @Override
  public void info(Object msg) {
    log.info("{}", msg);
  }

  @Override
  public void info(Supplier<String> msg) {
    if (log.isInfoEnabled()) {
      log.info(msg.get());
    }
  }

  @Override
  public boolean isWarnEnabled() {
    return log.isWarnEnabled();
  }

  @Override
  public void warn(Object msg) {
    log.warn("{}", msg);
  }

  @Override
  public void warn(Supplier<String> msg) {
    if (log.isWarnEnabled()) {
      log.warn(msg.get());
    }
  }

  @Override
  public void warn(Object msg, Throwable t) {
    log.warn(String.valueOf(msg), t);
  }

  @Override
  public void error(Object msg) {
    log.error("{}", msg);
  }

  @Override
  public void error(Supplier<String> msg) {
    log.error(msg.get());
  }

  @Override
  public void error(Object msg, Throwable t) {
    log.error(String.valueOf(msg), t);
  }

  @Override
  public void setLevelError() {}

  @Override
  public void setLevelWarn() {}

  @Override
  public void setLevelInfo() {}

  @Override
  public void setLevelDebug() {}

  @Override
  public void setLevelTrace() {}

  @Override
  public void setLevelAll() {}

  @Override
  public void setLevelOff() {}

  @Override
  public void setLevel(Level level) {}

  @Override
  public Level getLevel() {
    return log.isTraceEnabled() ? Level.FINEST : log.isDebugEnabled() ? Level.FINE : Level.INFO;
  }

  @Override
  public void addContext(Map<String, String> context) {}

  @Override
  public void addContext(String key, String value) {}
}

package dev.salle.rtc.srtp;

import java.util.concurrent.atomic.LongAdder;

/**
 * How many packets each {@link SrtpSession} operation handled, by outcome. Thread-safe; reads
 * are a live view, not a snapshot.
 */
public final class SrtpCounters {
  /** The four transforms a session performs. */
  public enum Operation {
    PROTECT_RTP,
    UNPROTECT_RTP,
    PROTECT_RTCP,
    UNPROTECT_RTCP
  }

  private final LongAdder[][] counts =
      new LongAdder[Operation.values().length][SrtpStatus.values().length];

  SrtpCounters() {
    for (LongAdder[] row : counts) {
      for (int i = 0; i < row.length; i++) {
        row[i] = new LongAdder();
      }
    }
  }

  void record(Operation op, SrtpStatus status) {
    counts[op.ordinal()][status.ordinal()].increment();
  }

  public long count(Operation op, SrtpStatus status) {
    return counts[op.ordinal()][status.ordinal()].sum();
  }

  /** Every non-OK outcome of this operation. */
  public long failures(Operation op) {
    long sum = 0;
    for (SrtpStatus s : SrtpStatus.values()) {
      if (s != SrtpStatus.OK) {
        sum += count(op, s);
      }
    }
    return sum;
  }
}

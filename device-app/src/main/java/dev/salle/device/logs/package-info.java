/**
 * The device's recent log lines in memory, for the fleet's {@code collect-logs} command:
 * {@link dev.salle.device.logs.RecentLogAppender} (a logback appender named in
 * {@code logback-device.xml}) keeps them in a bounded {@link dev.salle.device.logs.RecentLogBuffer},
 * each line passed through {@link dev.salle.device.logs.LogRedaction} first, so a secret that
 * slipped into a message never reaches the fleet.
 */
package dev.salle.device.logs;

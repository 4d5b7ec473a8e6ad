package dev.salle.provisioning.broker;

import java.util.List;
import java.util.regex.Pattern;

/**
 * The broker's per-device access control, as a Mosquitto ACL file. With
 * {@code use_identity_as_username true} a client's user name is its certificate's CN: the device
 * id the device CA put there. So one {@code pattern} line per topic gives every device exactly its
 * own topics, and no device can touch another's:
 *
 * <ul>
 *   <li>write {@code {prefix}/devices/{id}/state} (retained, also its will), {@code telemetry},
 *       {@code events} and {@code replies/#} (answers to commands);
 *   <li>read {@code {prefix}/devices/{id}/cmd}.
 * </ul>
 *
 * The fleet manager's client (CN {@code fleetClientId}) reads and writes everything under the prefix.
 */
public final class DeviceAcl {

    public static final String DEFAULT_FLEET_CLIENT = "salle-fleet";

    private static final Pattern PREFIX = Pattern.compile("[A-Za-z0-9_-]{1,40}(/[A-Za-z0-9_-]{1,40}){0,4}");
    private static final Pattern CLIENT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    /** Whether a rule lets a device publish to a topic, or subscribe to it (and be served it). */
    public enum Access { WRITE, READ }

    /**
     * One thing a device may do with its own topics.
     *
     * @param topicSuffix the topic after {@code {prefix}/devices/{id}/}; may end in {@code #}
     */
    public record Rule(Access access, String topicSuffix) {
    }

    /** What every device may do with its own topics, and nothing else. */
    public static final List<Rule> DEVICE_RULES = List.of(
            new Rule(Access.WRITE, "state"),
            new Rule(Access.WRITE, "telemetry"),
            new Rule(Access.WRITE, "events"),
            new Rule(Access.WRITE, "replies/#"),
            new Rule(Access.READ, "cmd"));

    private DeviceAcl() {
    }

    /** Checks a topic prefix for use in rules; returns it. */
    public static String requirePrefix(String prefix) {
        if (prefix == null || !PREFIX.matcher(prefix).matches()) {
            throw new IllegalArgumentException("topic prefix '" + prefix + "' must be levels of letters, digits, '-' and '_'");
        }
        return prefix;
    }

    /** The ACL file's text. */
    public static String mosquitto(String prefix, String fleetClientId) {
        requirePrefix(prefix);
        if (!CLIENT.matcher(fleetClientId).matches()) {
            throw new IllegalArgumentException("fleet client id '" + fleetClientId + "' must be 1-64 of A-Z a-z 0-9 . _ -");
        }
        StringBuilder text = new StringBuilder(
                "# Salle: each device (certificate CN = device id = user name) may use only its own topics.\n");
        for (Rule rule : DEVICE_RULES) {
            text.append("pattern ").append(rule.access() == Access.WRITE ? "write " : "read ")
                    .append(prefix).append("/devices/%u/").append(rule.topicSuffix()).append('\n');
        }
        return text + String.join("\n",
                "",
                "# The fleet manager sees and commands every device.",
                "user " + fleetClientId,
                "topic readwrite " + prefix + "/#",
                "");
    }
}

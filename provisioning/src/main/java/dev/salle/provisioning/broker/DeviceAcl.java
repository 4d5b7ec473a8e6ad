package dev.salle.provisioning.broker;

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

    public static final String DEFAULT_PREFIX = "salle/v1";
    public static final String DEFAULT_FLEET_CLIENT = "salle-fleet";

    private static final Pattern PREFIX = Pattern.compile("[A-Za-z0-9_-]{1,40}(/[A-Za-z0-9_-]{1,40}){0,4}");
    private static final Pattern CLIENT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    private DeviceAcl() {
    }

    /** The ACL file's text. */
    public static String mosquitto(String prefix, String fleetClientId) {
        if (!PREFIX.matcher(prefix).matches()) {
            throw new IllegalArgumentException("topic prefix '" + prefix + "' must be levels of letters, digits, '-' and '_'");
        }
        if (!CLIENT.matcher(fleetClientId).matches()) {
            throw new IllegalArgumentException("fleet client id '" + fleetClientId + "' must be 1-64 of A-Z a-z 0-9 . _ -");
        }
        String device = prefix + "/devices/%u/";
        return String.join("\n",
                "# Salle: each device (certificate CN = device id = user name) may use only its own topics.",
                "pattern write " + device + "state",
                "pattern write " + device + "telemetry",
                "pattern write " + device + "events",
                "pattern write " + device + "replies/#",
                "pattern read " + device + "cmd",
                "",
                "# The fleet manager sees and commands every device.",
                "user " + fleetClientId,
                "topic readwrite " + prefix + "/#",
                "");
    }
}

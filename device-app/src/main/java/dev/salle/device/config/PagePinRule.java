package dev.salle.device.config;

import dev.salle.settings.ConfigException;
import dev.salle.settings.DeviceSettings;
import static dev.salle.settings.DeviceSettings.PAGE_BIND;
import static dev.salle.settings.DeviceSettings.PAGE_ENABLED;
import static dev.salle.settings.DeviceSettings.PAGE_PIN;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/**
 * The rule that spans two page keys: a device page reachable beyond loopback must ask for a PIN,
 * or anyone on the room's network could join, leave and mute the room.
 */
final class PagePinRule {

    private static final Pattern IPV4_LOOPBACK = Pattern.compile("127(\\.(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])){3}");

    private PagePinRule() {}

    /** @throws ConfigException naming {@code page.pin} when the page listens beyond loopback without one */
    static void check(ConfigValues values) {
        String bind = values.get(PAGE_BIND);
        if (values.get(PAGE_ENABLED) && values.get(PAGE_PIN).isEmpty() && !isLoopback(bind)) {
            throw new ConfigException(PAGE_PIN.key(), "config key '" + PAGE_PIN.key() + "' is empty, but page.bind is '" + bind
                    + "', which is not a loopback address, so anyone on the network could drive the room; set "
                    + PAGE_PIN.key() + " to a PIN of at least 6 characters, or set page.bind to 127.0.0.1");
        }
    }

    /**
     * Whether an address is loopback: {@code localhost}, 127.0.0.0/8 or {@code ::1}. Never asks DNS:
     * anything that is not one of these literal forms counts as reachable from the network.
     */
    static boolean isLoopback(String bind) {
        if (bind.equals("localhost") || IPV4_LOOPBACK.matcher(bind).matches()) {
            return true;
        }
        if (!bind.contains(":")) {
            return false;
        }
        try {
            return InetAddress.getByName(bind).isLoopbackAddress(); // a literal with ':' is parsed, not looked up
        } catch (UnknownHostException e) {
            return false;
        }
    }
}

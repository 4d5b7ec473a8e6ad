package dev.salle.device.fleet;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The network link the device uses, for telemetry: the interface of the default IPv4 route
 * ({@code /proc/net/route}), whether it is up ({@code /sys/class/net/IF/operstate}), Ethernet or
 * Wi-Fi, its speed, and its receive and transmit errors and drops since boot.
 *
 * <p>Nothing read is trusted: an interface name that is not one (Linux allows at most 15
 * characters, no '/') is not looked up, and a value that does not parse is left out. Without a
 * default route the result is {@code {"defaultRoute": false}}.
 */
final class NetworkTelemetry {

    private static final Pattern INTERFACE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,14}");
    private static final int RTF_UP = 0x1;
    private static final int MAX_ROUTES = 4096;

    private NetworkTelemetry() {
    }

    static Map<String, Object> read(Path procRoot, Path sysRoot) {
        Map<String, Object> network = new LinkedHashMap<>();
        Optional<String> iface = defaultRouteInterface(SystemTelemetry.lines(procRoot.resolve("net/route")));
        if (iface.isEmpty()) {
            network.put("defaultRoute", false);
            return network;
        }
        Path dir = sysRoot.resolve("class/net").resolve(iface.get());
        network.put("defaultRoute", true);
        network.put("interface", iface.get());
        network.put("kind", Files.isDirectory(dir.resolve("wireless")) ? "wifi" : "ethernet");
        first(dir.resolve("operstate")).ifPresent(state -> network.put("up", state.equals("up")));
        number(dir.resolve("speed")).filter(v -> v > 0).ifPresent(v -> network.put("speedMbps", v));
        number(dir.resolve("statistics/rx_errors")).ifPresent(v -> network.put("rxErrors", v));
        number(dir.resolve("statistics/tx_errors")).ifPresent(v -> network.put("txErrors", v));
        number(dir.resolve("statistics/rx_dropped")).ifPresent(v -> network.put("rxDropped", v));
        return network;
    }

    /** The interface of the first default route that is up: destination and mask 0, flag RTF_UP. */
    static Optional<String> defaultRouteInterface(List<String> route) {
        for (int i = 1; i < Math.min(route.size(), MAX_ROUTES); i++) { // line 0 is the header
            String[] f = route.get(i).trim().split("\\s+");
            if (f.length < 8 || !INTERFACE.matcher(f[0]).matches()) {
                continue;
            }
            try {
                long destination = Long.parseLong(f[1], 16);
                int flags = Integer.parseInt(f[3], 16);
                long mask = Long.parseLong(f[7], 16);
                if (destination == 0 && mask == 0 && (flags & RTF_UP) != 0) {
                    return Optional.of(f[0]);
                }
            } catch (NumberFormatException e) {
                // not a route line
            }
        }
        return Optional.empty();
    }

    private static Optional<String> first(Path file) {
        return SystemTelemetry.firstLine(file).map(String::strip);
    }

    private static Optional<Long> number(Path file) {
        return first(file).flatMap(text -> {
            var v = SystemTelemetry.parseLong(text);
            return v.isPresent() && v.getAsLong() >= 0 ? Optional.of(v.getAsLong()) : Optional.empty();
        });
    }
}

package dev.salle.rtc.peer;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The addresses a port bound to a wildcard is reachable on: one host candidate each (RFC 8445
 * §5.1.1.1). Interfaces that are up, their non-link-local addresses of the wildcard's family (both
 * families for {@code ::}), loopback last and only when nothing else is up (a network namespace
 * with only {@code lo}).
 */
final class HostAddresses {

    static final int MAX = 8;

    private HostAddresses() {}

    static List<InetAddress> of(InetAddress wildcard) {
        boolean v6 = wildcard instanceof Inet6Address;
        List<InetAddress> found = new ArrayList<>();
        List<InetAddress> loopback = new ArrayList<>();
        try {
            for (NetworkInterface nif : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (!nif.isUp()) {
                    continue;
                }
                for (InetAddress a : Collections.list(nif.getInetAddresses())) {
                    if (a.isLinkLocalAddress() || (!v6 && !(a instanceof Inet4Address))) {
                        continue;
                    }
                    (a.isLoopbackAddress() ? loopback : found).add(a);
                }
            }
        } catch (SocketException e) {
            // no interface list: fall back to loopback below
        }
        if (found.isEmpty()) {
            found.addAll(loopback.isEmpty() ? List.of(InetAddress.getLoopbackAddress()) : loopback);
        }
        return List.copyOf(found.subList(0, Math.min(MAX, found.size())));
    }
}

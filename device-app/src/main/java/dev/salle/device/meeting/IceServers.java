package dev.salle.device.meeting;

import dev.salle.rtc.turn.TurnServer;
import dev.salle.rtc.turn.TurnServerUrl;
import dev.salle.rtc.turn.TurnTlsTrust;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import livekit.LivekitRtc;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The TURN servers a JoinResponse offers ({@code ice_servers}, field 5: urls, username,
 * credential), as the device can use them: {@code turn:} URLs over UDP or TCP and {@code turns:}
 * URLs over TLS (checked against the system trust store, plus the site's CA when
 * {@code call.turn-trust-anchors} names one, and the URL's host name), with both
 * credentials; within one entry UDP comes first, then TCP, then TLS (TCP 443 is the last way out
 * of a strict network). Every other entry is skipped and said so once in the log:
 * {@code turns:…?transport=udp} (DTLS is not built), {@code stun:} (no server-reflexive gathering),
 * a malformed URL, missing credentials or a host name that does not resolve. Credentials never
 * reach the log.
 */
final class IceServers {

    private static final Logger log = LoggerFactory.getLogger(IceServers.class);
    /** At most this many allocations per peer connection: a hostile server cannot make us allocate without end. */
    static final int MAX_TURN_SERVERS = 4;

    private IceServers() {
    }

    /**
     * The usable TURN servers of {@code servers}, in order, at most {@link #MAX_TURN_SERVERS}.
     *
     * @param tls what a {@code turns:} server's certificate may chain to ({@code call.turn-trust-anchors})
     */
    static List<TurnServer> usable(List<LivekitRtc.ICEServer> servers, TurnTlsTrust tls) {
        List<TurnServer> usable = new ArrayList<>();
        for (LivekitRtc.ICEServer server : servers) {
            List<TurnServerUrl> urls = new ArrayList<>();
            for (String url : server.getUrlsList()) {
                try {
                    urls.add(TurnServerUrl.parse(url));
                } catch (IllegalArgumentException e) {
                    log.warn("skipping ICE server: {}", e.getMessage());
                }
            }
            urls.sort(Comparator.comparingInt(u -> u.supported() ? u.clientTransport().ordinal() : 0));
            for (TurnServerUrl parsed : urls) {
                if (!parsed.supported()) {
                    log.info("skipping ICE server {}: only turn: over UDP or TCP and turns: over TLS are supported"
                            + " (no DTLS, no STUN gathering)", parsed);
                    continue;
                }
                if (server.getUsername().isEmpty() || server.getCredential().isEmpty()) {
                    log.warn("skipping TURN server {}: the JoinResponse gives no username or credential", parsed);
                    continue;
                }
                if (usable.size() == MAX_TURN_SERVERS) {
                    log.info("skipping TURN server {}: {} are enough", parsed, MAX_TURN_SERVERS);
                    continue;
                }
                try {
                    InetSocketAddress address = new InetSocketAddress(InetAddress.getByName(parsed.host()), parsed.port());
                    usable.add(new TurnServer(address, server.getUsername(), server.getCredential(),
                            parsed.clientTransport(), parsed.host(), tls));
                } catch (UnknownHostException e) {
                    log.warn("skipping TURN server {}: host {} does not resolve", parsed, parsed.host());
                } catch (IllegalArgumentException e) {
                    log.warn("skipping TURN server {}: {}", parsed, e.getMessage());
                }
            }
        }
        return List.copyOf(usable);
    }
}

package dev.salle.rtc.ice;

import dev.salle.rtc.turn.TurnClient;
import java.io.IOException;
import java.net.InetSocketAddress;

/**
 * Where a session's packets go once a check authenticated it: an address on the UDP port, one
 * ICE-TCP connection (RFC 6544), or an address reached through a TURN allocation (a relayed
 * candidate, RFC 8656). DTLS, SRTP and the SFU above see no difference.
 */
sealed interface IcePath permits IcePath.Udp, TcpStream, IcePath.Relayed {

    /** The peer's transport address. */
    InetSocketAddress remote();

    /** Sends one packet; may drop it (UDP semantics). */
    void send(byte[] buffer, int offset, int length) throws IOException;

    boolean tcp();

    /** Whether packets go through a TURN server (our relayed candidate). */
    default boolean relayed() {
        return false;
    }

    /**
     * How good the path is, for keeping a selection (RFC 8445 §5.1.2.2 type preferences, RFC 6544
     * §4.2): direct UDP 2, TCP 1, relayed 0.
     */
    default int rank() {
        return relayed() ? 0 : tcp() ? 1 : 2;
    }

    /** An address reached through the shared UDP port; equal when mux and address are. */
    record Udp(UdpMux mux, InetSocketAddress remote) implements IcePath {
        @Override
        public void send(byte[] buffer, int offset, int length) throws IOException {
            mux.sendTo(buffer, offset, length, remote);
        }

        @Override
        public boolean tcp() {
            return false;
        }
    }

    /**
     * A peer address reached through a TURN allocation: packets go out as Send indications
     * (RFC 8656 §11), and come back as Data indications that the relay hands to
     * {@link UdpMux#routeRelayed}. Equal when relay and address are.
     */
    record Relayed(TurnClient relay, InetSocketAddress remote) implements IcePath {
        @Override
        public void send(byte[] buffer, int offset, int length) throws IOException {
            try {
                relay.send(remote, buffer, offset, length);
            } catch (IllegalStateException e) {
                throw new IOException("relayed path to " + remote + " unusable: " + e.getMessage(), e);
            }
        }

        @Override
        public boolean tcp() {
            return false;
        }

        @Override
        public boolean relayed() {
            return true;
        }
    }
}

package dev.salle.rtc.ice;

import java.io.IOException;
import java.net.InetSocketAddress;

/**
 * Where a session's packets go once a check authenticated it: an address on the UDP port, or one
 * ICE-TCP connection (RFC 6544). DTLS, SRTP and the SFU above see no difference.
 */
sealed interface IcePath permits IcePath.Udp, TcpStream {

    /** The peer's transport address. */
    InetSocketAddress remote();

    /** Sends one packet; may drop it (UDP semantics). */
    void send(byte[] buffer, int offset, int length) throws IOException;

    boolean tcp();

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
}

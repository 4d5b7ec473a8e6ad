package dev.salle.rtc.turn;

import dev.salle.rtc.stun.StunAttributes;
import dev.salle.rtc.stun.StunClass;
import dev.salle.rtc.stun.StunErrorCode;
import dev.salle.rtc.stun.StunMessage;
import dev.salle.rtc.stun.StunMessageBuilder;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/** A scripted TURN server on a loopback socket: the test reads each request and writes the answer. */
final class FakeTurnServer implements AutoCloseable {

    static final String REALM = "fake.realm";
    static final InetSocketAddress RELAYED = new InetSocketAddress("127.0.0.1", 50000);

    private final DatagramSocket socket;
    private InetSocketAddress client;

    FakeTurnServer() throws IOException {
        socket = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0));
        socket.setSoTimeout(5000);
    }

    InetSocketAddress address() {
        return (InetSocketAddress) socket.getLocalSocketAddress();
    }

    /** The next request (or indication) from the client. */
    StunMessage next() throws Exception {
        DatagramPacket packet = new DatagramPacket(new byte[2048], 2048);
        socket.receive(packet);
        client = (InetSocketAddress) packet.getSocketAddress();
        return StunMessage.parse(packet.getData(), 0, packet.getLength());
    }

    void reply(byte[] message) throws IOException {
        socket.send(new DatagramPacket(message, message.length, client));
    }

    static byte[] challenge(StunMessage request, int code, String nonce) {
        return new StunMessageBuilder(StunClass.ERROR_RESPONSE, request.method(), request.transactionId())
            .errorCode(new StunErrorCode(code, code == 401 ? "Unauthorized" : "Stale Nonce"))
            .attribute(StunAttributes.REALM, REALM.getBytes(StandardCharsets.UTF_8))
            .attribute(StunAttributes.NONCE, nonce.getBytes(StandardCharsets.UTF_8))
            .build();
    }

    static byte[] allocated(StunMessage request, byte[] key) {
        return new StunMessageBuilder(StunClass.SUCCESS_RESPONSE, request.method(), request.transactionId())
            .xorAddress(StunAttributes.XOR_RELAYED_ADDRESS, RELAYED)
            .xorMappedAddress(new InetSocketAddress("127.0.0.1", 40000))
            .uint32(StunAttributes.LIFETIME, 600)
            .build(key, true);
    }

    static String nonceOf(StunMessage request) {
        return request.attribute(StunAttributes.NONCE).map(v -> new String(v, StandardCharsets.UTF_8)).orElse("");
    }

    @Override
    public void close() {
        socket.close();
    }
}

package dev.salle.device.meeting;

import static org.assertj.core.api.Assertions.assertThat;

import dev.salle.rtc.turn.TurnServer;
import dev.salle.rtc.turn.TurnTlsTrust;
import java.net.InetSocketAddress;
import java.util.List;
import livekit.LivekitRtc.ICEServer;
import org.junit.jupiter.api.Test;

class IceServersTest {

    private static ICEServer server(String username, String credential, String... urls) {
        return ICEServer.newBuilder().addAllUrls(List.of(urls)).setUsername(username).setCredential(credential).build();
    }

    @Test
    void keepsTurnOverUdpTcpAndTlsWithCredentialsUdpFirstAndSkipsTheRest() {
        List<TurnServer> usable = IceServers.usable(List.of(
                server("", "", "stun:10.0.0.1:3478"),
                server("1700:dev", "pw", "turns:10.0.0.1:5349?transport=tcp", "turn:10.0.0.1:3478?transport=tcp",
                        "turn:10.0.0.1:3478?transport=udp", "turns:10.0.0.1?transport=udp", "turn:not a url"),
                server("", "", "turn:10.0.0.2:3478")), TurnTlsTrust.SYSTEM);

        InetSocketAddress udpAndTcp = new InetSocketAddress("10.0.0.1", 3478);
        assertThat(usable).containsExactly(
                new TurnServer(udpAndTcp, "1700:dev", "pw"),
                new TurnServer(udpAndTcp, "1700:dev", "pw", TurnServer.Transport.TCP, "10.0.0.1", TurnTlsTrust.SYSTEM),
                new TurnServer(new InetSocketAddress("10.0.0.1", 5349), "1700:dev", "pw", TurnServer.Transport.TLS,
                        "10.0.0.1", TurnTlsTrust.SYSTEM));
        assertThat(usable).allSatisfy(s -> assertThat(s.toString()).doesNotContain("pw"));
    }

    @Test
    void aTlsServerIsCheckedAgainstTheTrustTheDeviceIsConfiguredWith(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        TurnTlsTrust site = TurnTlsTrust.withExtraAnchor(dev.salle.testkit.TestCertificates.create(dir, "Site CA").ca());
        List<TurnServer> usable = IceServers.usable(List.of(server("1700:dev", "pw", "turns:10.0.0.1:443?transport=tcp")), site);
        assertThat(usable).singleElement().satisfies(s -> {
            assertThat(s.transport()).isEqualTo(TurnServer.Transport.TLS);
            assertThat(s.trust()).isEqualTo(site);
        });
    }

    @Test
    void takesAtMostFourServers() {
        ICEServer many = server("u", "p", "turn:10.0.0.1:1", "turn:10.0.0.1:2", "turn:10.0.0.1:3", "turn:10.0.0.1:4",
                "turn:10.0.0.1:5");
        assertThat(IceServers.usable(List.of(many), TurnTlsTrust.SYSTEM)).hasSize(IceServers.MAX_TURN_SERVERS);
    }
}

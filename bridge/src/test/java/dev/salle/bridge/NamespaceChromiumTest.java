package dev.salle.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Page;
import dev.salle.testkit.NetworkNamespace;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The {@link NamespaceChromium} fixture: Playwright drives a Chromium that lives in the namespace. */
class NamespaceChromiumTest {

    /** Two peer connections in one page, connected through a data channel; returns the candidates' addresses. */
    private static final String GATHER = """
            async () => {
              const a = new RTCPeerConnection(), b = new RTCPeerConnection();
              const addresses = [];
              a.onicecandidate = (e) => { if (e.candidate) { addresses.push(e.candidate.address); b.addIceCandidate(e.candidate); } };
              b.onicecandidate = (e) => { if (e.candidate) { a.addIceCandidate(e.candidate); } };
              const channel = a.createDataChannel('t');
              const got = new Promise((resolve) => { b.ondatachannel = (e) => { e.channel.onmessage = (m) => resolve(m.data); }; });
              channel.onopen = () => channel.send('hello');
              await a.setLocalDescription(await a.createOffer());
              await b.setRemoteDescription(a.localDescription);
              await b.setLocalDescription(await b.createAnswer());
              await a.setRemoteDescription(b.localDescription);
              const message = await Promise.race([got, new Promise((r) => setTimeout(() => r(null), 15000))]);
              a.close(); b.close();
              return { message, addresses: addresses.join(' ') };
            }""";

    private static List<String> hostIpv4Addresses() throws SocketException {
        return Collections.list(NetworkInterface.getNetworkInterfaces()).stream()
                .flatMap(i -> Collections.list(i.getInetAddresses()).stream())
                .filter(a -> a instanceof Inet4Address).map(InetAddress::getHostAddress).toList();
    }

    @Test
    void webRtcInsideSeesOnlyTheNamespacesAddresses() throws Exception {
        List<String> hostAddresses = hostIpv4Addresses().stream().filter(a -> !a.startsWith("127.")).toList();
        try (NetworkNamespace ns = NetworkNamespace.create(); NamespaceChromium chromium = NamespaceChromium.launch(ns)) {
            Page page = chromium.newPage();

            @SuppressWarnings("unchecked")
            java.util.Map<String, Object> result = (java.util.Map<String, Object>) page.evaluate(GATHER);

            assertThat(result.get("message")).as("data channel through the namespace").isEqualTo("hello");
            List<String> addresses = List.of(((String) result.get("addresses")).split(" ")).stream()
                    .filter(a -> a.matches("\\d+\\.\\d+\\.\\d+\\.\\d+")).toList();
            assertThat(addresses).as("IPv4 candidates").isNotEmpty()
                    .allMatch(a -> a.startsWith("10.77.0.") || a.startsWith("127."))
                    .doesNotContainAnyElementsOf(hostAddresses);
            assertThat(String.valueOf(page.evaluate("() => navigator.userAgent"))).contains("Chrome");
        }
    }
}

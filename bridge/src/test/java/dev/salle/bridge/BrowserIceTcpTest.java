package dev.salle.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.salle.testkit.NetworkNamespace;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The official livekit-client in headless Chromium on a network that lets no UDP through (every
 * UDP send in the namespace fails, {@link NetworkNamespace#blockUdp}): with the bridge's passive
 * ICE-TCP port (RFC 6544) two browsers still join and see each other's video, over TCP; with the
 * port off, a browser cannot connect at all. Where UDP gets through, the TCP candidate is offered
 * but the browsers' pairs stay on UDP (its higher priority).
 */
class BrowserIceTcpTest {

    private static final Duration MEDIA = Duration.ofSeconds(60);
    private InteropRig rig;

    @AfterEach
    void stop() {
        if (rig != null) {
            rig.close();
        }
    }

    @Test
    void twoBrowsersWhoseUdpIsBlockedExchangeVideoOverIceTcp() throws Exception {
        rig = InteropRig.start();
        rig.blockUdp(); // for the whole test: the namespace goes with the rig
        try (InteropRig.Peer alice = rig.browser("alice", rig.token("tcp-only", "alice"));
                InteropRig.Peer bob = rig.browser("bob", rig.token("tcp-only", "bob"))) {
            JsonNode atAlice = alice.await("bob's video decoded at alice", MEDIA, s -> frames(s, "bob") > 60);
            JsonNode atBob = bob.await("alice's video decoded at bob", MEDIA, s -> frames(s, "alice") > 60);

            for (JsonNode s : List.of(atAlice, atBob)) {
                for (String pc : List.of("publisher", "subscriber")) {
                    JsonNode path = s.path("paths").path(pc);
                    assertThat(path.path("protocol").asText()).as("%s's %s pair", s.path("identity").asText(), pc)
                            .isEqualTo("tcp");
                    assertThat(path.path("remotePort").asInt()).isEqualTo(7881);
                }
            }
            String metrics = rig.metrics();
            assertThat(metrics).as("no UDP reached the bridge").contains("salle_bridge_udp_datagrams_total 0");
            assertThat(metrics).contains("salle_bridge_ice_tcp_closed_total{reason=\"check_not_authenticated\"} 0")
                    .doesNotContain("salle_bridge_ice_tcp_frames_total 0");
        }
    }

    @Test
    void whereUdpGetsThroughTheBrowsersStayOnUdpThoughTheTcpCandidateIsOffered() throws Exception {
        rig = InteropRig.start();
        try (InteropRig.Peer alice = rig.browser("alice", rig.token("both", "alice"));
                InteropRig.Peer bob = rig.browser("bob", rig.token("both", "bob"))) {
            JsonNode atAlice = alice.await("bob's video decoded at alice", MEDIA, s -> frames(s, "bob") > 60);
            JsonNode atBob = bob.await("alice's video decoded at bob", MEDIA, s -> frames(s, "alice") > 60);

            for (JsonNode s : List.of(atAlice, atBob)) {
                for (String pc : List.of("publisher", "subscriber")) {
                    assertThat(s.path("paths").path(pc).path("protocol").asText())
                            .as("%s's %s pair", s.path("identity").asText(), pc).isEqualTo("udp");
                }
            }
            assertThat(rig.metrics()).doesNotContain("salle_bridge_udp_datagrams_total 0");
        }
    }

    @Test
    void withTheBridgesTcpPortOffABrowserWhoseUdpIsBlockedCannotConnect() throws Exception {
        rig = InteropRig.start("--tcp-port", "off");
        rig.blockUdp();
        try (InteropRig.Peer alice = rig.browser("alice", rig.token("no-tcp", "alice"))) {
            List<String> errors = alice.awaitError("a join with no media path", MEDIA);

            assertThat(String.join("\n", errors)).containsIgnoringCase("could not establish");
            assertThat(alice.status().path("paths").path("publisher").has("protocol")).isFalse();
        }
    }

    private static int frames(JsonNode status, String identity) {
        return status.path("remotes").path(identity).path("video").path("frames").asInt();
    }
}

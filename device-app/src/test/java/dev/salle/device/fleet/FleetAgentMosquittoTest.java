package dev.salle.device.fleet;

import dev.salle.testkit.MqttProbe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.salle.testkit.MosquittoProcess;
import dev.salle.testkit.TcpProxy;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The fleet agent against a real Mosquitto, with a cuttable TCP proxy between device and broker. */
class FleetAgentMosquittoTest {

    private static final Duration LIVENESS = Duration.ofSeconds(20);

    private MosquittoProcess broker;
    private TcpProxy proxy;
    private ScheduledExecutorService agentExecutor;
    private ScheduledExecutorService linkScheduler;
    private FleetAgent agent;
    private MqttProbe manager;
    private final FakeDevice device = new FakeDevice();
    private FleetTopics topics;

    @BeforeEach
    void startBrokerAndAgent() throws Exception {
        broker = MosquittoProcess.start();
        proxy = new TcpProxy(broker.port());
        FleetConfig config = FleetConfig.of("tcp://127.0.0.1:" + proxy.port(), "room-7")
                .withTelemetryInterval(Duration.ofMillis(300));
        topics = config.topics();
        agentExecutor = Executors.newSingleThreadScheduledExecutor();
        linkScheduler = Executors.newSingleThreadScheduledExecutor();
        manager = new MqttProbe(broker.uri(), "manager-1").subscribe("salle/v1/devices/+/#");
        agent = new FleetAgent(config, new PahoFleetLink(config, linkScheduler, new Random()), device, device,
                Clock.systemUTC(), agentExecutor);
        agent.start();
        awaitState(true);
    }

    @AfterEach
    void stopEverything() throws Exception {
        agent.close();
        manager.close();
        agentExecutor.shutdownNow();
        linkScheduler.shutdownNow();
        agentExecutor.awaitTermination(5, TimeUnit.SECONDS);
        proxy.close();
        broker.close();
    }

    private JsonNode awaitState(boolean online) {
        await().atMost(LIVENESS).untilAsserted(() -> {
            JsonNode state = lastState();
            assertThat(state).as("a state message; broker log: %s", broker.log()).isNotNull();
            assertThat(state.get("online").asBoolean()).as("online; broker log: %s", broker.log()).isEqualTo(online);
        });
        return lastState();
    }

    private JsonNode lastState() {
        List<MqttProbe.Received> states = manager.on(topics.state());
        return states.isEmpty() ? null : json(states.getLast().payload());
    }

    private static JsonNode json(String text) {
        return FleetJson.read(text.getBytes(StandardCharsets.UTF_8));
    }

    private JsonNode request(String command, String correlation) throws Exception {
        String responseTopic = topics.repliesPrefix() + "manager-1/" + correlation;
        manager.request(topics.commands(), command, responseTopic, correlation.getBytes(StandardCharsets.UTF_8));
        await().atMost(LIVENESS).until(() -> !manager.on(responseTopic).isEmpty());
        MqttProbe.Received reply = manager.on(responseTopic).getFirst();
        assertThat(new String(reply.correlationData(), StandardCharsets.UTF_8)).isEqualTo(correlation);
        return json(reply.payload());
    }

    @Test
    void aLateSubscriberSeesTheRetainedOnlineState() throws Exception {
        try (MqttProbe late = new MqttProbe(broker.uri(), "late").subscribe(topics.state())) {
            await().atMost(LIVENESS).until(() -> !late.on(topics.state()).isEmpty());

            MqttProbe.Received state = late.on(topics.state()).getFirst();
            assertThat(state.retained()).isTrue();
            assertThat(json(state.payload()).get("online").asBoolean()).isTrue();
            assertThat(json(state.payload()).get("site").asText()).isEqualTo("Lyon");
        }
    }

    @Test
    void aDeviceThatVanishesLeavesItsWillAsRetainedOfflineStateAndComesBackOnline() throws Exception {
        proxy.refuseNewConnections(true);
        proxy.cut();

        JsonNode offline = awaitState(false);
        assertThat(offline.get("reason").asText()).isEqualTo("lost");
        try (MqttProbe late = new MqttProbe(broker.uri(), "late").subscribe(topics.state())) {
            await().atMost(LIVENESS).until(() -> !late.on(topics.state()).isEmpty());
            assertThat(json(late.on(topics.state()).getFirst().payload()).get("online").asBoolean()).isFalse();
        }

        proxy.refuseNewConnections(false);

        assertThat(awaitState(true).get("online").asBoolean()).isTrue();
    }

    @Test
    void afterABrokerRestartTheDeviceReconnectsAndPublishesAFreshOnlineState() throws Exception {
        broker.restart();
        manager.close();
        manager = new MqttProbe(broker.uri(), "manager-after-restart").subscribe("salle/v1/devices/+/#");

        JsonNode state = awaitState(true);

        assertThat(state.get("room").asText()).isEqualTo("Salle Rhône");
        assertThat(request("{\"command\":\"ping\"}", "after-restart").get("ok").asBoolean()).isTrue();
    }

    @Test
    void everyCommandRoundTripsWithResponseTopicAndCorrelationData() throws Exception {
        assertThat(request("{\"command\":\"ping\"}", "c-ping").at("/result/pong").asBoolean()).isTrue();
        assertThat(request("{\"command\":\"identify\",\"args\":{\"seconds\":5}}", "c-id").at("/result/seconds").asInt())
                .isEqualTo(5);
        assertThat(request("{\"command\":\"join\",\"args\":{\"meetingUrl\":\"https://visio.example/abc-defg-hij\"}}",
                "c-join").get("ok").asBoolean()).isTrue();
        assertThat(request("{\"command\":\"leave\"}", "c-leave").get("ok").asBoolean()).isTrue();
        assertThat(request("{\"command\":\"get-config\"}", "c-get").at("/result/room").asText()).isEqualTo("Salle Rhône");
        assertThat(request("{\"command\":\"set-config\",\"args\":{\"changes\":{\"volume\":7}}}", "c-set")
                .get("ok").asBoolean()).isTrue();
        assertThat(request("{\"command\":\"restart\"}", "c-restart").at("/result/restarting").asBoolean()).isTrue();

        assertThat(device.calls()).containsExactly("identify 5", "join https://visio.example/abc-defg-hij", "leave",
                "config", "setConfig [volume]", "restart");
    }

    @Test
    void malformedJsonAndAnUnknownCommandGetErrorRepliesAndChangeNothing() throws Exception {
        JsonNode malformed = request("{\"command\":\"ping\"", "c-bad");
        JsonNode unknown = request("{\"command\":\"format\"}", "c-unknown");

        assertThat(malformed.get("ok").asBoolean()).isFalse();
        assertThat(malformed.at("/error/code").asText()).isEqualTo("malformed");
        assertThat(unknown.at("/error/code").asText()).isEqualTo("unknown-command");
        assertThat(device.calls()).isEmpty();
        assertThat(agent.counters().rejectedByReason()).containsEntry("malformed", 1L).containsEntry("unknown-command", 1L);
    }

    @Test
    void anOversizedRequestIsRejectedAndARequestWithoutResponseTopicIsCountedAndDropped() throws Exception {
        String padding = "x".repeat(100 * 1024);
        JsonNode oversized = request("{\"command\":\"restart\",\"args\":{\"p\":\"" + padding + "\"}}", "c-big");
        manager.request(topics.commands(), "{\"command\":\"restart\"}", null, null);

        await().atMost(LIVENESS).until(() -> agent.counters().rejectedCount("no-response-topic") == 1);
        assertThat(oversized.at("/error/code").asText()).isEqualTo("malformed");
        assertThat(oversized.at("/error/message").asText()).contains("65536");
        assertThat(agent.counters().rejectedCount("oversized")).isEqualTo(1);
        assertThat(device.calls()).isEmpty();
    }

    @Test
    void setConfigWithABadKeyGetsAnErrorNamingTheKey() throws Exception {
        JsonNode reply = request("{\"command\":\"set-config\",\"args\":{\"changes\":{\"bogus\":true}}}", "c-bogus");

        assertThat(reply.at("/error/code").asText()).isEqualTo("invalid-argument");
        assertThat(reply.at("/error/message").asText()).contains("bogus");
    }

    @Test
    void telemetryArrivesPeriodicallyWithIncreasingSequenceNumbers() {
        await().atMost(LIVENESS).until(() -> manager.on(topics.telemetry()).size() >= 3);

        List<Long> seqs = manager.on(topics.telemetry()).stream().map(r -> json(r.payload()).get("seq").asLong()).toList();
        assertThat(seqs).isSorted().doesNotHaveDuplicates();
        assertThat(manager.on(topics.telemetry())).allSatisfy(r -> assertThat(r.retained()).isFalse());
    }

    @Test
    void aCleanShutdownPublishesRetainedOfflineStateItself() {
        agent.close();

        JsonNode offline = awaitState(false);
        assertThat(offline.get("reason").asText()).isEqualTo("shutdown");
    }
}

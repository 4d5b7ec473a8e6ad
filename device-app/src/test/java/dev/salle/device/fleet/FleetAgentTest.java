package dev.salle.device.fleet;

import dev.salle.testkit.FakeScheduler;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class FleetAgentTest {

    private final FakeScheduler scheduler = new FakeScheduler();
    private final FakeFleetLink link = new FakeFleetLink();
    private final FakeDevice device = new FakeDevice();
    private final FleetConfig config = FleetConfig.of("tcp://127.0.0.1:1883", "room-42")
            .withTelemetryInterval(Duration.ofSeconds(30))
            .withOutboxCapacity(3);
    private final FleetTopics topics = config.topics();
    private final Clock clock = Clock.fixed(Instant.parse("2026-11-22T03:10:00Z"), ZoneOffset.UTC);
    private final FleetAgent agent = new FleetAgent(config, link, device, device, clock, scheduler);

    @BeforeEach
    void startAgent() {
        agent.start();
    }

    private void connect() {
        link.connect();
        scheduler.runDue();
    }

    private JsonNode lastOn(String topic) {
        List<OutboundMessage> messages = link.publishedOn(topic);
        assertThat(messages).as("messages on %s", topic).isNotEmpty();
        return FleetJson.read(messages.getLast().payload());
    }

    private JsonNode command(String json, String correlation) {
        link.clearPublished();
        link.deliver(topics.commands(), json, topics.repliesPrefix() + "manager-1", correlation);
        scheduler.runDue();
        List<OutboundMessage> replies = link.publishedOn(topics.repliesPrefix() + "manager-1");
        assertThat(replies).hasSize(1);
        assertThat(replies.getFirst().correlationData()).hasValueSatisfying(
                c -> assertThat(new String(c, StandardCharsets.UTF_8)).isEqualTo(correlation));
        return FleetJson.read(replies.getFirst().payload());
    }

    @Test
    void willIsARetainedOfflineStateOnTheStateTopic() {
        OutboundMessage will = link.will();

        assertThat(will.topic()).isEqualTo("salle/v1/devices/room-42/state");
        assertThat(will.retained()).isTrue();
        assertThat(FleetJson.read(will.payload()).get("online").asBoolean()).isFalse();
        assertThat(FleetJson.read(will.payload()).get("reason").asText()).isEqualTo("lost");
    }

    @Test
    void everyConnectSubscribesToCommandsAndPublishesARetainedOnlineState() {
        connect();
        link.drop();
        connect();

        assertThat(link.subscriptions()).containsExactly("salle/v1/devices/room-42/cmd");
        List<OutboundMessage> states = link.publishedOn(topics.state());
        assertThat(states).hasSize(2).allSatisfy(m -> assertThat(m.retained()).isTrue());
        JsonNode state = lastOn(topics.state());
        assertThat(state.get("online").asBoolean()).isTrue();
        assertThat(state.get("room").asText()).isEqualTo("Salle Rhône");
        assertThat(state.get("call").asText()).isEqualTo("idle");
        assertThat(state.get("ts").asText()).isEqualTo("2026-11-22T03:10:00Z");
    }

    @Test
    void publishStateSendsTheNewCallState() {
        connect();
        device.callState("in_call");

        agent.publishState();
        scheduler.runDue();

        assertThat(lastOn(topics.state()).get("call").asText()).isEqualTo("in_call");
    }

    @Test
    void telemetryIsPublishedEveryIntervalWithAGrowingSequenceNumber() {
        connect();

        scheduler.advance(Duration.ofSeconds(90));

        List<OutboundMessage> telemetry = link.publishedOn(topics.telemetry());
        assertThat(telemetry).hasSize(3).allSatisfy(m -> assertThat(m.retained()).isFalse());
        assertThat(telemetry.stream().map(m -> FleetJson.read(m.payload()).get("seq").asLong()))
                .containsExactly(1L, 2L, 3L);
        assertThat(lastOn(topics.telemetry()).get("cpuPercent").asDouble()).isEqualTo(12.5);
    }

    @Test
    void whileOfflineTheOutboxKeepsTheNewestTelemetryAndFlushesItInOrderOnReconnect() {
        scheduler.advance(Duration.ofSeconds(150));
        assertThat(link.publishedOn(topics.telemetry())).isEmpty();

        connect();

        List<Long> seqs = link.publishedOn(topics.telemetry()).stream()
                .map(m -> FleetJson.read(m.payload()).get("seq").asLong()).toList();
        assertThat(seqs).containsExactly(3L, 4L, 5L);
        assertThat(agent.outboxDropped()).isEqualTo(2);
    }

    @Test
    void pingRepliesWithPongOnTheResponseTopicWithTheSameCorrelationData() {
        connect();

        JsonNode reply = command("{\"command\":\"ping\"}", "corr-1");

        assertThat(reply.get("ok").asBoolean()).isTrue();
        assertThat(reply.at("/result/pong").asBoolean()).isTrue();
        assertThat(reply.at("/result/ts").asText()).isEqualTo("2026-11-22T03:10:00Z");
    }

    @Test
    void malformedAndUnknownCommandsGetErrorRepliesAndChangeNothing() {
        connect();

        JsonNode malformed = command("{\"command\":", "c1");
        JsonNode unknown = command("{\"command\":\"self-destruct\"}", "c2");
        JsonNode badArg = command("{\"command\":\"identify\",\"args\":{\"seconds\":-1}}", "c3");

        assertThat(malformed.at("/error/code").asText()).isEqualTo("malformed");
        assertThat(unknown.at("/error/code").asText()).isEqualTo("unknown-command");
        assertThat(badArg.at("/error/code").asText()).isEqualTo("invalid-argument");
        assertThat(device.calls()).isEmpty();
        assertThat(agent.counters().receivedCount()).isEqualTo(3);
        assertThat(agent.counters().rejectedByReason())
                .containsEntry("malformed", 1L).containsEntry("unknown-command", 1L).containsEntry("invalid-argument", 1L);
    }

    @Test
    void aCommandWithoutAUsableResponseTopicIsCountedAndDroppedUnexecuted() {
        connect();
        link.clearPublished();

        link.deliver(topics.commands(), "{\"command\":\"restart\"}", null, "c1");
        link.deliver(topics.commands(), "{\"command\":\"restart\"}", "salle/v1/devices/other/replies/x", "c2");
        scheduler.runDue();

        assertThat(link.published()).isEmpty();
        assertThat(device.calls()).isEmpty();
        assertThat(agent.counters().rejectedCount("no-response-topic")).isEqualTo(1);
        assertThat(agent.counters().rejectedCount("bad-response-topic")).isEqualTo(1);
    }

    @Test
    void setConfigWithABadKeyGetsAnErrorNamingTheKey() {
        connect();

        JsonNode reply = command("{\"command\":\"set-config\",\"args\":{\"changes\":{\"bogus\":1}}}", "c1");

        assertThat(reply.get("ok").asBoolean()).isFalse();
        assertThat(reply.at("/error/code").asText()).isEqualTo("invalid-argument");
        assertThat(reply.at("/error/message").asText()).contains("bogus");
        assertThat(agent.counters().failedCount()).isEqualTo(1);
    }

    @Test
    void restartIsAnsweredBeforeTheDeviceRestarts() {
        connect();

        JsonNode reply = command("{\"command\":\"restart\"}", "c1");

        assertThat(reply.at("/result/restarting").asBoolean()).isTrue();
        assertThat(device.calls()).containsExactly("restart");
    }

    @Test
    void factoryResetNeedsTheDevicesOwnIdAndIsAnsweredBeforeTheWipe() {
        connect();

        JsonNode wrong = command("{\"command\":\"factory-reset\",\"args\":{\"confirm\":\"someone-else\"}}", "c1");
        JsonNode missing = command("{\"command\":\"factory-reset\"}", "c2");
        assertThat(device.calls()).isEmpty();
        JsonNode reply = command("{\"command\":\"factory-reset\",\"args\":{\"confirm\":\"" + config.deviceId() + "\"}}", "c3");

        assertThat(wrong.at("/error/code").asText()).isEqualTo("invalid-argument");
        assertThat(wrong.at("/error/message").asText()).contains("confirm");
        assertThat(missing.at("/error/code").asText()).isEqualTo("invalid-argument");
        assertThat(reply.at("/result/resetting").asBoolean()).isTrue();
        assertThat(device.calls()).containsExactly("factory-reset");
    }

    @Test
    void identifyJoinAndGetConfigReachTheDevice() {
        connect();

        command("{\"command\":\"identify\",\"args\":{\"seconds\":10}}", "c1");
        JsonNode joined = command("{\"command\":\"join\"}", "c2");
        JsonNode config = command("{\"command\":\"get-config\"}", "c3");

        assertThat(device.calls()).containsExactly("identify 10", "join next", "config");
        assertThat(joined.at("/result/call").asText()).isEqualTo("joining");
        assertThat(config.at("/result/room").asText()).isEqualTo("Salle Rhône");
    }

    @Test
    void aFloodOfCommandsBeyondThePendingLimitIsDroppedAndCountedAsBusy() {
        connect();
        link.clearPublished();

        for (int i = 0; i < FleetAgent.MAX_PENDING_COMMANDS + 8; i++) {
            link.deliver(topics.commands(), "{\"command\":\"ping\"}", topics.repliesPrefix() + "m", "c" + i);
        }
        scheduler.runDue();

        assertThat(link.publishedOn(topics.repliesPrefix() + "m")).hasSize(FleetAgent.MAX_PENDING_COMMANDS);
        assertThat(agent.counters().rejectedCount("busy")).isEqualTo(8);
        assertThat(agent.counters().receivedCount()).isEqualTo(FleetAgent.MAX_PENDING_COMMANDS + 8);
    }

    @Test
    void telemetryCarriesTheCommandCounters() {
        connect();
        command("{\"command\":\"nope\"}", "c1");

        scheduler.advance(Duration.ofSeconds(30));

        JsonNode fleet = lastOn(topics.telemetry()).get("fleet");
        assertThat(fleet.get("commandsReceived").asLong()).isEqualTo(1);
        assertThat(fleet.at("/commandsRejected/unknown-command").asLong()).isEqualTo(1);
    }

    @Test
    void closePublishesARetainedOfflineStateAndClosesTheLink() {
        connect();

        agent.close();

        JsonNode state = lastOn(topics.state());
        assertThat(state.get("online").asBoolean()).isFalse();
        assertThat(state.get("reason").asText()).isEqualTo("shutdown");
        assertThat(link.closed()).isTrue();
    }
}

package dev.salle.device.fleet;

import dev.salle.device.logs.RecentLogBuffer;
import dev.salle.testkit.FakeScheduler;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.awt.image.BufferedImage;
import javax.imageio.ImageIO;
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
    private final FakeScreen screen = new FakeScreen();
    private final RecentLogBuffer logs = new RecentLogBuffer(500);
    private final FleetAgent agent = new FleetAgent(config, link, device, device,
            new DeviceDiagnostics(Optional.of(screen), Optional.of(logs::newest)), clock, scheduler);

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

    @Test
    void snapshotRepliesWithTheScreenScaledToASmallJpeg() throws IOException {
        connect();
        screen.show(1920, 1080);

        JsonNode reply = command("{\"command\":\"snapshot\"}", "c1");

        assertThat(reply.get("ok").asBoolean()).as("%s", reply).isTrue();
        JsonNode result = reply.get("result");
        assertThat(result.get("contentType").asText()).isEqualTo("image/jpeg");
        assertThat(result.get("width").asInt()).isEqualTo(320);
        assertThat(result.get("height").asInt()).isEqualTo(180);
        assertThat(result.get("screenWidth").asInt()).isEqualTo(1920);
        byte[] jpeg = Base64.getDecoder().decode(result.get("jpeg").asText());
        assertThat(jpeg).hasSize(result.get("bytes").asInt());
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(jpeg));
        assertThat(image.getWidth()).isEqualTo(320);
        assertThat(image.getHeight()).isEqualTo(180);
        // the light band in the middle survives the scaling
        assertThat(image.getRGB(160, 75) & 0xff).isGreaterThan(200);
        assertThat(image.getRGB(5, 5) & 0xff).isLessThan(100);
    }

    @Test
    void aSnapshotOfTheWorstPictureStillFitsWellUnderTheReplyBound() {
        connect();
        screen.showNoise(1920, 1080);

        link.clearPublished();
        link.deliver(topics.commands(), "{\"command\":\"snapshot\"}", topics.repliesPrefix() + "m", "c1");
        scheduler.runDue();

        byte[] payload = link.publishedOn(topics.repliesPrefix() + "m").getFirst().payload();
        JsonNode reply = FleetJson.read(payload);
        assertThat(reply.get("ok").asBoolean()).as("%s", reply.path("error")).isTrue();
        assertThat(reply.at("/result/bytes").asInt()).isLessThanOrEqualTo(ScreenSnapshot.MAX_JPEG_BYTES);
        assertThat(payload.length).isLessThan(48 * 1024);
    }

    @Test
    void snapshotFailsClearlyBeforeTheFirstPictureOrWithAnUnreadableOne() {
        connect();

        JsonNode none = command("{\"command\":\"snapshot\"}", "c1");
        screen.showBytes("not a jpeg".getBytes(StandardCharsets.UTF_8));
        JsonNode garbage = command("{\"command\":\"snapshot\"}", "c2");

        assertThat(none.at("/error/code").asText()).isEqualTo("failed");
        assertThat(none.at("/error/message").asText()).contains("no picture of the screen yet");
        assertThat(garbage.at("/error/code").asText()).isEqualTo("failed");
        assertThat(garbage.at("/error/message").asText()).contains("not a readable JPEG");
        assertThat(agent.counters().failedCount()).isEqualTo(2);
    }

    @Test
    void afterCloseAndItsSchedulerStoppedStatesAndEventsAreDroppedQuietly() {
        java.util.concurrent.ScheduledExecutorService real = java.util.concurrent.Executors.newSingleThreadScheduledExecutor();
        FakeFleetLink otherLink = new FakeFleetLink();
        FleetAgent shuttingDown = new FleetAgent(config, otherLink, device, device, clock, real);
        shuttingDown.start();
        shuttingDown.close();
        real.shutdownNow();

        // a call that ends while the device shuts down still tells its listeners
        org.assertj.core.api.Assertions.assertThatCode(() -> {
            shuttingDown.publishState();
            shuttingDown.publishEvent("join-failed", java.util.Map.of("kind", "transport"));
        }).doesNotThrowAnyException();
        assertThat(otherLink.publishedOn(topics.events())).isEmpty();
    }

    @Test
    void aDeviceWithoutADisplayOrLogBufferAnswersFailedSayingWhy() {
        FakeScheduler otherScheduler = new FakeScheduler();
        FakeFleetLink otherLink = new FakeFleetLink();
        FleetAgent bare = new FleetAgent(config, otherLink, device, device, clock, otherScheduler);
        bare.start();
        otherLink.connect();
        otherScheduler.runDue();

        otherLink.deliver(topics.commands(), "{\"command\":\"snapshot\"}", topics.repliesPrefix() + "m", "c1");
        otherLink.deliver(topics.commands(), "{\"command\":\"collect-logs\"}", topics.repliesPrefix() + "m", "c2");
        otherScheduler.runDue();

        List<OutboundMessage> replies = otherLink.publishedOn(topics.repliesPrefix() + "m");
        assertThat(replies).hasSize(2);
        JsonNode snapshot = FleetJson.read(replies.get(0).payload());
        JsonNode logsReply = FleetJson.read(replies.get(1).payload());
        assertThat(snapshot.at("/error/code").asText()).isEqualTo("failed");
        assertThat(snapshot.at("/error/message").asText()).contains("no display");
        assertThat(logsReply.at("/error/code").asText()).isEqualTo("failed");
        assertThat(logsReply.at("/error/message").asText()).contains("no recent log lines");
        bare.close();
    }

    @Test
    void collectLogsRepliesWithTheNewestLinesOldestFirstAndRedacted() {
        connect();
        for (int i = 1; i <= 300; i++) {
            logs.add("line " + i);
        }
        logs.add("INFO Login - joined with token=abc123 and pin=4321");

        JsonNode five = command("{\"command\":\"collect-logs\",\"args\":{\"lines\":5}}", "c1");
        JsonNode byDefault = command("{\"command\":\"collect-logs\"}", "c2");

        assertThat(five.at("/result/lines")).extracting(JsonNode::asText)
                .containsExactly("line 297", "line 298", "line 299", "line 300", "INFO Login - joined with token=<redacted> and pin=<redacted>");
        assertThat(five.at("/result/cut").asInt()).isZero();
        assertThat(five.at("/result/requested").asInt()).isEqualTo(5);
        assertThat(byDefault.at("/result/lines")).hasSize(200);
        assertThat(byDefault.at("/result/lines/0").asText()).isEqualTo("line 102");
    }

    @Test
    void collectLogsCutsTheOldestLinesToStayUnderTheReplyBoundAndSaysHowMany() {
        connect();
        for (int i = 0; i < 500; i++) {
            logs.add(i + " " + "x".repeat(900));
        }
        link.clearPublished();

        link.deliver(topics.commands(), "{\"command\":\"collect-logs\",\"args\":{\"lines\":500}}",
                topics.repliesPrefix() + "m", "c1");
        scheduler.runDue();

        byte[] payload = link.publishedOn(topics.repliesPrefix() + "m").getFirst().payload();
        JsonNode reply = FleetJson.read(payload);
        int kept = reply.at("/result/lines").size();
        assertThat(kept).isBetween(40, 60);
        assertThat(reply.at("/result/cut").asInt()).isEqualTo(500 - kept);
        assertThat(reply.at("/result/lines/" + (kept - 1)).asText()).startsWith("499 ");
        assertThat(payload.length).isLessThan(LogExcerpt.MAX_LINES_BYTES + 1024);
    }

    @Test
    void snapshotAndCollectLogsWithBadArgumentsAreRefusedNamingTheKeyAndReadNothing() {
        connect();
        logs.add("a line");
        screen.show(640, 360);

        List<String> requests = List.of(
                "{\"command\":\"collect-logs\",\"args\":{\"lines\":0}}",
                "{\"command\":\"collect-logs\",\"args\":{\"lines\":501}}",
                "{\"command\":\"collect-logs\",\"args\":{\"lines\":\"10\"}}",
                "{\"command\":\"collect-logs\",\"args\":{\"lines\":2.5}}",
                "{\"command\":\"collect-logs\",\"args\":{\"lines\":10,\"level\":\"debug\"}}",
                "{\"command\":\"snapshot\",\"args\":{\"width\":1920}}");
        List<String> keys = List.of("'lines'", "'lines'", "'lines'", "'lines'", "'level'", "'width'");
        for (int i = 0; i < requests.size(); i++) {
            JsonNode reply = command(requests.get(i), "c" + i);
            assertThat(reply.at("/error/code").asText()).as(requests.get(i)).isEqualTo("invalid-argument");
            assertThat(reply.at("/error/message").asText()).as(requests.get(i)).startsWith(keys.get(i));
        }
        assertThat(screen.reads()).isZero();
        assertThat(agent.counters().rejectedCount("invalid-argument")).isEqualTo(requests.size());
    }
}

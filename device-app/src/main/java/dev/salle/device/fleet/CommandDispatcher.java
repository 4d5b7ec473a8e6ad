package dev.salle.device.fleet;

import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a command request into a call on {@link DeviceCommands} and a reply. Runs on the agent's
 * executor, never on the link's callback thread. A rejected request calls nothing on the device.
 */
final class CommandDispatcher {

    private static final Logger log = LoggerFactory.getLogger(CommandDispatcher.class);
    static final long REPLY_EXPIRY_SECONDS = 60;

    private final FleetTopics topics;
    private final FleetLink link;
    private final DeviceCommands commands;
    private final CommandCounters counters;
    private final FleetPayloads payloads;
    private final Clock clock;
    private final DeviceDiagnostics diagnostics;
    private final CommandParser parser = new CommandParser();

    CommandDispatcher(FleetTopics topics, FleetLink link, DeviceCommands commands, DeviceDiagnostics diagnostics,
            CommandCounters counters, FleetPayloads payloads, Clock clock) {
        this.topics = topics;
        this.diagnostics = diagnostics;
        this.link = link;
        this.commands = commands;
        this.counters = counters;
        this.payloads = payloads;
        this.clock = clock;
    }

    void handle(InboundMessage request) {
        counters.received();
        Optional<String> responseTopic = request.responseTopic();
        if (responseTopic.isEmpty()) {
            counters.rejected("no-response-topic");
            log.warn("Dropped a command on {} without a response topic ({} bytes): the sender must set one",
                    request.topic(), request.payload().length);
            return;
        }
        if (!topics.isReplyTopic(responseTopic.get())) {
            counters.rejected("bad-response-topic");
            log.warn("Dropped a command whose response topic '{}' is outside {}: replies must go there",
                    CommandParser.truncate(responseTopic.get()), topics.repliesPrefix());
            return;
        }
        CommandParser.Parsed parsed = parser.parse(request.payload());
        switch (parsed) {
            case CommandParser.Parsed.Rejected rejected -> {
                counters.rejected(rejected.reason());
                log.warn("Rejected a fleet command ({}): {}", rejected.reason(), rejected.message());
                reply(request, CommandResult.failed(rejected.code(), rejected.message()));
            }
            case CommandParser.Parsed.Accepted accepted -> execute(request, accepted.command());
        }
    }

    private void execute(InboundMessage request, FleetCommand command) {
        CommandResult result;
        try {
            result = switch (command) {
                case FleetCommand.Ping p -> CommandResult.ok(Map.of("pong", true, "ts", clock.instant().toString()));
                case FleetCommand.Identify identify -> {
                    commands.identify(identify.duration());
                    yield CommandResult.ok(Map.of("seconds", identify.duration().toSeconds()));
                }
                case FleetCommand.Restart r -> CommandResult.ok(Map.of("restarting", true));
                case FleetCommand.Join join -> commands.join(join.meetingUrl());
                case FleetCommand.Leave l -> commands.leave();
                case FleetCommand.GetConfig g -> CommandResult.ok(commands.config());
                case FleetCommand.SetConfig set -> commands.setConfig(set.changes());
                case FleetCommand.Update update -> commands.update(update.url());
                case FleetCommand.Snapshot snapshot -> ScreenSnapshot.take(diagnostics.screen());
                case FleetCommand.CollectLogs logs -> LogExcerpt.collect(diagnostics.logs(), logs.lines());
                case FleetCommand.FactoryReset reset -> reset.confirm().equals(topics.deviceId())
                        ? CommandResult.ok(Map.of("resetting", true))
                        : CommandResult.invalidArgument("confirm", "must be this device's id '" + topics.deviceId()
                                + "', got '" + CommandParser.truncate(reset.confirm()) + "'");
            };
        } catch (RuntimeException e) {
            log.warn("Fleet command {} failed on the device", name(command), e);
            result = CommandResult.failed(CommandError.FAILED, name(command) + " failed on the device: " + e.getMessage());
        }
        if (result == null) {
            result = CommandResult.failed(CommandError.FAILED, name(command) + " returned no result (device app bug)");
        }
        if (result instanceof CommandResult.Failed) {
            counters.failed();
        }
        reply(request, result);
        if (command instanceof FleetCommand.Restart) {
            log.info("Restarting on fleet command");
            commands.restart();
        } else if (command instanceof FleetCommand.FactoryReset && result instanceof CommandResult.Ok) {
            log.warn("Factory reset on fleet command: the identity is wiped and the device restarts into QR scanning");
            commands.factoryReset();
        }
    }

    private void reply(InboundMessage request, CommandResult result) {
        OutboundMessage reply = new OutboundMessage(request.responseTopic().orElseThrow(), payloads.reply(result), 1,
                false, REPLY_EXPIRY_SECONDS, request.correlationData());
        try {
            link.publish(reply);
        } catch (FleetLinkException e) {
            log.warn("Could not send a command reply: {}", e.getMessage());
        }
    }

    private static String name(FleetCommand command) {
        return switch (command) {
            case FleetCommand.Ping p -> "ping";
            case FleetCommand.Identify i -> "identify";
            case FleetCommand.Restart r -> "restart";
            case FleetCommand.Join j -> "join";
            case FleetCommand.Leave l -> "leave";
            case FleetCommand.GetConfig g -> "get-config";
            case FleetCommand.SetConfig s -> "set-config";
            case FleetCommand.FactoryReset f -> "factory-reset";
            case FleetCommand.Update u -> "update";
            case FleetCommand.Snapshot s -> "snapshot";
            case FleetCommand.CollectLogs c -> "collect-logs";
        };
    }
}

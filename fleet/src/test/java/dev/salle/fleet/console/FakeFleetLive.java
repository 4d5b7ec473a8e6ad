package dev.salle.fleet.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.salle.fleet.monitor.DeviceActivity;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/** A running fleet manager as the console sees it: an activity the test feeds, and commands that every device answers ok. */
final class FakeFleetLive implements FleetLive {

    private final DeviceActivity activity = new DeviceActivity();
    private final List<String> sent = new CopyOnWriteArrayList<>();
    private volatile java.util.Optional<dev.salle.fleet.lease.Leadership.Status> leadership = java.util.Optional.empty();

    /** What {@link #leadership()} says from now on. */
    void leadership(dev.salle.fleet.lease.Leadership.Status status) {
        leadership = java.util.Optional.of(status);
    }

    @Override
    public java.util.Optional<dev.salle.fleet.lease.Leadership.Status> leadership() {
        return leadership;
    }

    @Override
    public DeviceActivity activity() {
        return activity;
    }

    /** The commands sent so far, as {@code "device command args"}. */
    List<String> sent() {
        return List.copyOf(sent);
    }

    @Override
    public CompletableFuture<JsonNode> command(String deviceId, String command, ObjectNode args) {
        sent.add(deviceId + " " + command + " " + args);
        ObjectNode reply = JsonNodeFactory.instance.objectNode().put("ok", true);
        reply.putObject("result").put("command", command);
        return CompletableFuture.completedFuture(reply);
    }
}

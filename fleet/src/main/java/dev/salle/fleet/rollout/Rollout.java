package dev.salle.fleet.rollout;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One rollout: a bundle version for a target (a fixed list of devices), in waves.
 *
 * <p>The target is ordered by device id and cut into the policy's cumulative waves. The first wave
 * starts at once; a wave's devices are {@link DeviceProgress#STARTED} and the fleet asks each to
 * update when it is online ({@link #toStart()}). Devices report progress, success or failure; a
 * device that has not finished within the policy's timeout counts as failed. When every device of
 * the current wave has finished and enough of them succeeded, the next wave starts; after the last,
 * the rollout is done. When failures reach the policy's limit, or a finished wave falls short of
 * the success threshold, the rollout halts: devices already started go on, no later wave starts.
 * Pause, resume, abort, and retrying only the failed devices are the operator's.
 *
 * <p>Not thread-safe: the fleet drives each rollout from one thread. {@link #snapshot()} and
 * {@link #restore} keep it across a restart of the fleet manager.
 */
public final class Rollout {

    /** A rollout's life. */
    public enum State { RUNNING, PAUSED, HALTED, ABORTED, DONE }

    /** One device in the rollout. */
    public record Device(String id, int wave, DeviceProgress progress, Optional<Instant> startedAt, String detail) {
    }

    /** What a device says about its update. */
    public sealed interface Report {
        /** Downloading, verifying, installing, rebooting… */
        record Progress(String step) implements Report {
        }

        /** Running the new version, healthy. */
        record Succeeded() implements Report {
        }

        /** Refused the bundle ({@code bad-signature}…) or rolled back after a failed health check. */
        record Failed(String code) implements Report {
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String id;
    private final String version;
    private final RolloutPolicy policy;
    private final Map<String, Device> devices;
    private final List<Integer> waveSizes;
    private int wave;
    private State state;
    private String reason;

    private Rollout(String id, String version, RolloutPolicy policy, Map<String, Device> devices, List<Integer> waveSizes,
                    int wave, State state, String reason) {
        this.id = id;
        this.version = version;
        this.policy = policy;
        this.devices = devices;
        this.waveSizes = waveSizes;
        this.wave = wave;
        this.state = state;
        this.reason = reason;
    }

    /** Creates a rollout and starts its first wave. */
    public static Rollout create(String id, String version, List<String> target, RolloutPolicy policy, Instant now) {
        if (target.isEmpty()) {
            throw new IllegalArgumentException("a rollout needs at least one device in its target");
        }
        List<String> ordered = target.stream().distinct().sorted().toList();
        Map<String, Device> devices = new LinkedHashMap<>();
        List<Integer> sizes = new ArrayList<>();
        int previous = 0;
        for (int w = 0; w < policy.waves().size(); w++) {
            int upTo = Math.min(ordered.size(), policy.cumulative(w, ordered.size()));
            sizes.add(upTo - previous);
            for (int i = previous; i < upTo; i++) {
                devices.put(ordered.get(i), new Device(ordered.get(i), w, DeviceProgress.WAITING, Optional.empty(), ""));
            }
            previous = upTo;
        }
        Rollout rollout = new Rollout(id, version, policy, devices, sizes, -1, State.RUNNING, "");
        rollout.startWave(0, now);
        rollout.advance(now);
        return rollout;
    }

    public String id() {
        return id;
    }

    public String version() {
        return version;
    }

    public State state() {
        return state;
    }

    /** Why the rollout halted, or empty. */
    public String reason() {
        return reason;
    }

    /** The index of the wave that started last (0-based). */
    public int currentWave() {
        return wave;
    }

    public int waves() {
        return waveSizes.size();
    }

    public Device device(String deviceId) {
        return devices.get(deviceId);
    }

    public List<Device> devices() {
        return List.copyOf(devices.values());
    }

    /** Devices whose wave started and that have not reported yet: the fleet asks them to update. */
    public List<String> toStart() {
        if (state == State.PAUSED || state == State.ABORTED) {
            return List.of();
        }
        return devices.values().stream().filter(d -> d.progress() == DeviceProgress.STARTED).map(Device::id).toList();
    }

    /**
     * Steps a device forgets when it restarts (a power cut, a crash): before its reboot into the
     * new slot nothing of the update survives but a half-written file. A device at one of these
     * steps that went away and came back is asked again ({@link #interruptible()}).
     */
    static final java.util.Set<String> LOST_ON_RESTART = java.util.Set.of("downloading", "verifying", "deferred", "installing");

    /** Devices in progress at a step that a restart loses; devices started in a paused rollout go on. */
    public List<String> interruptible() {
        if (state == State.ABORTED) {
            return List.of();
        }
        return devices.values().stream()
                .filter(d -> d.progress() == DeviceProgress.IN_PROGRESS && LOST_ON_RESTART.contains(d.detail()))
                .map(Device::id).toList();
    }

    /** How many devices are in each progress state. */
    public Map<DeviceProgress, Long> counts() {
        Map<DeviceProgress, Long> out = new LinkedHashMap<>();
        for (DeviceProgress p : DeviceProgress.values()) {
            out.put(p, devices.values().stream().filter(d -> d.progress() == p).count());
        }
        return out;
    }

    /** A device's report. Reports from devices outside the target, or not started, are ignored. */
    public boolean report(String deviceId, Report report, Instant now) {
        Device d = devices.get(deviceId);
        if (d == null || d.progress() == DeviceProgress.WAITING || d.progress().finished() || state == State.ABORTED) {
            return false;
        }
        DeviceProgress next = switch (report) {
            case Report.Progress p -> DeviceProgress.IN_PROGRESS;
            case Report.Succeeded s -> DeviceProgress.SUCCEEDED;
            case Report.Failed f -> DeviceProgress.FAILED;
        };
        String detail = switch (report) {
            case Report.Progress p -> p.step();
            case Report.Succeeded s -> "healthy";
            case Report.Failed f -> f.code();
        };
        devices.put(deviceId, new Device(deviceId, d.wave(), next, d.startedAt(), detail));
        advance(now);
        return true;
    }

    /** Counts devices over the timeout as failed, then advances. */
    public void tick(Instant now) {
        for (Device d : List.copyOf(devices.values())) {
            if ((d.progress() == DeviceProgress.STARTED || d.progress() == DeviceProgress.IN_PROGRESS)
                    && d.startedAt().map(s -> Duration.between(s, now).compareTo(policy.deviceTimeout()) >= 0).orElse(false)) {
                devices.put(d.id(), new Device(d.id(), d.wave(), DeviceProgress.TIMED_OUT, d.startedAt(), "timed out"));
            }
        }
        advance(now);
    }

    /** Stops starting waves; devices already started go on. */
    public void pause() {
        if (state == State.RUNNING) {
            state = State.PAUSED;
        }
    }

    public void resume(Instant now) {
        if (state == State.PAUSED) {
            state = State.RUNNING;
            advance(now);
        }
    }

    /** Ends the rollout: nothing more starts, reports are ignored. */
    public void abort() {
        if (state != State.DONE) {
            state = State.ABORTED;
        }
    }

    /** Starts the failed and timed-out devices again; a halted rollout runs again. */
    public void retryFailed(Instant now) {
        if (state == State.ABORTED || state == State.DONE) {
            return;
        }
        for (Device d : List.copyOf(devices.values())) {
            if (d.progress().failed()) {
                devices.put(d.id(), new Device(d.id(), d.wave(), DeviceProgress.STARTED, Optional.of(now), "retried"));
            }
        }
        if (state == State.HALTED) {
            state = State.RUNNING;
            reason = "";
        }
        advance(now);
    }

    private void startWave(int w, Instant now) {
        wave = w;
        for (Device d : List.copyOf(devices.values())) {
            if (d.wave() == w && d.progress() == DeviceProgress.WAITING) {
                devices.put(d.id(), new Device(d.id(), w, DeviceProgress.STARTED, Optional.of(now), ""));
            }
        }
    }

    private void advance(Instant now) {
        for (int guard = 0; guard <= waveSizes.size() && state == State.RUNNING; guard++) {
            long failures = devices.values().stream().filter(d -> d.progress().failed()).count();
            int limit = policy.failureLimit(devices.size());
            if (failures >= limit) {
                state = State.HALTED;
                reason = failures + " failures reached the limit of " + limit + " in wave " + (wave + 1);
                return;
            }
            List<Device> current = devices.values().stream().filter(d -> d.wave() == wave).toList();
            if (!current.stream().allMatch(d -> d.progress().finished())) {
                return;
            }
            long succeeded = current.stream().filter(d -> d.progress() == DeviceProgress.SUCCEEDED).count();
            if (!current.isEmpty() && succeeded * 100 < (long) policy.successThresholdPercent() * current.size()) {
                state = State.HALTED;
                reason = "wave " + (wave + 1) + ": " + succeeded + " of " + current.size() + " succeeded, below "
                        + policy.successThresholdPercent() + "%";
                return;
            }
            if (wave + 1 >= waveSizes.size()) {
                state = State.DONE;
                return;
            }
            startWave(wave + 1, now);
        }
    }

    /** The whole rollout as JSON, for the fleet's database. */
    public String snapshot() {
        ObjectNode o = JSON.createObjectNode().put("id", id).put("version", version).put("wave", wave)
                .put("state", state.name()).put("reason", reason);
        ObjectNode p = o.putObject("policy");
        policy.waves().forEach(p.putArray("waves")::add);
        p.put("successThresholdPercent", policy.successThresholdPercent()).put("maxFailures", policy.maxFailures())
                .put("maxFailuresIsPercent", policy.maxFailuresIsPercent())
                .put("deviceTimeout", policy.deviceTimeout().toString());
        waveSizes.forEach(o.putArray("waveSizes")::add);
        ArrayNode ds = o.putArray("devices");
        for (Device d : devices.values()) {
            ObjectNode n = ds.addObject().put("id", d.id()).put("wave", d.wave()).put("progress", d.progress().name())
                    .put("detail", d.detail());
            d.startedAt().ifPresent(s -> n.put("startedAt", s.toString()));
        }
        return o.toString();
    }

    /** A rollout from its {@link #snapshot()}. */
    public static Rollout restore(String snapshot) {
        try {
            JsonNode o = JSON.readTree(snapshot);
            JsonNode p = o.get("policy");
            List<Integer> waves = new ArrayList<>();
            p.get("waves").forEach(w -> waves.add(w.asInt()));
            RolloutPolicy policy = new RolloutPolicy(waves, p.get("successThresholdPercent").asInt(),
                    p.get("maxFailures").asInt(), p.get("maxFailuresIsPercent").asBoolean(),
                    Duration.parse(p.get("deviceTimeout").asText()));
            List<Integer> sizes = new ArrayList<>();
            o.get("waveSizes").forEach(w -> sizes.add(w.asInt()));
            Map<String, Device> devices = new LinkedHashMap<>();
            for (JsonNode n : o.get("devices")) {
                devices.put(n.get("id").asText(), new Device(n.get("id").asText(), n.get("wave").asInt(),
                        DeviceProgress.valueOf(n.get("progress").asText()),
                        n.hasNonNull("startedAt") ? Optional.of(Instant.parse(n.get("startedAt").asText())) : Optional.empty(),
                        n.get("detail").asText()));
            }
            return new Rollout(o.get("id").asText(), o.get("version").asText(), policy, devices, sizes,
                    o.get("wave").asInt(), State.valueOf(o.get("state").asText()), o.get("reason").asText());
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("a stored rollout cannot be read back: " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return "Rollout[" + id + " " + version + " " + state + ", wave " + (wave + 1) + "/" + waveSizes.size() + "]";
    }
}

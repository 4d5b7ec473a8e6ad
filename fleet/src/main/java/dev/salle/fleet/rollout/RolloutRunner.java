package dev.salle.fleet.rollout;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.salle.fleet.lease.LeadershipLostException;
import dev.salle.fleet.lease.Term;
import dev.salle.fleet.monitor.FleetMonitor;
import dev.salle.fleet.registry.DeviceRegistry;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drives one {@link Rollout} against the devices: every tick it asks each started device that is
 * online, and not asked since it last came online, to {@code update} from the bundle's address; a
 * device that went away and came back before its reboot into the new slot (a power cut while
 * downloading) is asked again, up to {@value #MAX_ASKED_AGAIN} times;
 * the devices' {@code update} events become reports ({@code healthy} → succeeded; {@code refused},
 * {@code rolled-back}, {@code failed} → failed with their code; other steps → progress). The
 * rollout is saved after every change. Everything runs on the given single-threaded executor.
 */
public final class RolloutRunner implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RolloutRunner.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Rollout rollout;
    /** The address devices are told to fetch the bundle from, asked at each request (it may move). */
    private final java.util.function.Supplier<URI> bundle;
    private final FleetMonitor monitor;
    private final DeviceRegistry registry;
    private final RolloutStore store;
    private final Clock clock;
    private final ScheduledExecutorService executor;
    /** A device asked again after restarting mid-update more often than this is left to the device timeout. */
    static final int MAX_ASKED_AGAIN = 3;

    private final Set<String> asked = new HashSet<>();
    /** Devices in progress at a step a restart loses that were seen offline since. */
    private final Set<String> wentAway = new HashSet<>();
    private final java.util.Map<String, Integer> askedAgain = new java.util.HashMap<>();
    private final Optional<Term> term;
    private final java.util.function.Supplier<Optional<Term>> leading;
    private ScheduledFuture<?> ticker;
    private java.util.function.BiConsumer<String, JsonNode> listener;
    private volatile boolean closed;

    public RolloutRunner(Rollout rollout, URI bundle, FleetMonitor monitor, DeviceRegistry registry, RolloutStore store,
                         Clock clock, ScheduledExecutorService executor) {
        this(rollout, constant(Objects.requireNonNull(bundle, "bundle")), monitor, registry, store, clock, executor);
    }

    /** As above, with the bundle's address asked of {@code bundle} each time a device is sent it. */
    public RolloutRunner(Rollout rollout, java.util.function.Supplier<URI> bundle, FleetMonitor monitor, DeviceRegistry registry,
                         RolloutStore store, Clock clock, ScheduledExecutorService executor) {
        this(rollout, bundle, monitor, registry, store, clock, executor, Optional.empty(), Optional::empty);
    }

    /**
     * As above, for one leader's term: before each step the runner asks {@code leading} (this
     * manager's own reckoning) whether the term still leads, checks the lease in the database before
     * it sends commands, and saves only while the term holds the lease (in the same transaction).
     * Once the term is over it stops for good; the next leader runs the rollout from what was saved.
     */
    public RolloutRunner(Rollout rollout, java.util.function.Supplier<URI> bundle, FleetMonitor monitor, DeviceRegistry registry,
                         RolloutStore store, Clock clock, ScheduledExecutorService executor, Optional<Term> term,
                         java.util.function.Supplier<Optional<Term>> leading) {
        this.term = Objects.requireNonNull(term, "term");
        this.leading = Objects.requireNonNull(leading, "leading");
        this.rollout = Objects.requireNonNull(rollout, "rollout");
        this.bundle = Objects.requireNonNull(bundle, "bundle");
        this.monitor = Objects.requireNonNull(monitor, "monitor");
        this.registry = Objects.requireNonNull(registry, "registry");
        this.store = Objects.requireNonNull(store, "store");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.executor = Objects.requireNonNull(executor, "executor");
    }

    /** Starts ticking every {@code period}, and listening to the devices' update events. */
    public void start(Duration period) {
        listener = (id, event) -> {
            if (!closed && "update".equals(event.path("type").asText())) {
                executor.execute(() -> onUpdateEvent(id, event.path("details")));
            }
        };
        monitor.addEventListener(listener);
        executor.execute(this::catchUp);
        ticker = executor.scheduleWithFixedDelay(this::tick, 0, period.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Takes the devices' latest {@code update} events that this manager heard since each device was
     * started: a manager that takes the lead over heard them while it followed, when no runner of its
     * own was listening, and a device that finished then reports nothing more.
     */
    private void catchUp() {
        try {
            for (Rollout.Device d : rollout.devices()) {
                if (d.progress().finished() || d.startedAt().isEmpty()) {
                    continue;
                }
                for (var heard : monitor.activity().recentEvents(d.id())) { // newest first
                    if (heard.at().isBefore(d.startedAt().get())) {
                        break;
                    }
                    JsonNode details = heard.message().path("details");
                    if ("update".equals(heard.message().path("type").asText())) {
                        // healthy on another version is the end of an earlier update (the managers' clocks may differ a little)
                        if (!"healthy".equals(details.path("step").asText())
                                || rollout.version().equals(details.path("version").asText())) {
                            rollout.report(d.id(), reportFor(rollout.version(), details), clock.instant());
                        }
                        break;
                    }
                }
            }
        } catch (RuntimeException e) {
            log.warn("rollout {}: the events heard before it was taken over could not be read: {}", rollout.id(), e.getMessage());
        }
    }

    /** Whether this runner's term is over (or it was closed): it then stops for good. */
    private boolean termOver() {
        if (closed) {
            return true;
        }
        if (term.isPresent() && !leading.get().equals(term)) {
            stop("this manager's lead (" + term.get() + ") is over");
            return true;
        }
        return false;
    }

    private void stop(String why) {
        if (!closed) {
            log.info("rollout {}: stopped, {}", rollout.id(), why);
        }
        close();
    }

    /** The rollout as it is now (read it on the executor, or accept a moment's staleness). */
    public Rollout rollout() {
        return rollout;
    }

    private void tick() {
        if (termOver()) {
            return;
        }
        try {
            rollout.tick(clock.instant());
            java.util.List<String> toStart = rollout.toStart();
            java.util.List<String> interruptible = rollout.interruptible();
            java.util.Set<String> onlineNow = toStart.isEmpty() && interruptible.isEmpty() ? java.util.Set.of() : registry.onlineIds();
            if (term.isPresent() && !onlineNow.isEmpty()) {
                store.requireHeld(term.get(), "send rollout " + rollout.id() + "'s commands");
            }
            for (String id : toStart) {
                if (!onlineNow.contains(id)) {
                    asked.remove(id); // ask again when it returns
                    continue;
                }
                if (!asked.contains(id) && ask(id)) {
                    asked.add(id); // only once sent: a device the broker did not take yet is asked on the next tick
                }
            }
            wentAway.retainAll(interruptible);
            for (String id : interruptible) {
                if (!onlineNow.contains(id)) {
                    wentAway.add(id);
                } else if (wentAway.contains(id)) {
                    // it restarted mid-update (power cut, crash): what it had is gone, so ask again, a bounded number of times
                    int again = askedAgain.merge(id, 1, Integer::sum);
                    if (again > MAX_ASKED_AGAIN) {
                        wentAway.remove(id); // left to the device timeout
                    } else if (ask(id)) {
                        wentAway.remove(id);
                        log.info("rollout {}: {} came back while {}; asked again ({} of {})", rollout.id(), id,
                                rollout.device(id).detail(), again, MAX_ASKED_AGAIN);
                    }
                }
            }
            store.save(rollout, clock.instant(), term);
        } catch (LeadershipLostException e) {
            stop(e.getMessage());
        } catch (RuntimeException e) {
            log.warn("rollout {} tick failed: {}", rollout.id(), e.getMessage());
        }
    }

    private static java.util.function.Supplier<URI> constant(URI uri) {
        return () -> uri;
    }

    /** Sends {@code update} to one device; false (logged) when the broker did not take it. */
    private boolean ask(String id) {
        try {
            monitor.sendCommand(id, JSON.createObjectNode().put("command", "update")
                    .set("args", JSON.createObjectNode().put("url", bundle.get().toString())).toString());
            return true;
        } catch (RuntimeException e) {
            log.debug("rollout {}: asking {} failed, again next tick: {}", rollout.id(), id, e.getMessage());
            return false;
        }
    }

    /**
     * Carries out a pause, resume, abort or retry, saves the rollout and says what happened. Call
     * it on the runner's executor (the fleet manager does).
     */
    public String control(RolloutControl.Action action) {
        if (termOver()) {
            throw term.<RuntimeException>map(t -> new LeadershipLostException(t, action.word() + " rollout " + rollout.id()))
                    .orElseGet(() -> new IllegalStateException("rollout " + rollout.id() + "'s runner is closed; "
                            + action.word() + " is carried out by the next one"));
        }
        String outcome = RolloutControl.apply(rollout, action, clock.instant());
        if (action == RolloutControl.Action.RETRY) {
            asked.clear(); // the retried devices are asked again
            askedAgain.clear();
        }
        store.save(rollout, clock.instant(), term);
        log.info("rollout {}: {} -> {}", rollout.id(), action.word(), outcome);
        return outcome;
    }

    /**
     * A device's report changes the rollout at once; it is saved at the next tick (at most one
     * tick's reports are asked again after a crash, and a device asked again answers with what it
     * runs). Saving the whole rollout per report does not keep up with thousands of devices.
     */
    private void onUpdateEvent(String id, JsonNode details) {
        if (closed) {
            return;
        }
        rollout.report(id, reportFor(rollout.version(), details), clock.instant());
    }

    /** What a device's {@code update} event means for a rollout of {@code version}. */
    static Rollout.Report reportFor(String version, JsonNode details) {
        String step = details.path("step").asText();
        return switch (step) {
            case "healthy" -> details.path("version").asText().equals(version)
                    ? new Rollout.Report.Succeeded() : new Rollout.Report.Failed("healthy-on-" + details.path("version").asText());
            // a device asked again (after a fleet restart) that already runs this version refuses it as not newer
            case "refused" -> "not-newer".equals(details.path("code").asText()) && version.equals(details.path("running").asText())
                    ? new Rollout.Report.Succeeded() : new Rollout.Report.Failed(details.path("code").asText(step));
            case "rolled-back" -> new Rollout.Report.Failed("rolled-back");
            case "failed" -> new Rollout.Report.Failed(details.path("code").asText(step));
            default -> new Rollout.Report.Progress(step);
        };
    }

    @Override
    public void close() {
        closed = true;
        if (ticker != null) {
            ticker.cancel(false);
        }
        if (listener != null) {
            monitor.removeEventListener(listener);
        }
    }
}

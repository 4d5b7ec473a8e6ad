package dev.salle.bridge.bench;

import dev.salle.rtc.dtls.DtlsCertificate;
import dev.salle.rtc.signal.RtcConnectParams;
import dev.salle.rtc.token.AccessTokenMinter;
import dev.salle.rtc.token.ApiKeys;
import dev.salle.rtc.token.TokenRequest;
import dev.salle.rtc.token.VideoGrant;
import java.io.IOException;
import java.io.PrintStream;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * The load run's driver (run by {@code bench/bridge-load.sh}, inside the namespace with the
 * bridge): P publishers, each sending 640×360-like VP8 and Opus, and S subscribers that receive all
 * of them, in one room, all in this JVM so send and receive times share one clock. After every
 * subscriber gets every stream and a warm-up, it measures a window: the bridge's CPU time and
 * counters before and after, the subscribers' packets and latencies inside. Prints a Markdown
 * table row on stdout; exits non-zero when the run could not be set up.
 *
 * <p>A benchmark driver, not a demo: it lives with the tests because it uses test-scope code and
 * never ships.
 */
public final class LoadRun {

    private static final String ROOM = "load";
    private static final Duration SETUP = Duration.ofSeconds(90);
    /** Audio every 20 ms plus 30 delta frames of three packets each, per second. */
    private static final int PLANNED_PACKETS_PER_PUBLISHER = 50 + SyntheticMedia.FRAMES_PER_SECOND * 3;

    private LoadRun() {
    }

    public static void main(String[] args) throws Exception {
        LoadPlan plan;
        try {
            plan = LoadPlan.parse(args, System.getenv("LIVEKIT_KEYS"));
        } catch (IllegalArgumentException e) {
            System.err.println("load run: " + e.getMessage());
            System.exit(2);
            return;
        }
        System.exit(run(plan, System.out));
    }

    static int run(LoadPlan plan, PrintStream out) throws Exception {
        String key = plan.apiKeys().substring(0, plan.apiKeys().indexOf(':')).trim();
        AccessTokenMinter minter = new AccessTokenMinter(ApiKeys.parse(plan.apiKeys()), key, Clock.systemUTC());
        HttpClient http = HttpClient.newHttpClient();
        DtlsCertificate certificate = DtlsCertificate.generate();
        Random random = new Random(7);
        List<LoadParticipant> publishers = new CopyOnWriteArrayList<>();
        List<LoadParticipant> subscribers = new CopyOnWriteArrayList<>();
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "load-timer");
            t.setDaemon(true);
            return t;
        });
        MediaPacer pacer = null;
        try {
            for (int i = 0; i < plan.publishers(); i++) {
                publishers.add(join(plan, minter, http, certificate, random, "pub" + i, LoadParticipant.Role.PUBLISHER));
            }
            timer.scheduleAtFixedRate(() -> every(publishers, subscribers), 2, 2, TimeUnit.SECONDS);
            if (!await(publishers, LoadParticipant::connected, out, "publishers connected")) {
                return 1;
            }
            long maxRun = SETUP.plus(plan.warmup()).plus(plan.window()).plusSeconds(30).toNanos();
            pacer = new MediaPacer(publishers.stream().map(LoadParticipant::streams).toList(), maxRun);
            for (int i = 0; i < plan.subscribers(); i++) {
                subscribers.add(join(plan, minter, http, certificate, random, "sub" + i, LoadParticipant.Role.SUBSCRIBER));
            }
            int streams = 2 * plan.publishers();
            if (!await(subscribers, s -> s.stats().streams() >= streams, out, "every subscriber receives " + streams
                    + " streams")) {
                return 1;
            }
            Thread.sleep(plan.warmup().toMillis());
            return measure(plan, http, publishers, subscribers, pacer, out);
        } finally {
            timer.shutdownNow();
            if (pacer != null) {
                pacer.close();
            }
            for (LoadParticipant p : subscribers) {
                p.close();
            }
            for (LoadParticipant p : publishers) {
                p.close();
            }
        }
    }

    private static int measure(LoadPlan plan, HttpClient http, List<LoadParticipant> publishers,
            List<LoadParticipant> subscribers, MediaPacer pacer, PrintStream out) throws Exception {
        BridgeProbe probe = new BridgeProbe(plan.bridgePid(), plan.clockTicks(), plan.metrics(), http);
        Path self = Path.of("/proc/self/stat");
        BridgeProbe.Sample before = probe.sample();
        double selfBefore = probe.cpuSeconds(self);
        long sentBefore = publishers.stream().mapToLong(p -> p.streams().packetsSent()).sum();
        pacer.resetLateness();
        subscribers.forEach(s -> s.stats().measuring(true));
        Thread.sleep(plan.window().toMillis());
        subscribers.forEach(s -> s.stats().measuring(false));
        BridgeProbe.Sample after = probe.sample();
        double selfAfter = probe.cpuSeconds(self);
        long sent = publishers.stream().mapToLong(p -> p.streams().packetsSent()).sum() - sentBefore;
        Thread.sleep(200); // receive threads finish the packet in hand
        LatencyHistogram latency = new LatencyHistogram();
        long received = 0;
        long receiveFailures = 0;
        for (LoadParticipant s : subscribers) {
            latency.merge(s.stats().latency());
            received += s.stats().packets();
            receiveFailures += s.receiveFailures();
        }
        double seconds = (after.nanos() - before.nanos()) / 1e9;
        LoadReport report = new LoadReport(plan.publishers(), plan.subscribers(), seconds,
                after.cpuSeconds() - before.cpuSeconds(), selfAfter - selfBefore, sent,
                delta(before, after, "salle_bridge_rtp_packets_in_total"),
                delta(before, after, "salle_bridge_rtp_packets_out_total"),
                delta(before, after, "salle_bridge_rtp_bytes_out_total"), received, latency.percentileNanos(0.5),
                latency.percentileNanos(0.99));
        out.println(LoadReport.tableHeader());
        out.println(report.tableRow());
        long keyFrames = publishers.stream().mapToLong(p -> p.streams().keyFrames()).sum();
        out.printf("window %.1f s; publishers planned %d pps; latency samples %d; key frames sent (whole run) %d; PLIs to publishers %.0f; NACKs %.0f;"
                        + " SRTP/receive errors at subscribers %d; pacer's latest send in the window %.1f ms after due%n",
                seconds, plan.publishers() * PLANNED_PACKETS_PER_PUBLISHER, latency.count(), keyFrames, delta(before, after, "salle_bridge_plis_sent_total"),
                delta(before, after, "salle_bridge_nacks_received_total"), receiveFailures,
                pacer.lateNanosMax() / 1e6);
        List<String> failures = new ArrayList<>();
        if (pacer.failure() != null) {
            failures.add("pacer: " + pacer.failure());
        }
        for (List<LoadParticipant> list : List.of(publishers, subscribers)) {
            list.stream().map(LoadParticipant::failure).filter(f -> f != null).forEach(failures::add);
        }
        failures.forEach(f -> out.println("failed during the run: " + f));
        return failures.isEmpty() ? 0 : 1;
    }

    private static double delta(BridgeProbe.Sample before, BridgeProbe.Sample after, String counter) {
        return after.counter(counter) - before.counter(counter);
    }

    private static LoadParticipant join(LoadPlan plan, AccessTokenMinter minter, HttpClient http,
            DtlsCertificate certificate, Random random, String name, LoadParticipant.Role role) throws IOException {
        VideoGrant grant = VideoGrant.joinRoom(ROOM);
        grant = role == LoadParticipant.Role.PUBLISHER ? grant.withCanSubscribe(false) : grant.withCanPublish(false);
        String token = minter.mint(TokenRequest.joinRoom(name, ROOM).withGrant(grant).withTtl(Duration.ofHours(1)));
        return new LoadParticipant(name, role, plan.signal(RtcConnectParams.join(token, "js", "2.23.0").toQueryString()),
                http, certificate, random);
    }

    private static void every(List<LoadParticipant> publishers, List<LoadParticipant> subscribers) {
        for (List<LoadParticipant> list : List.of(publishers, subscribers)) {
            for (LoadParticipant p : list) {
                try {
                    p.ping();
                    p.keepAlive();
                } catch (RuntimeException e) {
                    // reported through the participant's failure
                }
            }
        }
    }

    /** Waits (bounded by {@link #SETUP}) until every participant satisfies {@code ready}; false with a reason printed. */
    private static boolean await(List<LoadParticipant> who, Predicate<LoadParticipant> ready, PrintStream out,
            String what) throws InterruptedException {
        long deadline = System.nanoTime() + SETUP.toNanos();
        while (System.nanoTime() < deadline) {
            if (who.stream().allMatch(ready)) {
                return true;
            }
            for (LoadParticipant p : who) {
                if (p.failure() != null) {
                    out.println("load run failed before '" + what + "': " + p.failure());
                    return false;
                }
            }
            Thread.sleep(100);
        }
        out.println("load run: not all of " + who.size() + " participants reached '" + what + "' within " + SETUP
                .toSeconds() + " s; missing: " + who.stream().filter(ready.negate()).map(LoadParticipant::name).toList());
        return false;
    }
}

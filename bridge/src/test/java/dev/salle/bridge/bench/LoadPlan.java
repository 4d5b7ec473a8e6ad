package dev.salle.bridge.bench;

import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * What one load run does, from {@code --key value} arguments; every value is checked, and an
 * unknown or missing key fails with a message naming it.
 *
 * @param bridge the bridge's HTTP base, e.g. {@code http://10.77.0.2:7880}
 * @param bridgePid the bridge process, whose CPU time is read from /proc
 * @param clockTicks {@code getconf CLK_TCK}
 * @param apiKeys {@code "KEY: SECRET"}, as the bridge's LIVEKIT_KEYS
 */
record LoadPlan(int publishers, int subscribers, Duration window, Duration warmup, URI bridge, long bridgePid,
        int clockTicks, String apiKeys) {

    private static final Set<String> KEYS = Set.of("--publishers", "--subscribers", "--seconds", "--warmup-seconds",
            "--bridge", "--bridge-pid", "--clock-ticks");

    LoadPlan {
        within("--publishers", publishers, 1, 64);
        within("--subscribers", subscribers, 1, 256);
        within("--seconds", window.toSeconds(), 5, 600);
        within("--warmup-seconds", warmup.toSeconds(), 0, 60);
        within("--clock-ticks", clockTicks, 1, 10_000);
        if (bridgePid <= 0) {
            throw new IllegalArgumentException("--bridge-pid " + bridgePid + " must be the bridge's process id");
        }
        if (!"http".equals(bridge.getScheme())) {
            throw new IllegalArgumentException("--bridge " + bridge + " must be an http:// URL, e.g. http://10.77.0.2:7880");
        }
        if (apiKeys == null || !apiKeys.contains(":")) {
            throw new IllegalArgumentException("LIVEKIT_KEYS must be set to \"KEY: SECRET\", the bridge's own keys");
        }
    }

    static LoadPlan parse(String[] args, String apiKeys) {
        if (args.length % 2 != 0) {
            throw new IllegalArgumentException("arguments come as --key value pairs; got " + args.length + " words");
        }
        Map<String, String> v = new HashMap<>();
        for (int i = 0; i < args.length; i += 2) {
            if (!KEYS.contains(args[i])) {
                throw new IllegalArgumentException("unknown option " + args[i] + "; allowed: " + KEYS);
            }
            v.put(args[i], args[i + 1]);
        }
        return new LoadPlan(integer(v, "--publishers"), integer(v, "--subscribers"),
                Duration.ofSeconds(integer(v, "--seconds")), Duration.ofSeconds(integer(v, "--warmup-seconds")),
                URI.create(required(v, "--bridge")), integer(v, "--bridge-pid"), integer(v, "--clock-ticks"), apiKeys);
    }

    /** The signalling URL with a query string (the token is added per participant). */
    URI signal(String query) {
        return URI.create("ws://" + bridge.getAuthority() + "/rtc?" + query);
    }

    URI metrics() {
        return bridge.resolve("/metrics");
    }

    private static int integer(Map<String, String> v, String key) {
        String s = required(v, key);
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " '" + s + "' is not a whole number", e);
        }
    }

    private static String required(Map<String, String> v, String key) {
        String s = v.get(key);
        if (s == null) {
            throw new IllegalArgumentException("missing " + key + "; all of " + KEYS + " are required");
        }
        return s;
    }

    private static void within(String key, long value, long min, long max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(key + " " + value + " must be " + min + "-" + max);
        }
    }
}

package dev.salle.bridge;

import dev.salle.bridge.config.ConfigException;
import dev.salle.rtc.token.AccessTokenMinter;
import dev.salle.rtc.token.ApiKeys;
import dev.salle.rtc.token.TokenRequest;
import dev.salle.rtc.token.VideoGrant;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code ./salle token}: mints a LiveKit access token with the bridge's keys and prints it on the
 * first line, then the LiveKit URL and a join URL for the web client (it opens rooms named by a slug).
 * Exit codes: 0, 2 for a configuration or option error.
 */
@Command(name = "salle token", mixinStandardHelpOptions = true,
        description = "Mints a LiveKit access token for a room on the bridge.")
public final class TokenMain implements Callable<Integer> {

    static final int EXIT_CONFIG = 2;
    private static final Pattern TTL = Pattern.compile("([0-9]{1,6})([smhd])");

    @Mixin
    KeyOptions keyOptions = new KeyOptions();

    @Option(names = "--room", required = true, description = "The LiveKit room name.")
    String room;

    @Option(names = "--identity", required = true, description = "The participant identity.")
    String identity;

    @Option(names = "--name", description = "The display name.")
    String name = "";

    @Option(names = "--ttl", description = "Validity: 90s, 30m, 6h or 2d (default: ${DEFAULT-VALUE}).")
    String ttl = "6h";

    @Option(names = "--url", description = "The bridge's LiveKit URL (default: ${DEFAULT-VALUE}).")
    String url = "ws://127.0.0.1:7880";

    @Option(names = "--room-admin", description = "Also grant roomAdmin (admit guests from the lobby).")
    boolean roomAdmin;

    @Option(names = "--room-create", description = "Also grant roomCreate (create rooms through the room API).")
    boolean roomCreate;

    private final Map<String, String> env;
    private final Clock clock;
    private final PrintStream out;
    private final PrintStream err;

    public TokenMain() {
        this(System.getenv(), Clock.systemUTC(), System.out, System.err);
    }

    TokenMain(Map<String, String> env, Clock clock, PrintStream out, PrintStream err) {
        this.env = env;
        this.clock = clock;
        this.out = out;
        this.err = err;
    }

    public static void main(String[] args) {
        if (System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", "logback-token.xml");
        }
        System.exit(new CommandLine(new TokenMain()).execute(args));
    }

    @Override
    public Integer call() {
        String token;
        URI base;
        try {
            ApiKeys keys = keyOptions.resolve(env);
            base = parseUrl(url);
            VideoGrant grant = VideoGrant.joinRoom(room).withRoomAdmin(roomAdmin).withRoomCreate(roomCreate);
            TokenRequest request = TokenRequest.joinRoom(identity, room).withName(name).withGrant(grant)
                    .withTtl(parseTtl(ttl));
            token = new AccessTokenMinter(keys, keys.keyIds().iterator().next(), clock).mint(request);
        } catch (ConfigException | IllegalArgumentException e) {
            err.println("salle token: " + e.getMessage());
            return EXIT_CONFIG;
        }
        String http = (base.getScheme().equals("wss") ? "https" : "http") + "://" + base.getRawAuthority();
        out.println(token);
        out.println("LiveKit URL: " + base);
        out.println("join URL (web client, rooms named by a slug): " + http + "/"
                + URLEncoder.encode(room, StandardCharsets.UTF_8) + "?token=" + token);
        out.flush();
        return 0;
    }

    /** {@code 90s}, {@code 30m}, {@code 6h}, {@code 2d}. */
    static Duration parseTtl(String text) throws ConfigException {
        Matcher m = TTL.matcher(text.strip().toLowerCase(Locale.ROOT));
        if (!m.matches() || Long.parseLong(m.group(1)) == 0) {
            throw new ConfigException("--ttl is '" + text + "'; give a positive number with s, m, h or d, e.g. 6h");
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
        };
    }

    private static URI parseUrl(String text) throws ConfigException {
        try {
            URI u = URI.create(text);
            if (("ws".equals(u.getScheme()) || "wss".equals(u.getScheme())) && u.getRawAuthority() != null) {
                return u;
            }
        } catch (IllegalArgumentException e) {
            // reported below
        }
        throw new ConfigException("--url is '" + text + "'; give the bridge's ws:// or wss:// URL, e.g. ws://127.0.0.1:7880");
    }
}

package dev.salle.fleet.console;

import static dev.salle.fleet.console.ConsoleServer.JSON;
import static dev.salle.fleet.console.ConsoleServer.body;
import static dev.salle.fleet.console.ConsoleServer.error;
import static dev.salle.fleet.console.ConsoleServer.reply;

import com.fasterxml.jackson.databind.JsonNode;
import dev.salle.provisioning.service.SourceRateLimiter;
import java.io.IOException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Who is logged in to the console: {@code POST /api/login} (rate limited per address) hands out a
 * random bearer token that lasts {@link #SESSION}; sessions live in memory. Each request's token
 * is looked up, and each action is checked against the session's role, a refusal audited.
 * Thread-safe.
 */
final class ConsoleSessions {

    static final Duration SESSION = Duration.ofHours(8);

    record Session(String user, Role role, Instant expires) {
    }

    private final ConsoleStore store;
    private final SourceRateLimiter logins;
    private final Clock clock;
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();

    ConsoleSessions(ConsoleStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
        this.logins = SourceRateLimiter.standard(clock);
    }

    boolean login(Request request, Response response, Callback callback) throws IOException {
        String from = Request.getRemoteAddr(request);
        long wait = logins.acquire(from);
        if (wait > 0) {
            response.getHeaders().put(HttpHeader.RETRY_AFTER, String.valueOf(wait));
            return error(response, callback, 429, "rate_limited", "too many logins from this address; wait " + wait + " s");
        }
        JsonNode body = body(request, Set.of("name", "password"));
        if (body == null || !body.path("name").isTextual() || !body.path("password").isTextual()) {
            return error(response, callback, 400, "malformed_request", "send {\"name\":…,\"password\":…}");
        }
        String name = body.get("name").asText();
        Optional<Role> role = store.check(name, body.get("password").asText().toCharArray());
        if (role.isEmpty()) {
            store.audit(clock.instant(), name, "login", from, "refused: bad name or password");
            return error(response, callback, 401, "bad_credentials", "wrong name or password");
        }
        byte[] raw = new byte[32];
        random.nextBytes(raw);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
        Instant expires = clock.instant().plus(SESSION);
        sessions.put(token, new Session(name, role.get(), expires));
        store.audit(clock.instant(), name, "login", from, "ok, role " + role.get().name().toLowerCase());
        return reply(response, callback, 200, JSON.createObjectNode().put("token", token)
                .put("role", role.get().name().toLowerCase()).put("expires", expires.toString()));
    }

    Optional<Session> session(Request request) {
        String auth = request.getHeaders().get(HttpHeader.AUTHORIZATION);
        if (auth == null || !auth.startsWith("Bearer ")) {
            return Optional.empty();
        }
        Session s = sessions.get(auth.substring("Bearer ".length()).strip());
        if (s == null || !clock.instant().isBefore(s.expires())) {
            return Optional.empty();
        }
        return Optional.of(s);
    }

    boolean allowed(Session s, Role needed, String action, String target, Response response, Callback callback) {
        if (s.role().allows(needed)) {
            return true;
        }
        store.audit(clock.instant(), s.user(), action, target, "denied: role " + s.role().name().toLowerCase());
        error(response, callback, 403, "forbidden", "this needs the " + needed.name().toLowerCase() + " role");
        return false;
    }
}

package dev.salle.device.page;

import dev.salle.device.call.CommandOutcome;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The control API under {@code /api/}: state, join, leave, mute and the button, with the PIN and
 * the request header that every POST needs. {@code docs/control-api.md} describes it for
 * integrators; keep the two in step.
 *
 * <p>Threading: called on the page server's request threads, concurrently.
 */
final class ControlApi {

    private static final Logger log = LoggerFactory.getLogger(ControlApi.class);
    static final String REQUEST_HEADER = "X-Salle-Request";
    private static final String REALM = "Bearer realm=\"salle\"";

    private final DevicePageModel model;
    private final PinGuard guard;

    ControlApi(DevicePageModel model, Clock clock) {
        this.model = model;
        this.guard = new PinGuard(clock);
    }

    /** Answers a request whose path starts with {@code /api/}. */
    Reply handle(Request request, String path) throws IOException {
        Optional<Reply> refused = authorize(request);
        if (refused.isPresent()) {
            return refused.get();
        }
        return switch (path) {
            case "/api/state" -> get(request, state());
            case "/api/join" -> post(request, body -> model.join(ControlRequests.join(body)));
            case "/api/leave" -> post(request, body -> {
                ControlRequests.none(body);
                return model.leave();
            });
            case "/api/mute" -> post(request, body -> model.setMicrophoneMuted(ControlRequests.mute(body)));
            case "/api/camera" -> post(request, body -> model.setCameraOff(ControlRequests.cameraOff(body)));
            case "/api/button/press" -> post(request, body -> press(model::pressButton, "pressed"));
            case "/api/button/long-press" -> post(request, body -> press(model::longPressButton, "long-pressed"));
            default -> Reply.error(HttpStatus.NOT_FOUND_404, "no such endpoint: " + path + "; see docs/control-api.md");
        };
    }

    /**
     * Checks the PIN when one is set: empty when the request may go on, otherwise the 401 or 429
     * answer. Also guards {@code /snapshot.jpg}.
     */
    Optional<Reply> authorize(Request request) {
        ControlPin pin = model.controlPin();
        return switch (guard.check(pin, request.getHeaders().get(HttpHeader.AUTHORIZATION))) {
            case ALLOWED -> Optional.empty();
            case MISSING -> Optional.of(Reply.error(HttpStatus.UNAUTHORIZED_401,
                            "this device's control API needs its PIN: send the header 'Authorization: Bearer <PIN>' "
                                    + "(the PIN is page.pin in the device's config)")
                    .withHeader(HttpHeader.WWW_AUTHENTICATE.asString(), REALM));
            case WRONG -> Optional.of(wrongPin(request));
            case LOCKED_OUT -> {
                long wait = Math.max(1, guard.secondsLeft());
                yield Optional.of(Reply.error(HttpStatus.TOO_MANY_REQUESTS_429,
                                "too many wrong PINs (" + PinGuard.MAX_FAILURES + " within " + PinGuard.WINDOW.toSeconds()
                                        + " s); the control API refuses every request for another " + wait + " s")
                        .withHeader(HttpHeader.RETRY_AFTER.asString(), String.valueOf(wait)));
            }
        };
    }

    private Reply wrongPin(Request request) {
        String from = Request.getRemoteAddr(request);
        if (guard.secondsLeft() > 0) {
            log.warn("{} wrong control API PINs within {} s, the last from {}; refusing every request for {} s",
                    PinGuard.MAX_FAILURES, PinGuard.WINDOW.toSeconds(), from, PinGuard.LOCKOUT.toSeconds());
        } else {
            log.info("wrong control API PIN from {}", from);
        }
        return Reply.error(HttpStatus.UNAUTHORIZED_401, "wrong PIN; after " + PinGuard.MAX_FAILURES + " wrong PINs within "
                        + PinGuard.WINDOW.toSeconds() + " s the control API refuses every request for "
                        + PinGuard.LOCKOUT.toSeconds() + " s")
                .withHeader(HttpHeader.WWW_AUTHENTICATE.asString(), REALM + ", error=\"invalid_token\"");
    }

    private Map<String, Object> state() {
        Map<String, Object> state = new LinkedHashMap<>(model.state());
        state.put("controlApi", Map.of("pinRequired", model.controlPin().required(), "pinFailures", guard.failures()));
        return state;
    }

    private static Reply get(Request request, Map<String, Object> body) {
        if (!"GET".equals(request.getMethod()) && !"HEAD".equals(request.getMethod())) {
            return methodNotAllowed("GET");
        }
        return Reply.json(HttpStatus.OK_200, body);
    }

    private Reply post(Request request, Command command) throws IOException {
        if (!"POST".equals(request.getMethod())) {
            return methodNotAllowed("POST");
        }
        if (!"1".equals(request.getHeaders().get(REQUEST_HEADER))) {
            return Reply.error(HttpStatus.FORBIDDEN_403, "a POST needs the header " + REQUEST_HEADER + ": 1 (it shows the request "
                    + "does not come from another web site's page)");
        }
        CommandOutcome outcome;
        try {
            outcome = command.run(body(request));
        } catch (BadControlRequest e) {
            return Reply.error(HttpStatus.BAD_REQUEST_400, e.getMessage());
        }
        return outcome.accepted()
                ? Reply.ok(HttpStatus.ACCEPTED_202, outcome.message())
                : Reply.error(HttpStatus.CONFLICT_409, outcome.message());
    }

    /** At most one byte more than allowed, so that {@link ControlRequests} sees a body is too large. */
    private static byte[] body(Request request) throws IOException, BadControlRequest {
        if (request.getLength() > ControlRequests.MAX_BODY_BYTES) {
            throw new BadControlRequest(ControlRequests.TOO_LARGE);
        }
        InputStream in = Content.Source.asInputStream(request); // not closed: Jetty owns the request, and drops what is left
        return in.readNBytes(ControlRequests.MAX_BODY_BYTES + 1);
    }

    private static CommandOutcome press(Runnable button, String what) {
        button.run();
        return CommandOutcome.accepted("the button was " + what);
    }

    private static Reply methodNotAllowed(String allowed) {
        return Reply.error(HttpStatus.METHOD_NOT_ALLOWED_405, "use " + allowed).withHeader(HttpHeader.ALLOW.asString(), allowed);
    }

    @FunctionalInterface
    private interface Command {
        CommandOutcome run(byte[] body) throws BadControlRequest;
    }
}

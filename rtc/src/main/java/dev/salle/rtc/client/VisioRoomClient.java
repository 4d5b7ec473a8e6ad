package dev.salle.rtc.client;

import dev.salle.rtc.client.RoomApiAnswers.EntryAnswer;
import dev.salle.rtc.client.RoomApiAnswers.RoomAnswer;
import dev.salle.rtc.client.RoomJoinException.Failure;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Asks Visio's room API (or the on-site bridge's compatible one) for LiveKit access to a meeting.
 *
 * <p>{@code GET /api/v1.0/rooms/{slug}/?username=NAME} answers with {@code livekit} when the room
 * is open; otherwise the client polls {@code POST /api/v1.0/rooms/{id}/request-entry/} every
 * {@code pollInterval} (Visio forgets a waiting guest after 3 s; 1 s is the default), sending back
 * the {@code lobbyParticipantId} cookie, until the host admits ({@code accepted}, with access) or
 * denies, or {@code lobbyBudget} runs out.
 *
 * <p>Threading: thread-safe; each {@link #join} runs on the HTTP client's executor and the
 * injected scheduler (which times the polls and which the caller owns). {@link WaitingListener}
 * fires on one of those threads, once per waiting answer, never concurrently for one join.
 */
public final class VisioRoomClient {

    /** Default time between two entry requests. */
    public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofSeconds(1);
    /** Default longest wait in the lobby. */
    public static final Duration DEFAULT_LOBBY_BUDGET = Duration.ofMinutes(10);
    /** Timeout of each HTTP request. */
    public static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

    private static final String COOKIE = "lobbyParticipantId";

    /** Told while the room waits in the lobby, so the screen can say "Waiting for the host to let … in". */
    @FunctionalInterface
    public interface WaitingListener {
        /**
         * @param roomName the meeting's display name ({@code ""} when the API gives none)
         * @param since when the first entry request was made
         */
        void waiting(String roomName, Instant since);
    }

    private final HttpClient http;
    private final ScheduledExecutorService scheduler;
    private final Clock clock;
    private final Duration pollInterval;
    private final Duration lobbyBudget;

    /**
     * @param http sends the requests; owned by the caller
     * @param scheduler times the lobby polls; owned by the caller
     * @param clock measures the lobby budget
     */
    public VisioRoomClient(HttpClient http, ScheduledExecutorService scheduler, Clock clock, Duration pollInterval,
            Duration lobbyBudget) {
        this.http = Objects.requireNonNull(http, "http");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (pollInterval.isNegative() || pollInterval.isZero() || pollInterval.compareTo(Duration.ofSeconds(3)) >= 0) {
            throw new IllegalArgumentException("pollInterval must be between 0 and 3 s (Visio forgets a waiting guest"
                    + " after 3 s), got " + pollInterval);
        }
        if (lobbyBudget.isNegative() || lobbyBudget.isZero()) {
            throw new IllegalArgumentException("lobbyBudget must be positive, got " + lobbyBudget);
        }
        this.pollInterval = pollInterval;
        this.lobbyBudget = lobbyBudget;
    }

    /** A client with the default poll interval and lobby budget. */
    public VisioRoomClient(HttpClient http, ScheduledExecutorService scheduler, Clock clock) {
        this(http, scheduler, clock, DEFAULT_POLL_INTERVAL, DEFAULT_LOBBY_BUDGET);
    }

    /**
     * Gets access to the meeting, waiting in its lobby when needed. The future fails with a
     * {@link RoomJoinException} (wrapped in a {@link CompletionException}); cancelling it stops
     * the polling.
     *
     * @param username the name others see, 1 to 100 characters
     */
    public CompletableFuture<LiveKitAccess> join(MeetingUrl meeting, String username, WaitingListener waiting) {
        Objects.requireNonNull(meeting, "meeting");
        Objects.requireNonNull(waiting, "waiting");
        if (username == null || username.isBlank() || username.length() > 100) {
            throw new IllegalArgumentException("username must have 1 to 100 characters");
        }
        URI uri = URI.create(meeting.roomApi() + "?username=" + URLEncoder.encode(username, StandardCharsets.UTF_8));
        CompletableFuture<LiveKitAccess> result = new CompletableFuture<>();
        send(HttpRequest.newBuilder(uri).GET(), "room " + meeting.slug()).thenAccept(r -> {
            try {
                RoomAnswer room = RoomApiAnswers.room(checked(r, "room " + meeting.slug()));
                if (room.access().isPresent()) {
                    result.complete(room.access().get());
                } else {
                    new Lobby(meeting, room, username, waiting, result).poll();
                }
            } catch (RoomJoinException e) {
                result.completeExceptionally(e);
            }
        }).exceptionally(e -> {
            result.completeExceptionally(unwrap(e));
            return null;
        });
        return result;
    }

    /** One lobby wait: polls until a decision, the budget, or cancellation. */
    private final class Lobby {
        private final MeetingUrl meeting;
        private final RoomAnswer room;
        private final String body;
        private final WaitingListener waiting;
        private final CompletableFuture<LiveKitAccess> result;
        private final Instant since = clock.instant();
        private volatile Optional<String> cookie = Optional.empty();

        Lobby(MeetingUrl meeting, RoomAnswer room, String username, WaitingListener waiting,
                CompletableFuture<LiveKitAccess> result) {
            this.meeting = meeting;
            this.room = room;
            this.body = "{\"username\":" + jsonString(username) + "}";
            this.waiting = waiting;
            this.result = result;
        }

        void poll() {
            if (result.isDone()) {
                return;
            }
            String what = "entry request for room " + room.id();
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(meeting.base() + "/api/v1.0/rooms/"
                    + URLEncoder.encode(room.id(), StandardCharsets.UTF_8) + "/request-entry/"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body));
            cookie.ifPresent(c -> b.header("Cookie", COOKIE + "=" + c));
            send(b, what).thenAccept(r -> {
                try {
                    rememberCookie(r);
                    EntryAnswer answer = RoomApiAnswers.entry(checked(r, what));
                    switch (answer.status()) {
                        case "accepted" -> result.complete(answer.access().orElseThrow());
                        case "denied" -> result.completeExceptionally(new RoomJoinException(Failure.DENIED,
                                "the host denied entry to room " + room.id() + " (" + meeting + ")"));
                        default -> waitAgain();
                    }
                } catch (RoomJoinException e) {
                    result.completeExceptionally(e);
                }
            }).exceptionally(e -> {
                result.completeExceptionally(unwrap(e));
                return null;
            });
        }

        private void waitAgain() {
            if (clock.instant().plus(pollInterval).isAfter(since.plus(lobbyBudget))) {
                result.completeExceptionally(new RoomJoinException(Failure.WAIT_TIMED_OUT, "nobody admitted this"
                        + " device to room " + room.id() + " (" + meeting + ") within " + lobbyBudget));
                return;
            }
            waiting.waiting(room.name(), since);
            scheduler.schedule(this::poll, pollInterval.toMillis(), TimeUnit.MILLISECONDS);
        }

        private void rememberCookie(HttpResponse<String> r) {
            for (String header : r.headers().allValues("Set-Cookie")) {
                String pair = header.split(";", 2)[0].strip();
                if (pair.startsWith(COOKIE + "=")) {
                    String value = pair.substring(COOKIE.length() + 1);
                    if (value.matches("[A-Za-z0-9-]{1,64}")) {
                        cookie = Optional.of(value);
                    }
                }
            }
        }
    }

    private CompletableFuture<HttpResponse<String>> send(HttpRequest.Builder b, String what) {
        return http.sendAsync(b.timeout(REQUEST_TIMEOUT).header("Accept", "application/json").build(),
                HttpResponse.BodyHandlers.ofString())
                .exceptionallyCompose(e -> CompletableFuture.failedFuture(unreachable(unwrap(e), what)));
    }

    private static Throwable unreachable(Throwable e, String what) {
        if (e instanceof RoomJoinException) {
            return e;
        }
        String kind = e instanceof HttpConnectTimeoutException ? "connect timed out"
                : e instanceof HttpTimeoutException ? "no answer within " + REQUEST_TIMEOUT
                : e instanceof ConnectException ? "connection refused" : String.valueOf(e.getMessage());
        return new RoomJoinException(Failure.UNREACHABLE, what + " failed: " + kind
                + "; check the network and the meeting link", e);
    }

    private static String checked(HttpResponse<String> r, String what) throws RoomJoinException {
        int s = r.statusCode();
        if (s == 200) {
            return r.body();
        }
        String detail = what + " answered HTTP " + s + ": " + MeetingUrl.shown(String.valueOf(r.body()));
        throw switch (s) {
            case 404 -> new RoomJoinException(Failure.NOT_FOUND, detail);
            case 401, 403 -> new RoomJoinException(Failure.TOKEN_REJECTED, detail);
            case 429 -> new RoomJoinException(Failure.THROTTLED, detail);
            default -> s >= 500 ? new RoomJoinException(Failure.SERVER_ERROR, detail)
                    : new RoomJoinException(Failure.MALFORMED_ANSWER, detail);
        };
    }

    private static Throwable unwrap(Throwable e) {
        while ((e instanceof CompletionException || e instanceof java.util.concurrent.ExecutionException)
                && e.getCause() != null) {
            e = e.getCause();
        }
        return e;
    }

    private static String jsonString(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }
}

package dev.salle.bridge.signal;

import dev.salle.bridge.Bridge;
import dev.salle.bridge.config.BridgeConfig;
import dev.salle.bridge.config.BridgeLimits;
import dev.salle.bridge.config.ConfigException;
import dev.salle.rtc.token.AccessTokenMinter;
import dev.salle.rtc.token.ApiKeys;
import dev.salle.rtc.token.TokenRequest;
import dev.salle.rtc.token.VideoGrant;
import dev.salle.testkit.FakeClock;
import dev.salle.testkit.FakeScheduler;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicReference;
import livekit.LivekitRtc.SignalResponse;

/** The real bridge with {@link RtcSignalling} on 127.0.0.1, a fake clock and a fake scheduler. */
final class SignalFixture implements AutoCloseable {

    static final String KEY = "testkey";
    static final String SECRET = "test-secret-that-is-long-enough-0123456789";
    static final String ROOM = "abc-defg-hij";

    final FakeClock clock = new FakeClock();
    final FakeScheduler scheduler = new FakeScheduler(clock);
    final ApiKeys keys = ApiKeys.parse(KEY + ": " + SECRET);
    final HttpClient http = HttpClient.newHttpClient();
    final AtomicReference<RtcSignalling> signalling = new AtomicReference<>();
    final Bridge bridge;

    SignalFixture() {
        this(BridgeLimits.defaults());
    }

    SignalFixture(BridgeLimits limits) {
        this(limits, Optional.empty());
    }

    /** A bridge that hands these TURN servers to every client. */
    SignalFixture(Optional<dev.salle.bridge.config.TurnOffer> turn) {
        this(BridgeLimits.defaults(), turn);
    }

    private SignalFixture(BridgeLimits limits, Optional<dev.salle.bridge.config.TurnOffer> turn) {
        try {
            BridgeConfig config = BridgeConfig.validated(BridgeConfig.LOOPBACK, 0, 0, keys,
                    false, Optional.empty(), limits).withTurn(turn);
            bridge = Bridge.start(config, clock, new SplittableRandom(7), services -> {
                RtcSignalling s = RtcSignalling.create(services, clock, scheduler, new SplittableRandom(11));
                signalling.set(s);
                return s;
            });
        } catch (ConfigException e) {
            throw new IllegalStateException(e);
        }
    }

    String token(String identity, VideoGrant grant) {
        return new AccessTokenMinter(keys, KEY, clock).mint(TokenRequest.joinRoom(identity, ROOM)
                .withGrant(grant));
    }

    String token(String identity) {
        return token(identity, VideoGrant.joinRoom(ROOM));
    }

    URI rtc(String token) {
        return rtcQuery("access_token=" + URLEncoder.encode(token, StandardCharsets.UTF_8)
                + "&auto_subscribe=1&sdk=js&version=2.23.0&protocol=17");
    }

    URI rtcQuery(String query) {
        return URI.create("ws" + bridge.httpUri().toString().substring(4) + "/rtc?" + query);
    }

    /** Connects and reads the JoinResponse. */
    Joined join(String identity) {
        return join(identity, VideoGrant.joinRoom(ROOM));
    }

    Joined join(String identity, VideoGrant grant) {
        SignalClient c = SignalClient.connect(http, rtc(token(identity, grant)));
        return new Joined(c, c.await(SignalResponse.MessageCase.JOIN));
    }

    /** Connects with this token and reads the JoinResponse. */
    static Joined joinWith(SignalFixture f, String token) {
        SignalClient c = SignalClient.connect(f.http, f.rtc(token));
        return new Joined(c, c.await(SignalResponse.MessageCase.JOIN));
    }

    /** A client and the JoinResponse it got. */
    record Joined(SignalClient client, SignalResponse join) {
        String sid() {
            return join.getJoin().getParticipant().getSid();
        }
    }

    HttpResponse<String> get(URI uri) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create("http" + uri.toString().substring(2))).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    String metrics() {
        return get(URI.create("ws" + bridge.httpUri().toString().substring(4) + "/metrics")).body();
    }

    @Override
    public void close() {
        bridge.close();
        http.shutdownNow();
    }
}

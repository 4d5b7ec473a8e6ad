package dev.salle.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import dev.salle.testkit.RealDependency;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The web client's routes on a real bridge, next to the API, /rtc and /metrics. */
class WebRoutesTest {

    private final BridgeFixture fixture = new BridgeFixture();

    @AfterEach
    void close() {
        fixture.close();
    }

    private static void assertPageHeaders(HttpResponse<String> r) {
        assertThat(r.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
        assertThat(r.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(csp -> assertThat(csp)
                .contains("script-src 'self'").contains("connect-src 'self'").doesNotContain("unsafe-inline"));
        assertThat(r.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
    }

    @Test
    void homePageIsServedWithItsPolicy() {
        HttpResponse<String> r = fixture.get("/");

        assertThat(r.statusCode()).isEqualTo(200);
        assertPageHeaders(r);
        assertThat(r.body()).contains("<script type=\"module\" src=\"/static/home.js\">").doesNotContain("<script>");
    }

    @Test
    void joinPageIsServedForAMeetingSlugWhenTheBundleIsInstalled() {
        RealDependency.require(fixture.get("/static/livekit-client.esm.mjs").statusCode() == 200,
                "livekit-client in bridge/web/node_modules, copied by the build (npm install in bridge/web, then build)");

        HttpResponse<String> r = fixture.get("/abc-defg-hij");
        HttpResponse<String> unhyphenated = fixture.get("/abcdefghij");

        assertThat(r.statusCode()).isEqualTo(200);
        assertPageHeaders(r);
        assertThat(r.body()).contains("src=\"/static/room.js\"");
        assertThat(unhyphenated.statusCode()).isEqualTo(200);
    }

    @Test
    void bundleAndOwnFilesAreServedWithTheirTypes() {
        RealDependency.require(fixture.get("/static/livekit-client.esm.mjs").statusCode() == 200,
                "livekit-client in bridge/web/node_modules, copied by the build (npm install in bridge/web, then build)");

        HttpResponse<String> bundle = fixture.get("/static/livekit-client.esm.mjs");
        HttpResponse<String> room = fixture.get("/static/room.js");
        HttpResponse<String> css = fixture.get("/static/salle.css");

        assertThat(bundle.headers().firstValue("Content-Type")).hasValue("text/javascript; charset=utf-8");
        assertThat(bundle.body()).contains("RoomEvent");
        assertThat(room.statusCode()).isEqualTo(200);
        assertThat(room.headers().firstValue("Content-Type")).hasValue("text/javascript; charset=utf-8");
        assertThat(room.body()).contains("from '/static/livekit-client.esm.mjs'");
        assertThat(css.headers().firstValue("Content-Type")).hasValue("text/css; charset=utf-8");
    }

    @Test
    void junkPathsAreStill404() {
        for (String path : new String[] {"/abc", "/abc-defg-hi", "/ABC-DEFG-HIJ", "/abc-defg-hij/x", "/static/x.js",
                "/static/../room.html", "/favicon.ico", "/home.html"}) {
            HttpResponse<String> r = fixture.get(path);
            assertThat(r.statusCode()).as(path).isEqualTo(404);
            assertThat(r.body()).as(path).doesNotContain("<html");
        }
    }

    @Test
    void dotDotPathsAreRefusedBeforeAnyRoute() {
        // Jetty's URI compliance refuses them (400) before the routes see a path
        for (String path : new String[] {"/../etc", "/../etc/passwd", "/%2e%2e/etc", "/static/%2e%2e/room.html"}) {
            HttpResponse<String> r = fixture.get(path);

            assertThat(r.statusCode()).as(path).isEqualTo(400);
            assertThat(r.body()).as(path).doesNotContain("root:").doesNotContain("<script");
        }
    }

    @Test
    void otherPathsKeepTheirAnswers() {
        assertThat(fixture.get("/metrics").statusCode()).isEqualTo(200);
        assertThat(fixture.get("/api/v1.0/rooms/abc-defg-hij/?username=Ann").statusCode()).isEqualTo(200);
        assertThat(fixture.get("/rtc/v1").statusCode()).isEqualTo(404);
        assertThat(fixture.post("/", "{}").statusCode()).isEqualTo(405);
        assertThat(fixture.metrics()).contains("path=\"/\"");
    }
}

package dev.salle.bridge.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.URL;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The web client's decisions, without a server: which paths are its, what each answers. */
class WebClientTest {

    /** The bridge's real files, but as if the build had found no livekit-client bundle. */
    private static WebAssets assetsWithoutBundle() {
        ClassLoader hiding = new ClassLoader(WebClientTest.class.getClassLoader()) {
            @Override
            public URL getResource(String name) {
                return name.endsWith(WebAssets.BUNDLE) ? null : super.getResource(name);
            }
        };
        return new WebAssets(hiding, WebAssets.BASE);
    }

    @Test
    void claimsTheHomeMeetingSlugsAndStaticFilesOnly() {
        assertThat(WebClient.route("/")).contains(WebClient.HOME_ROUTE);
        assertThat(WebClient.route("/abc-defg-hij")).contains(WebClient.ROOM_ROUTE);
        assertThat(WebClient.route("/abcdefghij")).contains(WebClient.ROOM_ROUTE);
        assertThat(WebClient.route("/static/room.js")).contains(WebClient.STATIC_ROUTE);
        assertThat(WebClient.route("/abc")).isEmpty();
        assertThat(WebClient.route("/ABC-DEFG-HIJ")).isEmpty();
        assertThat(WebClient.route("/abc-defg-hij/")).isEmpty();
        assertThat(WebClient.route("/../etc")).isEmpty();
        assertThat(WebClient.route("/metrics")).isEmpty();
        assertThat(WebClient.route("/rtc")).isEmpty();
        assertThat(WebClient.route("/api/v1.0/rooms/abc-defg-hij/")).isEmpty();
    }

    @Test
    void joinPageWithoutTheBundleIsA503SayingHowToInstallIt() {
        WebClient web = new WebClient(assetsWithoutBundle(), Optional.empty());

        WebAnswer page = web.answer("GET", "/abc-defg-hij");
        WebAnswer bundle = web.answer("GET", "/static/livekit-client.esm.mjs");

        assertThat(web.bundlePresent()).isFalse();
        assertThat(page.status()).isEqualTo(503);
        assertThat(page.contentType()).startsWith("text/html");
        assertThat(page.bodyText()).contains("livekit-client is not installed").contains("./salle bridge")
                .contains("npm install").contains("bridge/web");
        assertThat(page.headers()).containsKey("Content-Security-Policy");
        assertThat(bundle.status()).isEqualTo(503);
        assertThat(bundle.bodyText()).contains("npm install");
        assertThat(web.answer("GET", "/").status()).as("the home page needs no bundle").isEqualTo(200);
    }

    @Test
    void unknownStaticFilesAre404AndOtherMethods405() {
        WebClient web = new WebClient(assetsWithoutBundle(), Optional.empty());

        assertThat(web.answer("GET", "/static/../home.html").status()).isEqualTo(404);
        assertThat(web.answer("GET", "/static/home.html").status()).isEqualTo(404);
        assertThat(web.answer("GET", "/static/").status()).isEqualTo(404);
        WebAnswer post = web.answer("POST", "/");
        assertThat(post.status()).isEqualTo(405);
        assertThat(post.headers()).containsEntry("Allow", "GET");
        assertThatThrownBy(() -> web.answer("GET", "/metrics")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void policyAllowsOnlyOwnScriptsAndConnectionsToTheBridge() {
        String plain = WebClient.contentSecurityPolicy(Optional.empty());
        String behindProxy = WebClient.contentSecurityPolicy(Optional.of(URI.create("wss://bridge.site.example:443")));

        assertThat(plain).contains("script-src 'self';").contains("connect-src 'self';").contains("default-src 'none'")
                .contains("media-src 'self' blob:").doesNotContain("unsafe-inline").doesNotContain("unsafe-eval");
        assertThat(behindProxy).contains("connect-src 'self' wss://bridge.site.example:443;");
    }
}

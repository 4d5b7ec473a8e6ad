package dev.salle.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Page;
import dev.salle.testkit.NetworkNamespace;
import dev.salle.testkit.RealDependency;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The web client in real Chromium against the real bridge process, both inside a namespace: the
 * pages load under their Content-Security-Policy, livekit-client loads, and a join reaches
 * signalling (the media plane is not part of this test).
 */
class WebClientBrowserTest {

    private NetworkNamespace ns;
    private BridgeProcess bridge;
    private NamespaceChromium chromium;
    private final List<String> consoleErrors = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() {
        ns = NetworkNamespace.create();
        bridge = BridgeProcess.start(ns);
        RealDependency.require(bridge.httpGet("/static/livekit-client.esm.mjs").startsWith("200\n"),
                "livekit-client in bridge/web/node_modules, copied by the build (./salle test installs it)");
        // camera and microphone need a secure context; plain HTTP at a site address is one only when told
        chromium = NamespaceChromium.launch(ns, List.of("--unsafely-treat-insecure-origin-as-secure=" + bridge.httpUri()));
    }

    @AfterEach
    void stop() {
        try {
            if (chromium != null) {
                chromium.close();
            }
            if (bridge != null) {
                bridge.close();
            }
        } finally {
            ns.close();
        }
    }

    private Page page() {
        Page page = chromium.newPage();
        page.onConsoleMessage(m -> {
            if (m.type().equals("error")) {
                consoleErrors.add(m.text());
            }
        });
        page.onPageError(e -> consoleErrors.add("page error: " + e));
        return page;
    }

    @Test
    void homePageRunsItsScriptUnderThePolicy() {
        Page page = page();
        page.navigate(bridge.url("/"));

        page.waitForFunction("() => window.salle && window.salle.ready === true");
        assertThat(page.textContent("h1")).isEqualTo("Salle bridge");
        assertThat(consoleErrors).as("console errors").isEmpty();
    }

    @Test
    void newMeetingButtonOpensAJoinPageForAFreshSlug() {
        Page page = page();
        page.navigate(bridge.url("/"));
        page.waitForFunction("() => window.salle && window.salle.ready === true");

        page.click("#new-room");
        page.waitForURL(url -> url.matches(".*/[a-z]{3}-[a-z]{4}-[a-z]{3}$"));
        page.waitForFunction("() => window.salle && window.salle.page === 'room'");

        assertThat(page.evaluate("() => window.salle.phase")).isEqualTo("ready");
    }

    @Test
    void joinPageLoadsLivekitClientAndReachesSignalling() {
        Page page = page();
        page.navigate(bridge.url("/abc-defg-hij?name=Alice&autojoin=1&simulcast=0"));

        page.waitForFunction("() => window.salle && window.salle.signalConnected === true");

        assertThat(page.evaluate("() => window.salle.livekitVersion")).isEqualTo("2.23.0");
        assertThat(page.evaluate("() => window.salle.livekitRoom")).isEqualTo("abc-defg-hij");
        assertThat((String) page.evaluate("() => window.salle.localIdentity")).isNotBlank();
        assertThat((String) page.evaluate("() => window.salle.localSid")).startsWith("PA_");
        assertThat(page.evaluate("() => localStorage.getItem('salle.name')")).isEqualTo("Alice");
        assertThat(bridge.httpGet("/metrics")).contains("salle_bridge_signal_responses_total{type=\"join\"} 1");
        assertThat(consoleErrors).as("console errors").noneMatch(e -> e.contains("Content Security Policy"));
    }

    /** A restricted room made through the room API: its slug and id. */
    private String[] restrictedRoom() {
        String admin = BridgeProcess.adminToken("any", "host");
        String created = bridge.httpGet("/api/v1.0/rooms/", "-H", "Authorization: Bearer " + admin,
                "-H", "Content-Type: application/json", "--data", "{\"name\":\"Board <b>room</b>\",\"access_level\":\"restricted\"}");
        assertThat(created).startsWith("201\n");
        return new String[] {created.replaceAll("(?s).*\"slug\":\"([a-z-]+)\".*", "$1"),
                created.replaceAll("(?s).*\"id\":\"([0-9a-f-]+)\".*", "$1")};
    }

    /** Waits until the host sees the guest in the lobby, then admits or denies it. */
    private void decide(String id, String guestName, boolean allow) {
        String host = BridgeProcess.adminToken(id, "host");
        String waiting = "";
        for (int i = 0; i < 50 && !waiting.contains(guestName); i++) { // the page polls about every second
            waiting = bridge.httpGet("/api/v1.0/rooms/" + id + "/waiting-participants/", "-H", "Authorization: Bearer " + host);
        }
        assertThat(waiting).contains(guestName);
        String guest = waiting.replaceAll("(?s).*\"id\":\"([0-9a-f-]+)\".*", "$1");
        assertThat(bridge.httpGet("/api/v1.0/rooms/" + id + "/enter/", "-H", "Authorization: Bearer " + host,
                "-H", "Content-Type: application/json", "--data",
                "{\"participant_id\":\"" + guest + "\",\"allow_entry\":" + allow + "}")).startsWith("200\n");
    }

    @Test
    void restrictedRoomShowsTheLobbyThenTheDenial() {
        String[] room = restrictedRoom();
        Page page = page();
        page.navigate(bridge.url("/" + room[0] + "?name=Bob&autojoin=1"));

        page.waitForFunction("() => window.salle && window.salle.phase === 'waiting'");
        assertThat(page.isVisible("#lobby")).isTrue();
        assertThat(page.textContent("#lobby")).contains("Waiting for the host to let you in");
        assertThat(page.textContent("#room-name")).as("shown as text, not HTML").isEqualTo("Board <b>room</b>");
        decide(room[1], "Bob", false);

        page.waitForFunction("() => window.salle.phase === 'denied'");
        assertThat(page.textContent("#error")).contains("denied");
        assertThat(bridge.httpGet("/metrics")).as("a denied guest never got a token, so never joined")
                .doesNotContain("salle_bridge_signal_responses_total{type=\"join\"}");
    }

    @Test
    void restrictedRoomLetsTheGuestInOnceTheHostAdmitsIt() {
        String[] room = restrictedRoom();
        Page page = page();
        page.navigate(bridge.url("/" + room[0] + "?name=Carol&autojoin=1&simulcast=0"));
        page.waitForFunction("() => window.salle && window.salle.phase === 'waiting'");
        assertThat(bridge.httpGet("/metrics")).doesNotContain("salle_bridge_signal_responses_total{type=\"join\"}");

        decide(room[1], "Carol", true);

        try {
            page.waitForFunction("() => window.salle.phase === 'connected' && window.salle.published.length === 2",
                    null, new Page.WaitForFunctionOptions().setTimeout(30_000));
        } catch (com.microsoft.playwright.TimeoutError e) {
            throw new AssertionError("the admitted guest did not get in; page state "
                    + page.evaluate("() => JSON.stringify({phase: salle.phase, error: salle.error, state: salle.connectionState,"
                            + " published: salle.published, text: document.body.innerText.slice(0, 800)})") + ", console errors " + consoleErrors
                    + "\nbridge output:\n" + bridge.output(), e);
        }
        assertThat(page.evaluate("() => window.salle.livekitRoom")).isEqualTo(room[1]);
        assertThat(bridge.httpGet("/metrics")).contains("salle_bridge_signal_responses_total{type=\"join\"} 1");
    }

    @Test
    void anotherParticipantsNameIsShownAsTextInTheGrid() {
        String hostile = "<img src=x id=injected>Eve";
        Page eve = page();
        eve.navigate(bridge.url("/abc-defg-hij?autojoin=1&name=" + java.net.URLEncoder.encode(hostile,
                java.nio.charset.StandardCharsets.UTF_8)));
        eve.waitForFunction("() => window.salle && window.salle.signalConnected === true");
        String eveIdentity = (String) eve.evaluate("() => window.salle.localIdentity");

        Page alice = page();
        alice.navigate(bridge.url("/abc-defg-hij?name=Alice&autojoin=1"));
        alice.waitForFunction("() => window.salle && window.salle.signalConnected === true");
        alice.waitForFunction("id => window.salle.participants.includes(id)", eveIdentity);

        assertThat(alice.textContent(".tile .name")).isEqualTo(hostile);
        assertThat(alice.querySelector("#injected")).as("no element made from a name").isNull();
        assertThat(alice.evaluate("() => window.salle.participants")).isEqualTo(List.of(eveIdentity));
    }
}

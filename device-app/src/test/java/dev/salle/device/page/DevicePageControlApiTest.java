package dev.salle.device.page;

import static dev.salle.device.page.PageClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.salle.device.call.CallSnapshot;
import dev.salle.device.call.CallState;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Join, leave and mute through the control API: a real Jetty on loopback, the real call state
 * machine on a fake room connection, and java.net.http as the controller.
 */
class DevicePageControlApiTest extends LivePageTest {

    @Test
    void joinWithoutABodyJoinsTheRoomsMeeting() throws Exception {
        HttpResponse<String> r = client.send(client.post("/api/join", null));

        assertThat(r.statusCode()).isEqualTo(202);
        assertThat(json(r).get("ok").asBoolean()).isTrue();
        assertThat(json(r).get("message").asText()).isEqualTo("joining " + FakeDevicePageModel.ROOM_MEETING);
        assertThat(model.call.snapshot().state()).isEqualTo(CallState.JOINING);
        assertThat(model.call.snapshot().cause()).isEqualTo("api");
        assertThat(model.connection.last().meeting).isEqualTo(FakeDevicePageModel.ROOM_MEETING);
    }

    @Test
    void joinWithAMeetingJoinsThatMeeting() throws Exception {
        HttpResponse<String> r = client.send(client.post("/api/join", "{\"meeting\": \"wss://visio.example/rtc?room=xyz\"}"));

        assertThat(r.statusCode()).isEqualTo(202);
        assertThat(model.connection.last().meeting).isEqualTo("wss://visio.example/rtc?room=xyz");
        assertThat(client.send(client.post("/api/leave", "{}")).statusCode()).isEqualTo(202);
        model.connection.last().end("left");
        HttpResponse<String> local = client.send(client.post("/api/join", "{\"meeting\":\"local:\"}"));
        assertThat(local.statusCode()).isEqualTo(202);
        assertThat(model.connection.last().meeting).isEqualTo("local:");
    }

    @Test
    void joinWhileInACallIsRefusedWithTheReasonAndChangesNothing() throws Exception {
        model.inCall();
        CallSnapshot before = model.call.snapshot();

        HttpResponse<String> r = client.send(client.post("/api/join", "{\"meeting\": \"https://visio.example/other\"}"));

        assertThat(r.statusCode()).isEqualTo(409);
        assertThat(json(r).get("ok").asBoolean()).isFalse();
        assertThat(json(r).get("error").asText()).isEqualTo("the room is in_call; leave first");
        assertThat(model.call.snapshot()).isEqualTo(before);
        assertThat(model.connection.sessions).hasSize(1);
    }

    @Test
    void leaveEndsTheCallAndIsRefusedWhenThereIsNone() throws Exception {
        model.inCall();

        HttpResponse<String> leave = client.send(client.post("/api/leave", null));
        assertThat(leave.statusCode()).isEqualTo(202);
        assertThat(json(leave).get("message").asText()).isEqualTo("leaving");
        assertThat(model.call.snapshot().state()).isEqualTo(CallState.LEAVING);
        assertThat(model.connection.last().leaves).isEqualTo(1);

        model.connection.last().end("left");
        HttpResponse<String> again = client.send(client.post("/api/leave", null));
        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(json(again).get("error").asText()).contains("not in a call");
        assertThat(model.call.snapshot().state()).isEqualTo(CallState.IDLE);
    }

    @Test
    void muteSetsOrTogglesTheMicrophoneInACall() throws Exception {
        model.inCall();

        HttpResponse<String> set = client.send(client.post("/api/mute", "{\"muted\": true}"));
        assertThat(set.statusCode()).isEqualTo(202);
        assertThat(json(set).get("message").asText()).isEqualTo("microphone muted");
        assertThat(model.call.snapshot().muted()).isTrue();
        assertThat(model.connection.last().muted).isTrue();

        HttpResponse<String> toggle = client.send(client.post("/api/mute", null));
        assertThat(toggle.statusCode()).isEqualTo(202);
        assertThat(json(toggle).get("message").asText()).isEqualTo("microphone unmuted");
        assertThat(model.call.snapshot().muted()).isFalse();

        client.send(client.post("/api/mute", "{\"muted\": false}"));
        assertThat(model.call.snapshot().muted()).isFalse();
        assertThat(model.connection.last().muted).isFalse();
    }

    @Test
    void cameraTurnsOffAndOnInAndOutOfACall() throws Exception {
        HttpResponse<String> off = client.send(client.post("/api/camera", "{\"off\": true}"));
        assertThat(off.statusCode()).isEqualTo(202);
        assertThat(json(off).get("message").asText()).isEqualTo("camera off");
        HttpResponse<String> state = client.send(client.at("/api/state"));
        assertThat(json(state).get("call").get("cameraOff").asBoolean()).isTrue();

        model.inCall();
        assertThat(model.connection.last().cameraOff).isTrue();
        HttpResponse<String> toggle = client.send(client.post("/api/camera", null));
        assertThat(toggle.statusCode()).isEqualTo(202);
        assertThat(json(toggle).get("message").asText()).isEqualTo("camera on");
        assertThat(model.call.snapshot().cameraOff()).isFalse();
        assertThat(model.connection.last().cameraOff).isFalse();
    }

    @Test
    void muteWhenIdleIsRefused() throws Exception {
        HttpResponse<String> r = client.send(client.post("/api/mute", "{\"muted\": true}"));

        assertThat(r.statusCode()).isEqualTo(409);
        assertThat(json(r).get("error").asText()).contains("only be muted in a call").contains("idle");
        assertThat(model.call.snapshot().muted()).isFalse();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            malformed JSON        | /api/join  | {"meeting": "https://visio.example/a"  | not valid JSON
            trailing garbage      | /api/join  | {"meeting": "local:"} {}               | not valid JSON
            duplicate key         | /api/join  | {"meeting": "local:", "meeting": "local:"} | not valid JSON
            an array              | /api/join  | ["https://visio.example/a"]            | must be a JSON object such as {"meeting": "https://visio.example/abc-defg-hij"}, not an array
            a string              | /api/join  | "https://visio.example/a"              | must be a JSON object
            unknown key           | /api/join  | {"url": "https://visio.example/a"}     | unknown key 'url' in the request body; the only key is 'meeting'
            meeting not a string  | /api/join  | {"meeting": 42}                        | 'meeting' must be a string, not a number
            empty meeting         | /api/join  | {"meeting": ""}                        | 'meeting' is empty
            javascript URL        | /api/join  | {"meeting": "javascript:alert(1)"}     | the scheme 'javascript', which is not allowed
            file URL              | /api/join  | {"meeting": "file:///etc/passwd"}      | the scheme 'file', which is not allowed
            relative URL          | /api/join  | {"meeting": "/abc-defg-hij"}           | 'meeting' has no scheme
            user-info URL         | /api/join  | {"meeting": "https://alice:secret@visio.example/a"} | carries a user name or password
            user-only URL         | /api/join  | {"meeting": "https://alice@visio.example/a"} | carries a user name or password
            bad local name        | /api/join  | {"meeting": "local:../x"}              | local: names may only hold
            space in URL          | /api/join  | {"meeting": "https://visio.example/a b"} | 'meeting' is not a valid URL
            unknown key on leave  | /api/leave | {"now": true}                          | unknown key 'now' in the request body; this request takes no keys
            muted not a boolean   | /api/mute  | {"muted": "yes"}                       | 'muted' must be true or false, not a string
            unknown key on mute   | /api/mute  | {"mute": true}                         | the only key is 'muted'
            off not a boolean     | /api/camera | {"off": 1}                            | 'off' must be true or false, not a number
            unknown key on camera | /api/camera | {"on": true}                          | the only key is 'off'
            camera array          | /api/camera | [true]                                | must be a JSON object such as {"off": true}
            """)
    void badBodyIsRefusedWithItsReasonAndChangesNothing(String what, String path, String body, String error) throws Exception {
        model.inCall();
        CallSnapshot before = model.call.snapshot();

        HttpResponse<String> r = client.send(client.post(path, body));

        assertThat(r.statusCode()).as(what).isEqualTo(400);
        assertThat(json(r).get("ok").asBoolean()).isFalse();
        assertThat(json(r).get("error").asText()).as(what).contains(error);
        assertThat(model.call.snapshot()).isEqualTo(before);
        assertThat(model.connection.sessions).hasSize(1);
        assertThat(model.connection.last().leaves).isZero();
    }

    @Test
    void meetingLongerThan2048CharactersIsRefused() throws Exception {
        String meeting = "https://visio.example/" + "a".repeat(2048 - 22 + 1);

        HttpResponse<String> r = client.send(client.post("/api/join", "{\"meeting\": \"" + meeting + "\"}"));
        HttpResponse<String> atLimit = client.send(client.post("/api/join", "{\"meeting\": \"" + meeting.substring(0, 2048) + "\"}"));

        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(json(r).get("error").asText()).isEqualTo("'meeting' is 2049 characters long; at most 2048 are allowed");
        assertThat(atLimit.statusCode()).isEqualTo(202);
    }

    @Test
    void bodyOf5KiBIsRefusedAndChangesNothing() throws Exception {
        String body = "{\"meeting\": \"https://visio.example/" + "a".repeat(5 * 1024) + "\"}";

        HttpResponse<String> r = client.send(client.post("/api/join", body));

        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(json(r).get("error").asText()).contains("larger than 4096 bytes");
        assertThat(model.call.snapshot().state()).isEqualTo(CallState.IDLE);
        assertThat(model.connection.sessions).isEmpty();
    }
}

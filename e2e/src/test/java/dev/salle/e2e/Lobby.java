package dev.salle.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.salle.bridge.BridgeProcess;

/** A host's side of the bridge's lobby, through its room API (curl inside the namespace). */
final class Lobby {

    record Room(String slug, String id) {}

    private Lobby() {}

    /** Creates a restricted room and returns its slug and id. */
    static Room restrictedRoom(BridgeProcess bridge, String name) {
        String admin = BridgeProcess.adminToken("any", "host");
        String created = bridge.httpGet("/api/v1.0/rooms/", "-H", "Authorization: Bearer " + admin,
                "-H", "Content-Type: application/json", "--data",
                "{\"name\":\"" + name + "\",\"access_level\":\"restricted\"}");
        assertThat(created).startsWith("201\n");
        return new Room(created.replaceAll("(?s).*\"slug\":\"([a-z-]+)\".*", "$1"),
                created.replaceAll("(?s).*\"id\":\"([0-9a-f-]+)\".*", "$1"));
    }

    /** Waits (bounded) until the guest waits in the lobby, then admits or denies it. */
    static void decide(BridgeProcess bridge, String roomId, String guestName, boolean allow) {
        String host = BridgeProcess.adminToken(roomId, "host");
        String waiting = "";
        for (int i = 0; i < 50 && !waiting.contains(guestName); i++) {
            waiting = bridge.httpGet("/api/v1.0/rooms/" + roomId + "/waiting-participants/",
                    "-H", "Authorization: Bearer " + host);
        }
        assertThat(waiting).contains(guestName);
        String guest = waiting.replaceAll("(?s).*\"id\":\"([0-9a-f-]+)\".*", "$1");
        assertThat(bridge.httpGet("/api/v1.0/rooms/" + roomId + "/enter/", "-H", "Authorization: Bearer " + host,
                "-H", "Content-Type: application/json", "--data",
                "{\"participant_id\":\"" + guest + "\",\"allow_entry\":" + allow + "}")).startsWith("200\n");
    }
}

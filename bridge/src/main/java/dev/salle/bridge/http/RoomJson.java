package dev.salle.bridge.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.salle.bridge.config.BridgeConfig;
import dev.salle.bridge.room.Room;
import java.util.regex.Pattern;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;

/** Writes rooms in Visio's JSON shape and works out the LiveKit URL clients use. Stateless. */
final class RoomJson {

    private static final Pattern HOST_HEADER = Pattern.compile("[A-Za-z0-9.\\-]{1,253}(:[0-9]{1,5})?|\\[[0-9a-fA-F:.]{2,45}\\](:[0-9]{1,5})?");

    private RoomJson() {
    }

    /** {@code {id, name, slug, configuration, access_level, pin_code}}. */
    static ObjectNode room(Room room) {
        ObjectNode n = Exchange.JSON.createObjectNode()
                .put("id", room.id())
                .put("name", room.name())
                .put("slug", room.slug());
        n.putObject("configuration");
        n.put("access_level", room.accessLevel().jsonName());
        if (room.pinCode().isPresent()) {
            n.put("pin_code", room.pinCode().get());
        } else {
            n.putNull("pin_code");
        }
        return n;
    }

    /** {@code {url, room, token}}. */
    static ObjectNode livekit(String url, Room room, String token) {
        return Exchange.JSON.createObjectNode().put("url", url).put("room", room.livekitRoom()).put("token", token);
    }

    /**
     * The bridge's own {@code ws://} or {@code wss://} URL: the configured public URL, else the
     * request's Host header (when it is a plain host[:port]), else the address the request came to.
     */
    static String livekitUrl(Exchange ex, BridgeConfig config) {
        if (config.publicUrl().isPresent()) {
            return config.publicUrl().get().toString();
        }
        String scheme = ex.request.isSecure() ? "wss" : "ws";
        String host = ex.header(HttpHeader.HOST).orElse("");
        if (!HOST_HEADER.matcher(host).matches()) {
            String addr = Request.getLocalAddr(ex.request);
            host = (addr.contains(":") ? "[" + addr + "]" : addr) + ":" + Request.getLocalPort(ex.request);
        }
        return scheme + "://" + host;
    }
}

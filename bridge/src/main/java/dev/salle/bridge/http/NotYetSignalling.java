package dev.salle.bridge.http;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The handler mounted on {@code /rtc} until the WebSocket signalling exists: 501 with a body that
 * says so. Replace it by passing a WebSocket upgrade handler to {@link BridgeHttpServer}.
 * Stateless, thread-safe.
 */
public final class NotYetSignalling extends Handler.Abstract {

    static final String BODY = "LiveKit signalling over WebSocket is not built into this bridge yet;"
            + " the room API and /rtc/validate work, media does not\n";

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        response.setStatus(501);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain; charset=utf-8");
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        response.write(true, ByteBuffer.wrap(BODY.getBytes(StandardCharsets.UTF_8)), callback);
        return true;
    }
}

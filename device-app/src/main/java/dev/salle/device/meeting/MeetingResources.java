package dev.salle.device.meeting;

import dev.salle.device.media.CallMedia;
import dev.salle.rtc.client.LiveKitSignalClient;
import dev.salle.rtc.client.ReconnectPolicy;
import dev.salle.rtc.client.VisioRoomClient;
import dev.salle.rtc.dtls.DtlsEndpoint;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import dev.salle.settings.UdpPortRange;
import java.util.function.BiConsumer;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

/**
 * What every meeting session of the device shares; owned by {@link LiveKitRoomConnection}. Each
 * peer connection opens its own UDP port (as a browser's do): the server tells a client's two
 * connections apart by their address, so they cannot share one.
 *
 * @param peerThreads runs each peer connection's handshake and DTLS reader (one thread each, for
 *     the connection's life)
 * @param events telemetry: an event name and its fields (join time, join failures), any thread
 * @param mediaPorts the UDP ports media may use ({@code call.media-ports}), read at each port opened
 * @param turnTrust what a {@code turns:} server's certificate may chain to ({@code call.turn-trust-anchors}),
 *     read at each join
 */
record MeetingResources(LiveKitSignalClient signal, VisioRoomClient visio, DtlsEndpoint dtls,
        ExecutorService peerThreads, Clock clock, RandomGenerator random, CallMedia media,
        BiConsumer<String, Map<String, Object>> events, ReconnectPolicy reconnect,
        Supplier<UdpPortRange> mediaPorts, Supplier<dev.salle.rtc.turn.TurnTlsTrust> turnTrust) {}

package dev.salle.bridge.signal;

import dev.salle.bridge.metrics.BridgeMetrics;
import dev.salle.bridge.metrics.LabeledCounter;
import java.util.Locale;
import java.util.concurrent.atomic.LongAdder;

/**
 * The signalling's series on the bridge's registry. Thread-safe. Labels are enum names in lower
 * case, never ids.
 */
final class SignalMetrics {

    private final BridgeMetrics bridge;
    private final LabeledCounter received;
    private final LabeledCounter sent;
    private final LabeledCounter rejectedFrames;
    private final LabeledCounter refusedJoins;
    private final LabeledCounter disconnects;
    private final LabeledCounter mediaDrops;
    private final LabeledCounter resumeRefusals;
    private final LongAdder signalLost = new LongAdder();
    private final LongAdder resumes = new LongAdder();
    private final LongAdder rtpPacketsIn = new LongAdder();
    private final LongAdder rtpBytesIn = new LongAdder();
    private final LongAdder rtpPacketsOut = new LongAdder();
    private final LongAdder rtpBytesOut = new LongAdder();
    private final LongAdder nacks = new LongAdder();
    private final LongAdder plisIn = new LongAdder();
    private final LongAdder plisOut = new LongAdder();
    private final LongAdder dataRelayed = new LongAdder();
    private final LongAdder forwardNanos = new LongAdder();
    private final LongAdder forwardCount = new LongAdder();
    private final LabeledCounter dataDrops;

    SignalMetrics(BridgeMetrics bridge) {
        this.bridge = bridge;
        var r = bridge.registry();
        received = r.counter("salle_bridge_signal_requests_total",
                "Signalling messages received from clients, by type.", "type");
        sent = r.counter("salle_bridge_signal_responses_total", "Signalling messages sent to clients, by type.", "type");
        rejectedFrames = r.counter("salle_bridge_signal_rejected_frames_total",
                "WebSocket frames refused (the socket is closed), by reason.", "reason");
        refusedJoins = r.counter("salle_bridge_signal_refused_joins_total",
                "Connections to /rtc refused before the upgrade, by reason.", "reason");
        disconnects = r.counter("salle_bridge_signal_disconnects_total",
                "Participants that left, by reason.", "reason");
        resumeRefusals = r.counter("salle_bridge_signal_resumes_refused_total",
                "Session resumes (reconnect=1) refused, by reason; the client joins again.", "reason");
        r.counterOf("salle_bridge_signal_lost_total",
                "Signalling connections that ended while their participant stayed in the room to resume.",
                signalLost::sum);
        r.counterOf("salle_bridge_signal_resumes_total", "Sessions resumed on a new signalling connection.",
                resumes::sum);
        mediaDrops = r.counter("salle_bridge_media_dropped_total",
                "Media packets dropped after decryption, by reason.", "reason");
        r.counterOf("salle_bridge_rtp_packets_in_total", "RTP packets received from publishers.", rtpPacketsIn::sum);
        r.counterOf("salle_bridge_rtp_bytes_in_total", "RTP bytes (unprotected) received from publishers.",
                rtpBytesIn::sum);
        r.counterOf("salle_bridge_rtp_packets_out_total", "RTP packets forwarded to subscribers.", rtpPacketsOut::sum);
        r.counterOf("salle_bridge_rtp_bytes_out_total", "RTP bytes (unprotected) forwarded to subscribers.",
                rtpBytesOut::sum);
        r.counterOf("salle_bridge_nacks_received_total", "Sequence numbers subscribers reported lost (NACK).",
                nacks::sum);
        r.counterOf("salle_bridge_plis_received_total", "Key frame requests (PLI/FIR) from subscribers.", plisIn::sum);
        dataDrops = r.counter("salle_bridge_data_dropped_total",
                "Data channel messages not relayed, by reason.", "reason");
        r.counterOf("salle_bridge_data_relayed_total", "Data packets relayed to a participant.", dataRelayed::sum);
        r.counterOf("salle_bridge_forward_stage_microseconds_total",
                "Time spent forwarding received RTP packets (rewrite, SRTP protect and send, for every"
                        + " subscriber), in microseconds; divide by _packets_total for the mean per packet.",
                () -> forwardNanos.sum() / 1_000L);
        r.counterOf("salle_bridge_forward_stage_packets_total", "RTP packets that went through the forwarding stage.",
                forwardCount::sum);
        r.counterOf("salle_bridge_plis_sent_total", "Key frame requests (PLI) sent to publishers.", plisOut::sum);
    }

    void mediaDropped(String reason) {
        mediaDrops.increment(reason);
    }

    void rtpIn(int bytes) {
        rtpPacketsIn.increment();
        rtpBytesIn.add(bytes);
    }

    void rtpOut(int bytes) {
        rtpPacketsOut.increment();
        rtpBytesOut.add(bytes);
    }

    /** The media port's own series: datagrams read, and those dropped before any peer got them, by reason. */
    void mediaPort(dev.salle.bridge.media.MediaTransport media) {
        var r = bridge.registry();
        r.counterOf("salle_bridge_udp_datagrams_total", "Datagrams read on the media UDP port.",
                media.mux()::datagramsReceived);
        r.counterOf("salle_bridge_srtp_dropped_total",
                "SRTP and SRTCP packets that did not unprotect (forged, replayed, too old, too short), by reason.",
                "reason", this::srtpFailures);
        r.counterOf("salle_bridge_udp_dropped_total",
                "Datagrams dropped on the media port before reaching a peer (garbage, unknown or forged STUN,"
                        + " unknown source, full queue), by reason.", "reason", () -> {
                    java.util.Map<String, Long> out = new java.util.TreeMap<>();
                    media.mux().drops().snapshot().forEach((reason, n) -> out.put(label(reason), n));
                    return out;
                });
        media.tcp().ifPresent(tcp -> r.counterOf("salle_bridge_ice_tcp_frames_total",
                "RFC 4571 frames (STUN, DTLS, RTP, RTCP) read on the media TCP port (ICE over TCP).", tcp::framesReceived));
        media.tcp().ifPresent(tcp -> r.counterOf("salle_bridge_ice_tcp_closed_total",
                "ICE-TCP connections closed before or instead of carrying media (bad frame length, first frame not an"
                        + " authenticated check, none in time, too many waiting), by reason.", "reason", () -> {
                    java.util.Map<String, Long> out = new java.util.TreeMap<>();
                    tcp.closes().snapshot().forEach((reason, n) -> out.put(label(reason), n));
                    return out;
                }));
    }

    /** SRTP/SRTCP packets that failed to unprotect (forged, replayed, too short), live and closed connections. */
    private final java.util.Set<dev.salle.rtc.peer.PeerCounters> livePeers = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final java.util.Map<String, LongAdder> closedSrtpFailures = new java.util.concurrent.ConcurrentHashMap<>();

    /** Counts this connection's SRTP failures in {@code salle_bridge_srtp_dropped_total} while it lives. */
    void peerOpened(dev.salle.rtc.peer.PeerCounters counters) {
        livePeers.add(counters);
    }

    /** Keeps a closed connection's SRTP failures in the totals. */
    void peerClosed(dev.salle.rtc.peer.PeerCounters counters) {
        if (livePeers.remove(counters)) {
            counters.unprotectFailures().snapshot().forEach((reason, n) ->
                    closedSrtpFailures.computeIfAbsent(label(reason), k -> new LongAdder()).add(n));
        }
    }

    private java.util.Map<String, Long> srtpFailures() {
        java.util.Map<String, Long> out = new java.util.TreeMap<>();
        closedSrtpFailures.forEach((reason, n) -> out.merge(reason, n.sum(), Long::sum));
        for (dev.salle.rtc.peer.PeerCounters c : livePeers) {
            c.unprotectFailures().snapshot().forEach((reason, n) -> out.merge(label(reason), n, Long::sum));
        }
        out.values().removeIf(n -> n == 0);
        return out;
    }

    void forwardStage(long nanos) {
        forwardNanos.add(nanos);
        forwardCount.increment();
    }

    void dataRelayed() {
        dataRelayed.increment();
    }

    void dataDropped(String reason) {
        dataDrops.increment(reason);
    }

    void nackReceived() {
        nacks.increment();
    }

    void pliReceived() {
        plisIn.increment();
    }

    void pliSent() {
        plisOut.increment();
    }

    static String label(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }

    void received(Enum<?> type) {
        received.increment(label(type));
    }

    void sent(Enum<?> type) {
        sent.increment(label(type));
    }

    void rejectedFrame(String reason) {
        rejectedFrames.increment(reason);
    }

    void refusedJoin(String reason) {
        refusedJoins.increment(reason);
    }

    void tokenRejected(Enum<?> reason) {
        bridge.tokenRejected(label(reason));
    }

    void signalLost() {
        signalLost.increment();
    }

    void resumed() {
        resumes.increment();
    }

    void resumeRefused(String reason) {
        resumeRefusals.increment(reason);
    }

    void resumeRefused(Enum<?> reason) {
        resumeRefusals.increment(label(reason));
    }

    void disconnected(Enum<?> reason) {
        disconnects.increment(label(reason));
    }

    LabeledCounter receivedCounter() {
        return received;
    }
}

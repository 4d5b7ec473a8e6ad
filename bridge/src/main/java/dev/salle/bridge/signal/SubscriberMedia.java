package dev.salle.bridge.signal;

import dev.salle.bridge.media.MediaTransport;
import dev.salle.bridge.sfu.LayerSelector;
import dev.salle.bridge.sfu.PublishedTrack;
import dev.salle.rtc.peer.PeerFailure;
import dev.salle.rtc.peer.RemoteSdpException;
import dev.salle.rtc.peer.SendTrack;
import dev.salle.rtc.peer.PeerConnection;
import dev.salle.rtc.rtcp.GenericNack;
import dev.salle.rtc.rtcp.SenderReport;
import dev.salle.rtc.rtcp.RtcpCompoundIterator;
import dev.salle.rtc.rtcp.RtcpFormatException;
import dev.salle.rtc.rtcp.RtcpPacketTypes;
import dev.salle.rtc.sdp.SessionDescription;
import dev.salle.rtc.srtp.SrtpProfile;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import livekit.LivekitModels.TrackInfo;
import livekit.LivekitRtc.SessionDescription.Builder;
import livekit.LivekitRtc.SignalResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The subscriber side of one participant: the peer connection the bridge offers, with one section
 * per track of the others (renegotiated as tracks come and go; sections never move), forwarding
 * once a section is negotiated, the client's PLI/FIR/NACK, its layer and pause wishes, and sender
 * reports.
 *
 * <p>Threading: signalling calls and the media timer take this object's lock and never call
 * another participant while holding it; RTCP from the client arrives on the mux thread.
 */
final class SubscriberMedia {

    private static final Logger LOG = LoggerFactory.getLogger(SubscriberMedia.class);
    /** A simulcast layer flows when it had a packet this recently. */
    static final Duration LAYER_RECENT = Duration.ofMillis(700);

    /** A track of another participant this one receives. */
    private static final class Subscription {
        final RoomMedia.Published source;
        final SendTrack send;
        boolean attached;
        int layer; // the simulcast layer asked for, highest until the client says otherwise

        Subscription(RoomMedia.Published source, SendTrack send) {
            this.source = source;
            this.send = send;
        }
    }

    private final SignalParticipant participant;
    private final MediaTransport transport;
    private final InetAddress reachedAt;
    private final SignalMetrics metrics;

    private PeerConnection subscriber;
    private final List<SendTrack> offered = new ArrayList<>();
    private final Map<String, Subscription> subscriptions = new LinkedHashMap<>(); // by track sid
    private final Map<Long, Subscription> bySendSsrc = new ConcurrentHashMap<>();
    private final RtcpCompoundIterator rtcp = new RtcpCompoundIterator();
    private boolean awaitingAnswer;
    private boolean offerAgain;
    private int negotiatedSections;
    private int offerId;
    private boolean closed;

    SubscriberMedia(SignalParticipant participant, MediaTransport transport, InetAddress reachedAt,
            SignalMetrics metrics) {
        this.participant = participant;
        this.transport = transport;
        this.reachedAt = reachedAt;
        this.metrics = metrics;
    }

    /** Adds a track of another participant to what this one receives, and offers it. */
    void subscribe(RoomMedia.Published p) {
        if (!participant.grant().canSubscribe()) {
            return;
        }
        synchronized (this) {
            if (closed || subscriptions.containsKey(p.sid())) {
                return;
            }
            long ssrc;
            do {
                ssrc = ThreadLocalRandom.current().nextLong(1, 0x1_0000_0000L);
            } while (bySendSsrc.containsKey(ssrc));
            // msid stream id "PA_…|TR_…", as LiveKit writes it: the Rust SDKs (rtc-node) read the
            // participant and track from it and ignore tracks whose stream id lacks the '|'
            SendTrack send = new SendTrack(p.codec(), p.payloadType(), ssrc, p.publisher().sid() + "|" + p.sid(), p.sid());
            Subscription s = new Subscription(p, send);
            s.layer = p.track().layerCount() - 1;
            subscriptions.put(p.sid(), s);
            bySendSsrc.put(ssrc, s);
            offered.add(send);
            negotiate();
        }
    }

    /** Withdraws a track (its publisher left); its section is stopped in the next offer. */
    void unsubscribe(RoomMedia.Published p) {
        synchronized (this) {
            Subscription s = subscriptions.remove(p.sid());
            if (s == null || closed) {
                return;
            }
            bySendSsrc.remove(s.send.ssrc());
            p.track().unsubscribe(participant.sid());
            int at = offered.indexOf(s.send);
            if (at >= 0) {
                offered.set(at, s.send.stop());
            }
            negotiate();
        }
    }

    /**
     * After a resume: offers every section again with new ICE credentials (LiveKit's server does
     * the same), replacing an offer the client may never have received. Nothing to do before the
     * first offer.
     */
    void restartIce() {
        synchronized (this) {
            if (closed || subscriber == null) {
                return;
            }
            PeerConnection.State state = subscriber.state();
            if (state == PeerConnection.State.FAILED || state == PeerConnection.State.CLOSED) {
                LOG.info("{}: subscriber connection is {}; no ICE restart", participant, state);
                return;
            }
            send(subscriber.createOffer(List.copyOf(offered), true));
        }
    }

    /** Sends an offer with every section, or notes that one is due once the pending answer arrives. */
    private void negotiate() {
        if (awaitingAnswer) {
            offerAgain = true;
            return;
        }
        if (subscriber == null) {
            subscriber = transport.newPeer(false, reachedAt, new SubscriberListener());
            metrics.peerOpened(subscriber.counters());
        }
        send(subscriber.createOffer(List.copyOf(offered)));
    }

    private void send(String sdp) {
        awaitingAnswer = true;
        offerAgain = false;
        negotiatedSections = offered.size();
        Builder offer = ParticipantMedia.sessionDescription("offer", sdp, ++offerId);
        for (int i = 0; i < offered.size(); i++) {
            if (!offered.get(i).stopped()) {
                offer.putMidToTrackId(Integer.toString(i), offered.get(i).trackId());
            }
        }
        participant.link().send(SignalResponse.newBuilder().setOffer(offer).build());
    }

    /**
     * Applies the client's answer on the subscriber connection, starts forwarding the tracks it
     * accepted, and sends the next offer if tracks changed meanwhile.
     *
     * @throws RemoteSdpException when the answer is unusable (the connection keeps waiting)
     */
    void subscriberAnswer(livekit.LivekitRtc.SessionDescription answer) throws RemoteSdpException {
        synchronized (this) {
            if (closed) {
                return;
            }
            if (subscriber == null || !awaitingAnswer) {
                throw new RemoteSdpException(RemoteSdpException.Reason.NO_USABLE_SECTION,
                        "an answer arrived but no subscriber offer is pending; answer only the bridge's offers");
            }
            subscriber.applyAnswer(answer.getSdp());
            awaitingAnswer = false;
            attachNegotiated();
            if (offerAgain) {
                negotiate();
            }
        }
    }

    /**
     * The client's wish for tracks it receives ({@code UpdateTrackSettings}): the simulcast layer
     * from the size it shows them at, or from the quality it asks for. The switch happens at the
     * layer's next key frame. {@code disabled} pauses the track for this subscriber (audio too);
     * enabling it again resumes at the next key frame.
     */
    @SuppressWarnings("deprecation") // TrackInfo.layers: what livekit-client 2.x sends in add_track, and reads
    void trackSettings(livekit.LivekitRtc.UpdateTrackSettings settings) {
        synchronized (this) {
            for (String sid : settings.getTrackSidsList()) {
                Subscription s = subscriptions.get(sid);
                if (s == null) {
                    continue;
                }
                s.source.track().paused(participant.sid(), settings.getDisabled());
                if (s.source.audio() || s.source.rids().isEmpty()) {
                    continue;
                }
                int layers = s.source.track().layerCount();
                int layer;
                if (settings.getWidth() > 0 && settings.getHeight() > 0 && s.source.info().getLayersCount() > 0) {
                    List<LayerSelector.Layer> known = new ArrayList<>();
                    for (livekit.LivekitModels.VideoLayer l : s.source.info().getLayersList()) {
                        int index = l.getQualityValue();
                        if (index >= 0 && index < layers && l.getWidth() > 0 && l.getHeight() > 0) {
                            known.add(new LayerSelector.Layer(index, l.getWidth(), l.getHeight()));
                        }
                    }
                    layer = LayerSelector.choose(known, settings.getWidth(), settings.getHeight(), false);
                } else {
                    layer = settings.getQualityValue();
                }
                layer = Math.max(0, Math.min(layers - 1, layer < 0 ? layers - 1 : layer));
                s.layer = layer;
                s.source.track().targetLayer(participant.sid(), layer);
            }
        }
    }

    /**
     * Keeps each simulcast subscription on the layer it asked for, or the best one that flows now
     * (a publisher ramping up its bandwidth sends its low layers first). On the media timer.
     */
    void adjustLayers(long nowNanos) {
        synchronized (this) {
            for (Subscription s : subscriptions.values()) {
                if (!s.attached || s.source.rids().isEmpty()) {
                    continue;
                }
                PublishedTrack track = s.source.track();
                int layer = track.availableLayer(s.layer, nowNanos, LAYER_RECENT.toNanos());
                if (layer != track.targetLayer(participant.sid())) {
                    track.targetLayer(participant.sid(), layer);
                }
            }
        }
    }

    /**
     * A sender report per subscription that has one (RFC 3550 §6.4.1), so the client can line up
     * each publisher's audio and video. On the media timer.
     */
    void sendSubscriberReports() {
        PeerConnection pc;
        List<SenderReport> reports = new ArrayList<>();
        synchronized (this) {
            pc = subscriber;
            if (pc == null || pc.state() != PeerConnection.State.CONNECTED) {
                return;
            }
            for (Subscription s : subscriptions.values()) {
                SenderReport sr = s.attached ? s.source.track().senderReport(participant.sid()) : null;
                if (sr != null) {
                    reports.add(sr);
                }
            }
        }
        for (SenderReport sr : reports) {
            byte[] out = new byte[sr.encodedLength()];
            sr.writeTo(out, 0);
            pc.sendRtcp(out);
        }
    }

    /** Starts forwarding every negotiated subscription once the subscriber connection carries SRTP. */
    private void attachNegotiated() {
        if (subscriber == null || subscriber.state() != PeerConnection.State.CONNECTED) {
            return;
        }
        PeerConnection pc = subscriber;
        for (int i = 0; i < negotiatedSections && i < offered.size(); i++) {
            SendTrack send = offered.get(i);
            if (send.stopped()) {
                continue;
            }
            Subscription s = bySendSsrc.get(send.ssrc());
            if (s != null && !s.attached) {
                s.attached = true;
                s.source.track().subscribe(participant.sid(), send.ssrc(), s.layer, (packet, length) -> {
                    boolean sent = pc.sendRtp(packet, 0, length);
                    if (sent) {
                        metrics.rtpOut(length);
                    }
                    return sent;
                });
            }
        }
    }

    /** RTCP from the subscriber connection: PLI/FIR become key frame requests, NACKs resends. */
    private void subscriberRtcp(byte[] packet) {
        try {
            rtcp.reset(packet, 0, packet.length);
            while (rtcp.next()) {
                int type = rtcp.packetType();
                int fmt = rtcp.count();
                if (type == RtcpPacketTypes.PSFB && (fmt == RtcpPacketTypes.FMT_PLI || fmt == RtcpPacketTypes.FMT_FIR)) {
                    long media = fmt == RtcpPacketTypes.FMT_FIR ? firSsrc() : rtcp.mediaSsrc();
                    Subscription s = bySendSsrc.get(media);
                    if (s != null) {
                        metrics.pliReceived();
                        long ssrc = s.source.track().keyFrameRequestNow(participant.sid(), System.nanoTime());
                        if (ssrc > 0) {
                            s.source.publisher().sendPictureLossIndication(ssrc);
                        }
                    }
                } else if (type == RtcpPacketTypes.RTPFB && fmt == RtcpPacketTypes.FMT_NACK) {
                    Subscription s = bySendSsrc.get(rtcp.mediaSsrc());
                    if (s != null) {
                        GenericNack.forEachLost(rtcp, seq -> {
                            metrics.nackReceived();
                            s.source.track().onNack(participant.sid(), seq);
                        });
                    }
                }
            }
        } catch (RtcpFormatException e) {
            metrics.mediaDropped("rtcp_malformed");
        }
    }

    /** The media SSRC in the first FCI entry of a FIR (RFC 5104 §4.3.1). */
    private long firSsrc() {
        int fci = rtcp.packetOffset() + 12;
        byte[] b = rtcp.buffer();
        if (fci + 4 > rtcp.packetOffset() + rtcp.packetLength()) {
            return -1;
        }
        return ((b[fci] & 0xFFL) << 24) | ((b[fci + 1] & 0xFFL) << 16) | ((b[fci + 2] & 0xFFL) << 8) | (b[fci + 3] & 0xFFL);
    }

    private final class SubscriberListener implements PeerConnection.Listener {
        @Override
        public void connected(SrtpProfile profile) {
            LOG.info("{}: subscriber connection up ({})", participant, profile);
            synchronized (SubscriberMedia.this) {
                attachNegotiated();
            }
        }

        @Override
        public void rtcp(byte[] packet) {
            subscriberRtcp(packet);
        }

        @Override
        public void failed(PeerFailure failure) {
            LOG.info("{}: subscriber connection failed: {}", participant, failure.message());
        }
    }

    /** Stops the connection and every subscription. */
    void close() {
        List<Subscription> mine;
        PeerConnection pc;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            mine = List.copyOf(subscriptions.values());
            subscriptions.clear();
            bySendSsrc.clear();
            pc = subscriber;
        }
        for (Subscription s : mine) {
            s.source.track().unsubscribe(participant.sid());
        }
        if (pc != null) {
            pc.close();
            metrics.peerClosed(pc.counters());
        }
    }
}

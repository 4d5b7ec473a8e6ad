package dev.salle.bridge.signal;

import dev.salle.bridge.media.MediaTransport;
import dev.salle.bridge.sfu.LayerSelector;
import dev.salle.bridge.sfu.PublishedTrack;
import dev.salle.bridge.sfu.VideoCodec;
import dev.salle.rtc.peer.PeerFailure;
import dev.salle.rtc.sctp.DataChannel;
import dev.salle.rtc.peer.RemoteSdpException;
import dev.salle.rtc.peer.SendTrack;
import dev.salle.rtc.peer.ServerPeerConnection;
import dev.salle.rtc.rtcp.GenericNack;
import dev.salle.rtc.rtcp.PictureLossIndication;
import dev.salle.rtc.rtcp.ReceiverReport;
import dev.salle.rtc.rtcp.Remb;
import dev.salle.rtc.rtcp.ReportBlock;
import dev.salle.rtc.rtcp.SenderReport;
import dev.salle.rtc.rtcp.RtcpCompoundIterator;
import dev.salle.rtc.rtcp.RtcpFormatException;
import dev.salle.rtc.rtcp.RtcpPacketTypes;
import dev.salle.rtc.rtp.RtpHeaderExtensionCursor;
import dev.salle.rtc.rtp.RtpPacket;
import dev.salle.rtc.sdp.Codec;
import dev.salle.rtc.sdp.ExtMap;
import dev.salle.rtc.sdp.LocalCodec;
import dev.salle.rtc.sdp.MediaSection;
import dev.salle.rtc.sdp.SdpParseException;
import dev.salle.rtc.sdp.SessionDescription;
import dev.salle.rtc.sdp.SsrcAttribute;
import dev.salle.rtc.sdp.SsrcGroup;
import dev.salle.rtc.srtp.SrtpProfile;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import livekit.LivekitModels.TrackInfo;
import livekit.LivekitRtc.SessionDescription.Builder;
import livekit.LivekitRtc.SignalResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One participant's two peer connections (LiveKit signalling v0): the publisher connection
 * answers the client's offers and carries what it sends; the subscriber connection is offered by
 * the bridge with one section per track of the others, and renegotiated as tracks come and go.
 *
 * <p>Media: packets from the publisher connection are matched to a published track by SSRC (from
 * the offer's {@code a=ssrc}, or learnt from the mid header extension) and handed to its
 * {@link PublishedTrack}, which forwards them to every subscriber; PLI/FIR and NACK from the
 * subscriber connection go back to the track (a PLI to its publisher, a resend from the cache).
 *
 * <p>Threading: signalling calls ({@link #publisherOffer}, {@link #subscriberAnswer},
 * {@link #subscribe}, {@link #unsubscribe}, {@link #close}) take this object's lock and never
 * call another participant while holding it. Media callbacks run on the mux thread, lock-free.
 */
final class ParticipantMedia implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ParticipantMedia.class);
    /** PLIs to a publisher at least this far apart per track. */
    static final Duration MIN_KEY_FRAME_INTERVAL = Duration.ofMillis(300);
    /** A simulcast layer flows when it had a packet this recently. */
    static final Duration LAYER_RECENT = Duration.ofMillis(700);
    /**
     * What REMB allows each publisher's video: enough for 720p with simulcast. A fixed ceiling,
     * not an estimate: the bridge serves a site's network, and no congestion control runs yet.
     */
    static final long PUBLISHER_BITRATE_BPS = 3_000_000;
    /** The SSRC our reports and requests come from (we send no media on publisher connections). */
    static final long REPORTER_SSRC = 1;
    /** Sections waiting for their add_track, at most (a client announces its tracks promptly). */
    static final int MAX_PENDING_SECTIONS = 16;
    /** Reliable data packets kept for a client whose channel is not open yet, at most. */
    static final int MAX_WAITING_DATA = 64;
    /** livekit-client's reliable data channel. */
    static final String RELIABLE_CHANNEL = "_reliable";

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
    private final RoomMedia room;
    private final MediaTransport transport;
    private final InetAddress reachedAt;
    private final SignalMetrics metrics;

    // publisher side; the maps are read on the mux thread
    private ServerPeerConnection publisher;
    private final Map<Long, RoomMedia.Published> bySsrc = new ConcurrentHashMap<>();
    private final Map<String, RoomMedia.Published> byMid = new ConcurrentHashMap<>();
    /** Accepted sending sections whose add_track has not arrived yet, by client track id: offer and answer section. */
    private final Map<String, MediaSection[]> pendingSections = new LinkedHashMap<>();
    private volatile int midExtension;
    private volatile int audioLevelExtension;
    private volatile int ridExtension;
    private final RtpPacket view = new RtpPacket();
    private final RtpHeaderExtensionCursor cursor = new RtpHeaderExtensionCursor();

    // subscriber side
    private ServerPeerConnection subscriber;
    private final List<SendTrack> offered = new ArrayList<>();
    private final Map<String, Subscription> subscriptions = new LinkedHashMap<>(); // by track sid
    private final Map<Long, Subscription> bySendSsrc = new ConcurrentHashMap<>();
    private final RtcpCompoundIterator rtcp = new RtcpCompoundIterator();
    private final RtcpCompoundIterator publisherRtcp = new RtcpCompoundIterator();
    private boolean awaitingAnswer;
    private boolean offerAgain;
    private int negotiatedSections;
    private int offerId;
    private boolean closed;

    private final AtomicLong unknownSsrc = new AtomicLong();
    /** The client's data channels on its publisher connection, by label ({@code _reliable}, {@code _lossy}). */
    private final Map<String, DataChannel> channels = new ConcurrentHashMap<>();
    /** Reliable packets for this client that arrived before its reliable channel opened. */
    private final List<byte[]> waitingData = new ArrayList<>();

    /** What the signalling learns from the media side: it tells the room. */
    interface Events {
        /** The publisher connection carries SRTP: the participant is ACTIVE. Handshake thread. */
        void active();

        /** A track's section is negotiated: its {@code mid} and {@code mime_type} are known. */
        void trackNegotiated(TrackInfo track);
    }

    private final Events events;

    ParticipantMedia(SignalParticipant participant, RoomMedia room, MediaTransport transport, InetAddress reachedAt,
            SignalMetrics metrics, Events events) {
        this.events = events;
        this.participant = participant;
        this.room = room;
        this.transport = transport;
        this.reachedAt = reachedAt;
        this.metrics = metrics;
    }

    String sid() {
        return participant.sid();
    }

    void send(SignalResponse message) {
        participant.link().send(message);
    }

    // ---- publisher connection --------------------------------------------------------------

    /**
     * Answers the client's offer on its publisher connection and publishes the tracks it now sends.
     *
     * @throws RemoteSdpException when the offer cannot be answered (nothing changed)
     */
    void publisherOffer(livekit.LivekitRtc.SessionDescription offer) throws RemoteSdpException {
        String answer;
        List<RoomMedia.Published> ready;
        synchronized (this) {
            if (closed) {
                return;
            }
            if (publisher == null) {
                publisher = transport.newPeer(true, reachedAt, new PublisherListener());
                metrics.peerOpened(publisher.counters());
            }
            answer = publisher.answer(offer.getSdp());
            send(SignalResponse.newBuilder().setAnswer(sessionDescription("answer", answer, offer.getId())).build());
            ready = learnTracks(offer.getSdp(), answer);
        }
        for (RoomMedia.Published p : ready) {
            room.publish(p);
        }
    }

    /** The tracks of the offer that the answer accepted and that the client announced with add_track. */
    private List<RoomMedia.Published> learnTracks(String offerSdp, String answerSdp) {
        SessionDescription offer;
        SessionDescription answer;
        try {
            offer = SessionDescription.parse(offerSdp);
            answer = SessionDescription.parse(answerSdp);
        } catch (SdpParseException e) {
            throw new IllegalStateException("an offer we answered no longer parses: " + e.getMessage(), e);
        }
        List<RoomMedia.Published> ready = new ArrayList<>();
        for (int i = 0; i < offer.media().size() && i < answer.media().size(); i++) {
            MediaSection m = offer.media().get(i);
            MediaSection a = answer.media().get(i);
            if (a.isRejected() || !m.isRtp() || !m.direction().sends() || m.msid().isEmpty() || m.mid().isEmpty()) {
                continue;
            }
            extensions(a);
            String[] msid = m.msid().get().trim().split("\\s+");
            String cid = msid.length > 1 ? msid[1] : msid[0];
            String mid = m.mid().get();
            if (byMid.containsKey(mid)) {
                continue;
            }
            Optional<TrackInfo> info = participant.trackByCid(cid);
            if (info.isEmpty()) {
                // an offer may overtake its add_track: the section waits for it (trackAnnounced)
                if (pendingSections.size() < MAX_PENDING_SECTIONS) {
                    pendingSections.put(cid, new MediaSection[] {m, a});
                }
                LOG.debug("{}: section mid {} (track id '{}') waits for its add_track", participant, mid,
                        SignalService.clip(cid));
                continue;
            }
            RoomMedia.Published published = publishSection(m, a, info.get());
            if (published != null) {
                ready.add(published);
            }
        }
        return ready;
    }

    /**
     * Publishes a client track once both its add_track and its accepted offer section are known
     * (in either order). Signalling thread.
     */
    void trackAnnounced(String cid) {
        RoomMedia.Published published = null;
        synchronized (this) {
            MediaSection[] pending = pendingSections.remove(cid);
            Optional<TrackInfo> info = participant.trackByCid(cid);
            if (pending != null && info.isPresent() && !closed && !byMid.containsKey(pending[0].mid().orElse(""))) {
                published = publishSection(pending[0], pending[1], info.get());
            }
        }
        if (published != null) {
            room.publish(published);
        }
    }

    /** The track of one accepted section, registered by mid and SSRC; null when its codec cannot be forwarded. */
    private RoomMedia.Published publishSection(MediaSection m, MediaSection a, TrackInfo info) {
        String mid = m.mid().orElseThrow();
        Codec codec = a.codecs().stream().filter(c -> !c.isNamed("rtx") && !c.isNamed("red")
                && !c.isNamed("ulpfec")).findFirst().orElse(null);
        boolean audio = "audio".equals(m.kind());
        VideoCodec videoCodec = audio || codec == null ? null : videoCodec(codec.name());
        if (codec == null || (!audio && videoCodec == null)) {
            LOG.info("{}: track {} (mid {}) has no codec the bridge forwards; it is not published", participant,
                    info.getSid(), mid);
            return null;
        }
        List<String> rids = audio ? List.of() : simulcastRids(m, a);
        long ssrc = rids.isEmpty() ? primarySsrc(m) : PublishedTrack.UNKNOWN_SSRC;
        long[] layers = new long[Math.max(1, rids.size())];
        layers[0] = ssrc;
        PublishedTrack track = new PublishedTrack(info.getSid(), videoCodec, codec.rtpMap().clockRate(),
                layers, MIN_KEY_FRAME_INTERVAL);
        LocalCodec sendCodec = new LocalCodec(m.kind(), codec.rtpMap().encodingName(), codec.rtpMap().clockRate(),
                codec.rtpMap().channels(), codec.parameters(),
                audio ? java.util.Set.of() : java.util.Set.of("nack", "nack pli", "ccm fir"));
        RoomMedia.Published published = new RoomMedia.Published(info.getSid(), track, sendCodec,
                codec.payloadType(), this, audio, rids, info);
        byMid.put(mid, published);
        if (ssrc != PublishedTrack.UNKNOWN_SSRC) {
            bySsrc.put(ssrc, published);
        }
        events.trackNegotiated(info.toBuilder().setMid(mid)
                .setMimeType(m.kind() + "/" + codec.rtpMap().encodingName()).build());
        LOG.info("{} publishes {} ({}, mid {}, {})", participant, info.getSid(),
                codec.rtpMap().encodingName(), mid, !rids.isEmpty() ? "simulcast " + rids
                        : ssrc == 0 ? "SSRC from the first packet" : "SSRC " + ssrc);
        return published;
    }

    private void extensions(MediaSection answered) {
        for (ExtMap e : answered.extMaps()) {
            if (MediaTransport.MID.equals(e.uri())) {
                midExtension = e.id();
            } else if (MediaTransport.RID.equals(e.uri())) {
                ridExtension = e.id();
            } else if (MediaTransport.AUDIO_LEVEL.equals(e.uri())) {
                audioLevelExtension = e.id();
            }
        }
    }

    /**
     * The simulcast layers the answer accepted, lowest first: LiveKit's rids q, h, f in that order,
     * other rids in the order of the offer's {@code a=simulcast}. At most three.
     */
    private static List<String> simulcastRids(MediaSection offered, MediaSection answered) {
        if (answered.simulcast().isEmpty() || offered.simulcast().isEmpty()) {
            return List.of();
        }
        List<String> rids = new ArrayList<>();
        for (List<String> alternatives : offered.simulcast().get().send()) {
            String first = alternatives.get(0);
            rids.add(first.startsWith("~") ? first.substring(1) : first);
        }
        List<String> order = List.of("q", "h", "f");
        if (order.containsAll(rids)) {
            rids.sort(java.util.Comparator.comparingInt(order::indexOf));
        }
        return rids.size() > 3 ? List.copyOf(rids.subList(0, 3)) : List.copyOf(rids);
    }

    /** The media SSRC of a section: the first of an FID group (the second is its RTX), else the first listed. */
    private static long primarySsrc(MediaSection m) {
        for (SsrcGroup g : m.ssrcGroups()) {
            if ("FID".equals(g.semantics()) && !g.ssrcs().isEmpty()) {
                return g.ssrcs().get(0);
            }
        }
        return m.ssrcs().stream().mapToLong(SsrcAttribute::ssrc).findFirst().orElse(PublishedTrack.UNKNOWN_SSRC);
    }

    private static VideoCodec videoCodec(String name) {
        return switch (name.toUpperCase(Locale.ROOT)) {
            case "VP8" -> VideoCodec.VP8;
            case "VP9" -> VideoCodec.VP9;
            case "H264" -> VideoCodec.H264;
            default -> null;
        };
    }

    /** Asks the publisher for a key frame of {@code ssrc}. */
    void sendPictureLossIndication(long ssrc) {
        ServerPeerConnection pc;
        synchronized (this) {
            pc = publisher;
        }
        if (pc != null) {
            byte[] pli = new byte[PictureLossIndication.LENGTH];
            new PictureLossIndication(REPORTER_SSRC, ssrc).writeTo(pli, 0);
            pc.sendRtcp(pli);
            metrics.pliSent();
        }
    }

    /** One RTP packet from the publisher connection; on the mux thread. */
    private void publisherRtp(byte[] packet) {
        if (!view.tryWrap(packet, 0, packet.length)) {
            metrics.mediaDropped("rtp_malformed");
            return;
        }
        long ssrc = view.ssrc();
        RoomMedia.Published p = bySsrc.get(ssrc);
        if (p == null) {
            p = learnSsrc(ssrc);
            if (p == null) {
                unknownSsrc.incrementAndGet();
                metrics.mediaDropped("rtp_unknown_ssrc");
                return;
            }
        }
        long now = System.nanoTime();
        if (p.audio() && audioLevelExtension > 0 && view.findExtension(audioLevelExtension, cursor)
                && cursor.dataLength() >= 1) {
            // the level alone decides, as in LiveKit: encoders' voice-activity flags miss tones and music
            room.audioLevel(participant.sid(), packet[cursor.dataOffset()] & 0x7F, true, now);
        }
        metrics.rtpIn(packet.length);
        p.track().onRtp(packet, now);
        // the forwarding stage: rewrite, SRTP protect and send for every subscriber of this packet
        metrics.forwardStage(System.nanoTime() - now);
    }

    /** RTCP from the publisher: its sender reports give each layer's NTP/RTP mapping. Mux thread. */
    private void publisherRtcp(byte[] packet) {
        try {
            publisherRtcp.reset(packet, 0, packet.length);
            while (publisherRtcp.next()) {
                if (publisherRtcp.packetType() != RtcpPacketTypes.SR || publisherRtcp.packetLength() < 28) {
                    continue;
                }
                long ssrc = publisherRtcp.senderSsrc();
                RoomMedia.Published p = bySsrc.get(ssrc);
                int layer = p == null ? -1 : p.track().layerOf(ssrc);
                if (layer >= 0) {
                    byte[] b = publisherRtcp.buffer();
                    int at = publisherRtcp.packetOffset() + 8;
                    long ntp = 0;
                    for (int i = 0; i < 8; i++) {
                        ntp = (ntp << 8) | (b[at + i] & 0xFF);
                    }
                    long rtpTs = 0;
                    for (int i = 8; i < 12; i++) {
                        rtpTs = (rtpTs << 8) | (b[at + i] & 0xFF);
                    }
                    p.track().stats(layer).senderReport(ntp, rtpTs, System.nanoTime());
                }
            }
        } catch (RtcpFormatException e) {
            metrics.mediaDropped("rtcp_malformed");
        }
    }

    /** An SSRC the offer did not list: its section, from the mid header extension. */
    private RoomMedia.Published learnSsrc(long ssrc) {
        int id = midExtension;
        if (id <= 0 || !view.findExtension(id, cursor) || cursor.dataLength() < 1) {
            return null;
        }
        String mid = new String(packet(), cursor.dataOffset(), cursor.dataLength(), StandardCharsets.US_ASCII);
        RoomMedia.Published p = byMid.get(mid);
        if (p == null) {
            return null;
        }
        int layer = 0;
        if (!p.rids().isEmpty()) {
            int rid = ridExtension;
            if (rid <= 0 || !view.findExtension(rid, cursor) || cursor.dataLength() < 1) {
                return null;
            }
            layer = p.rids().indexOf(new String(packet(), cursor.dataOffset(), cursor.dataLength(),
                    StandardCharsets.US_ASCII));
            if (layer < 0) {
                return null;
            }
        }
        if (p.track().layerSsrc(layer) != PublishedTrack.UNKNOWN_SSRC) {
            return null;
        }
        p.track().learnSsrc(layer, ssrc);
        bySsrc.put(ssrc, p);
        LOG.debug("{}: SSRC {} is track {} (mid {}, layer {})", participant, ssrc, p.sid(), mid, layer);
        return p;
    }

    private byte[] packet() {
        return view.buffer();
    }

    private final class PublisherListener implements ServerPeerConnection.Listener {
        @Override
        public void connected(SrtpProfile profile) {
            LOG.info("{}: publisher connection up ({})", participant, profile);
            events.active();
        }

        @Override
        public void rtp(byte[] packet) {
            publisherRtp(packet);
        }

        @Override
        public void rtcp(byte[] packet) {
            publisherRtcp(packet);
        }

        @Override
        public void failed(PeerFailure failure) {
            LOG.info("{}: publisher connection failed: {}", participant, failure.message());
        }

        @Override
        public void dataChannelOpened(DataChannel channel) {
            channels.put(channel.label(), channel);
            if (RELIABLE_CHANNEL.equals(channel.label())) {
                List<byte[]> waiting;
                synchronized (waitingData) {
                    waiting = List.copyOf(waitingData);
                    waitingData.clear();
                }
                for (byte[] packet : waiting) {
                    send(channel, packet);
                }
            }
        }

        @Override
        public void dataChannelClosed(DataChannel channel) {
            channels.remove(channel.label(), channel);
        }

        @Override
        public void dataMessage(DataChannel channel, byte[] data, boolean binary) {
            publisherData(channel.label(), data, binary);
        }
    }

    /**
     * One message on the client's data channel: a LiveKit {@code DataPacket}. The bridge stamps the
     * sender (sid and identity: a client cannot speak for another) and relays it on the same kind
     * of channel to the others, or to the identities it names. Server-only kinds and malformed
     * packets are dropped and counted; nothing else changes.
     */
    private void publisherData(String label, byte[] data, boolean binary) {
        DataPackets.Decision d = DataPackets.decide(data, binary, participant.grant().canPublishData(),
                participant.identity(), participant.sid());
        if (d.relay() == null) {
            metrics.dataDropped(d.dropReason());
            return;
        }
        room.relayData(this, label, d.relay().to(), d.relay().packet());
    }

    /** Sends a relayed packet on this client's channel of that label (the reliable one if it has none). */
    void sendData(String label, byte[] packet) {
        DataChannel channel = channels.getOrDefault(label, channels.get(RELIABLE_CHANNEL));
        if (channel == null) {
            // a participant that just joined may not have opened its channels yet: reliable
            // packets wait for them (bounded), lossy ones are dropped as the channel would
            if (RELIABLE_CHANNEL.equals(label)) {
                synchronized (waitingData) {
                    if (waitingData.size() < MAX_WAITING_DATA) {
                        waitingData.add(packet);
                        return;
                    }
                }
            }
            metrics.dataDropped("no_channel");
            return;
        }
        send(channel, packet);
    }

    private void send(DataChannel channel, byte[] packet) {
        try {
            if (channel.send(packet)) {
                metrics.dataRelayed();
            } else {
                metrics.dataDropped("buffer_full");
            }
        } catch (IllegalArgumentException | IllegalStateException e) {
            metrics.dataDropped("send_refused");
        }
    }

    String identity() {
        return participant.identity();
    }

    // ---- subscriber connection -------------------------------------------------------------

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
        String sdp = subscriber.createOffer(List.copyOf(offered));
        awaitingAnswer = true;
        offerAgain = false;
        negotiatedSections = offered.size();
        Builder offer = sessionDescription("offer", sdp, ++offerId);
        for (int i = 0; i < offered.size(); i++) {
            if (!offered.get(i).stopped()) {
                offer.putMidToTrackId(Integer.toString(i), offered.get(i).trackId());
            }
        }
        send(SignalResponse.newBuilder().setOffer(offer).build());
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
     * Tells the publisher what arrives: a receiver report per received SSRC and a REMB allowing
     * {@link #PUBLISHER_BITRATE_BPS} for its video, so that its encoder (and its higher simulcast
     * layers) can ramp up on a site's network. On the media timer.
     */
    void sendPublisherReports(long nowNanos) {
        ServerPeerConnection pc;
        synchronized (this) {
            pc = publisher;
        }
        if (pc == null || pc.state() != ServerPeerConnection.State.CONNECTED) {
            return;
        }
        List<ReportBlock> blocks = new ArrayList<>();
        List<Long> video = new ArrayList<>();
        for (RoomMedia.Published p : byMid.values()) {
            for (int l = 0; l < p.track().layerCount(); l++) {
                long ssrc = p.track().layerSsrc(l);
                if (ssrc == PublishedTrack.UNKNOWN_SSRC || p.track().stats(l).received() == 0) {
                    continue;
                }
                if (blocks.size() < 31) {
                    blocks.add(p.track().stats(l).reportBlock(nowNanos));
                }
                if (!p.audio()) {
                    video.add(ssrc);
                }
            }
        }
        if (blocks.isEmpty()) {
            return;
        }
        ReceiverReport rr = new ReceiverReport(REPORTER_SSRC, blocks);
        Remb remb = video.isEmpty() ? null : new Remb(REPORTER_SSRC, PUBLISHER_BITRATE_BPS, video);
        byte[] out = new byte[rr.encodedLength() + (remb == null ? 0 : remb.encodedLength())];
        int n = rr.writeTo(out, 0);
        if (remb != null) {
            remb.writeTo(out, n);
        }
        pc.sendRtcp(out);
    }

    /**
     * A sender report per subscription that has one (RFC 3550 §6.4.1), so the client can line up
     * each publisher's audio and video. On the media timer.
     */
    void sendSubscriberReports() {
        ServerPeerConnection pc;
        List<SenderReport> reports = new ArrayList<>();
        synchronized (this) {
            pc = subscriber;
            if (pc == null || pc.state() != ServerPeerConnection.State.CONNECTED) {
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
        if (subscriber == null || subscriber.state() != ServerPeerConnection.State.CONNECTED) {
            return;
        }
        ServerPeerConnection pc = subscriber;
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

    private final class SubscriberListener implements ServerPeerConnection.Listener {
        @Override
        public void connected(SrtpProfile profile) {
            LOG.info("{}: subscriber connection up ({})", participant, profile);
            synchronized (ParticipantMedia.this) {
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

    // ---- both ------------------------------------------------------------------------------

    private static Builder sessionDescription(String type, String sdp, int id) {
        return livekit.LivekitRtc.SessionDescription.newBuilder().setType(type).setSdp(sdp).setId(id);
    }

    /** Packets from SSRCs no section explains. */
    long unknownSsrcDrops() {
        return unknownSsrc.get();
    }

    /** Stops both connections and every subscription of this participant. */
    @Override
    public void close() {
        List<Subscription> mine;
        ServerPeerConnection pub;
        ServerPeerConnection sub;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            mine = List.copyOf(subscriptions.values());
            subscriptions.clear();
            bySendSsrc.clear();
            pub = publisher;
            sub = subscriber;
        }
        for (Subscription s : mine) {
            s.source.track().unsubscribe(participant.sid());
        }
        if (pub != null) {
            pub.close();
            metrics.peerClosed(pub.counters());
        }
        if (sub != null) {
            sub.close();
            metrics.peerClosed(sub.counters());
        }
    }
}

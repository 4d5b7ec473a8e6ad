package dev.salle.bridge.signal;

import dev.salle.bridge.media.MediaTransport;
import dev.salle.bridge.sfu.PublishedTrack;
import dev.salle.bridge.sfu.VideoCodec;
import dev.salle.rtc.peer.PeerFailure;
import dev.salle.rtc.sctp.DataChannel;
import dev.salle.rtc.peer.RemoteSdpException;
import dev.salle.rtc.peer.PeerConnection;
import dev.salle.rtc.rtcp.PictureLossIndication;
import dev.salle.rtc.rtcp.ReceiverReport;
import dev.salle.rtc.rtcp.Remb;
import dev.salle.rtc.rtcp.ReportBlock;
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
import livekit.LivekitModels.TrackInfo;
import livekit.LivekitRtc.SignalResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The publisher side of one participant: the peer connection that answers the client's offers,
 * the tracks it sends (matched to add_track by msid, to packets by SSRC or the mid and rid header
 * extensions), its sender reports, and its data channels, whose packets are relayed to the room.
 *
 * <p>Threading: signalling calls take this object's lock and never call another participant while
 * holding it; media and data callbacks run on the mux and DTLS threads and use concurrent maps.
 */
final class PublisherMedia {

    private static final Logger LOG = LoggerFactory.getLogger(PublisherMedia.class);
    /** PLIs to a publisher at least this far apart per track. */
    static final Duration MIN_KEY_FRAME_INTERVAL = Duration.ofMillis(300);
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

    private final ParticipantMedia owner;
    private final SignalParticipant participant;
    private final RoomMedia room;
    private final MediaTransport transport;
    private final InetAddress reachedAt;
    private final SignalMetrics metrics;
    private final ParticipantMedia.Events events;

    private PeerConnection publisher;
    private boolean closed;
    // read on the mux thread
    private final Map<Long, RoomMedia.Published> bySsrc = new ConcurrentHashMap<>();
    private final Map<String, RoomMedia.Published> byMid = new ConcurrentHashMap<>();
    /** Accepted sending sections whose add_track has not arrived yet, by client track id: offer and answer section. */
    private final Map<String, MediaSection[]> pendingSections = new LinkedHashMap<>();
    private volatile int midExtension;
    private volatile int audioLevelExtension;
    private volatile int ridExtension;
    private final RtpPacket view = new RtpPacket();
    private final RtpHeaderExtensionCursor cursor = new RtpHeaderExtensionCursor();
    private final RtcpCompoundIterator publisherRtcp = new RtcpCompoundIterator();
    /** The client's data channels on its publisher connection, by label ({@code _reliable}, {@code _lossy}). */
    private final Map<String, DataChannel> channels = new ConcurrentHashMap<>();
    /** Reliable packets for this client that arrived before its reliable channel opened. */
    private final List<byte[]> waitingData = new ArrayList<>();

    PublisherMedia(ParticipantMedia owner, SignalParticipant participant, RoomMedia room, MediaTransport transport,
            InetAddress reachedAt, SignalMetrics metrics, ParticipantMedia.Events events) {
        this.owner = owner;
        this.participant = participant;
        this.room = room;
        this.transport = transport;
        this.reachedAt = reachedAt;
        this.metrics = metrics;
        this.events = events;
    }

    /**
     * Answers the client's offer on its publisher connection and publishes the tracks it now sends.
     *
     * @throws RemoteSdpException when the offer cannot be answered (nothing changed)
     */
    void offer(livekit.LivekitRtc.SessionDescription offer) throws RemoteSdpException {
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
            participant.link().send(SignalResponse.newBuilder().setAnswer(
                    ParticipantMedia.sessionDescription("answer", answer, offer.getId())).build());
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
                codec.payloadType(), owner, audio, rids, info);
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
        PeerConnection pc;
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

    private final class PublisherListener implements PeerConnection.Listener {
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
        room.relayData(owner, label, d.relay().to(), d.relay().packet());
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

    /**
     * Tells the publisher what arrives: a receiver report per received SSRC and a REMB allowing
     * {@link #PUBLISHER_BITRATE_BPS} for its video, so that its encoder (and its higher simulcast
     * layers) can ramp up on a site's network. On the media timer.
     */
    void sendPublisherReports(long nowNanos) {
        PeerConnection pc;
        synchronized (this) {
            pc = publisher;
        }
        if (pc == null || pc.state() != PeerConnection.State.CONNECTED) {
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

    /** Stops the connection; the room withdraws this participant's tracks. */
    void close() {
        PeerConnection pc;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            pc = publisher;
        }
        if (pc != null) {
            pc.close();
            metrics.peerClosed(pc.counters());
        }
    }
}

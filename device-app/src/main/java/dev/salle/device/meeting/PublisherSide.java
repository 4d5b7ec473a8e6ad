package dev.salle.device.meeting;

import dev.salle.device.media.CallMedia;
import dev.salle.rtc.ice.UdpMux;
import dev.salle.rtc.peer.PeerConnection;
import dev.salle.rtc.peer.SendTrack;
import dev.salle.rtc.rtcp.FullIntraRequest;
import dev.salle.rtc.rtcp.GenericNack;
import dev.salle.rtc.rtcp.PictureLossIndication;
import dev.salle.rtc.rtcp.ReceiverReport;
import dev.salle.rtc.rtcp.Remb;
import dev.salle.rtc.rtcp.ReportBlock;
import dev.salle.rtc.rtcp.RtcpFormatException;
import dev.salle.rtc.rtcp.RtcpMessage;
import dev.salle.rtc.rtcp.RtcpParser;
import dev.salle.rtc.rtcp.SenderReport;
import dev.salle.rtc.sctp.ChannelReliability;
import dev.salle.rtc.rtp.StreamIdExtensions;
import dev.salle.rtc.sdp.LocalCodec;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.function.ToDoubleFunction;
import livekit.LivekitModels.TrackSource;
import livekit.LivekitModels.TrackType;
import livekit.LivekitModels.VideoLayer;
import livekit.LivekitModels.VideoQuality;
import livekit.LivekitRtc.AddTrackRequest;

/**
 * The device's publisher connection: the camera (H.264 constrained baseline; two simulcast layers
 * by rid when the media has a low one) and the microphone (Opus) as two {@code sendonly} sections, plus LiveKit's {@code _reliable} and {@code _lossy}
 * data channels. RTP from the pipelines gets the offered SSRC (and payload type) and goes out; a
 * small cache answers NACKs; PLI and FIR ask the encoder for a key frame; REMB sets its bitrate;
 * the server's receiver reports on our streams give the send side of {@link CallQuality}.
 *
 * <p>Threading: RTP arrives on GStreamer threads ({@link #sendVideo}, {@link #sendAudio}); RTCP on
 * the port's receive thread; the rest on the session's thread.
 */
final class PublisherSide {

    static final String CAMERA_CID = "salle-camera";
    static final String MICROPHONE_CID = "salle-microphone";
    static final String RELIABLE = "_reliable";
    static final String LOSSY = "_lossy";
    /** The camera's section is the offer's first: mid 0. */
    static final String VIDEO_MID = "0";
    /** LiveKit's rids, lowest first: q for the low layer, h for the camera's own. */
    static final String LOW_RID = "q";
    static final String MAIN_RID = "h";
    static final int MIN_KBPS = 150;
    static final int MAX_KBPS = 2500;
    private static final long KEY_FRAME_INTERVAL_NANOS = 300_000_000L;

    private final PeerConnection connection;
    private final UdpMux port;
    private final CallMedia media;
    private final long videoSsrc;
    private final long lowSsrc;
    private final long audioSsrc;
    private final Optional<CallMedia.LayerSize> low;
    private final SentPacketCache lowCache = new SentPacketCache(256);
    private final LongSupplier nanoTime;
    private final SentPacketCache cache = new SentPacketCache(1024);
    private final AtomicLong keyFramesRequested = new AtomicLong();
    private final AtomicLong resent = new AtomicLong();
    private volatile boolean microphoneMuted;
    private volatile long lastKeyFrameNanos;
    private volatile int bitrateKbps;
    private volatile ReportBlock videoReport;
    private volatile ReportBlock audioReport;

    PublisherSide(PeerConnection connection, UdpMux port, CallMedia media, long videoSsrc, long audioSsrc,
            LongSupplier nanoTime) {
        this.connection = connection;
        this.port = port;
        this.media = media;
        this.videoSsrc = videoSsrc;
        this.lowSsrc = (videoSsrc + 1) & 0xFFFF_FFFFL;
        this.low = media.lowLayer();
        this.audioSsrc = audioSsrc;
        this.nanoTime = nanoTime;
        this.lastKeyFrameNanos = nanoTime.getAsLong() - KEY_FRAME_INTERVAL_NANOS;
    }

    /**
     * The AddTrackRequests to send before the offer, camera then microphone. A simulcast camera
     * lists its layers by quality: the low one LOW, the camera's own MEDIUM (the index of the
     * layer's rid, lowest first, which is how the server matches layers to rids).
     */
    static List<AddTrackRequest> addTrackRequests(CallMedia.LayerSize main, Optional<CallMedia.LayerSize> low) {
        AddTrackRequest.Builder camera = AddTrackRequest.newBuilder().setCid(CAMERA_CID).setName("camera")
                .setType(TrackType.VIDEO).setSource(TrackSource.CAMERA).setWidth(main.width()).setHeight(main.height());
        low.ifPresent(l -> camera
                .addLayers(VideoLayer.newBuilder().setQuality(VideoQuality.LOW).setWidth(l.width()).setHeight(l.height()))
                .addLayers(VideoLayer.newBuilder().setQuality(VideoQuality.MEDIUM).setWidth(main.width())
                        .setHeight(main.height())));
        return List.of(camera.build(),
                AddTrackRequest.newBuilder().setCid(MICROPHONE_CID).setName("microphone").setType(TrackType.AUDIO)
                        .setSource(TrackSource.MICROPHONE).build());
    }

    /** Our offer: both tracks (the camera as two simulcast layers when there is a low one), the data section. */
    String offer(String streamId) {
        return offer(streamId, false);
    }

    /** As {@link #offer(String)}; with {@code iceRestart}, the same sections with new ICE credentials (after a resume). */
    String offer(String streamId, boolean iceRestart) {
        SendTrack camera = new SendTrack(LocalCodec.h264ConstrainedBaseline(), CallMedia.VIDEO_PAYLOAD_TYPE, videoSsrc,
                streamId, CAMERA_CID);
        return connection.createOffer(List.of(
                low.isPresent() ? camera.withSimulcast(List.of(LOW_RID, MAIN_RID)) : camera,
                new SendTrack(LocalCodec.opus(), CallMedia.AUDIO_PAYLOAD_TYPE, audioSsrc, streamId, MICROPHONE_CID)),
                iceRestart);
    }

    /** Opens LiveKit's two data channels once DTLS is up. */
    void openDataChannels() {
        connection.openDataChannel(RELIABLE, "", ChannelReliability.reliable());
        connection.openDataChannel(LOSSY, "", ChannelReliability.maxRetransmits(0, false));
    }

    void setMicrophoneMuted(boolean muted) {
        microphoneMuted = muted;
    }

    /** One H.264 RTP packet of the camera's main layer (a copy we own). */
    void sendVideo(byte[] packet) {
        sendLayer(packet, videoSsrc, MAIN_RID, cache);
    }

    /** One H.264 RTP packet of the camera's low layer (a copy we own). */
    void sendLowVideo(byte[] packet) {
        if (low.isPresent()) {
            sendLayer(packet, lowSsrc, LOW_RID, lowCache);
        }
    }

    private void sendLayer(byte[] packet, long ssrc, String rid, SentPacketCache layerCache) {
        if (packet.length < 12) {
            return;
        }
        stamp(packet, CallMedia.VIDEO_PAYLOAD_TYPE, ssrc);
        byte[] out = low.isPresent()
                ? StreamIdExtensions.withMidAndRid(packet, SendTrack.MID_EXTENSION_ID, VIDEO_MID, SendTrack.RID_EXTENSION_ID, rid)
                : packet;
        layerCache.put(out);
        connection.sendRtp(out);
    }

    /** One Opus RTP packet from the microphone pipeline; dropped while the microphone is muted. */
    void sendAudio(byte[] packet) {
        if (packet.length < 12 || microphoneMuted) {
            return;
        }
        stamp(packet, CallMedia.AUDIO_PAYLOAD_TYPE, audioSsrc);
        connection.sendRtp(packet);
    }

    /** RTCP from the server about what we send. Malformed compounds are ignored (the peer counts them). */
    void rtcp(byte[] compound) {
        List<RtcpMessage> messages;
        try {
            messages = RtcpParser.parse(compound);
        } catch (RtcpFormatException e) {
            return;
        }
        for (RtcpMessage m : messages) {
            switch (m) {
                case PictureLossIndication pli when isVideo(pli.mediaSsrc()) -> keyFrame();
                case FullIntraRequest fir when fir.entries().stream().anyMatch(e -> isVideo(e.ssrc())) -> keyFrame();
                case GenericNack nack when isVideo(nack.mediaSsrc()) -> nack.lostSequenceNumbers().forEach(seq -> {
                    byte[] p = (nack.mediaSsrc() == videoSsrc ? cache : lowCache).get(seq);
                    if (p != null && connection.sendRtp(p)) {
                        resent.incrementAndGet();
                    }
                });
                case Remb remb when remb.ssrcs().isEmpty() || remb.ssrcs().contains(videoSsrc) -> bitrate(remb.bitrateBps());
                case ReceiverReport rr -> reportsOn(rr.reportBlocks());
                case SenderReport sr -> reportsOn(sr.reportBlocks());
                default -> { }
            }
        }
    }

    private void reportsOn(List<ReportBlock> blocks) {
        for (ReportBlock b : blocks) {
            if (b.ssrc() == videoSsrc) {
                videoReport = b;
            } else if (b.ssrc() == audioSsrc) {
                audioReport = b;
            }
        }
    }

    /** The loss the server last reported on the camera or the microphone, the worse, in percent; empty before a report. */
    OptionalDouble sendLossPercent() {
        return worseReport(b -> b.fractionLost() * 100.0 / 256, b -> b.fractionLost() * 100.0 / 256);
    }

    /** The interarrival jitter the server last reported, the worse of camera (90 kHz) and microphone (48 kHz), in ms. */
    OptionalDouble sendJitterMs() {
        return worseReport(b -> b.jitter() / 90.0, b -> b.jitter() / 48.0);
    }

    private OptionalDouble worseReport(ToDoubleFunction<ReportBlock> ofVideo, ToDoubleFunction<ReportBlock> ofAudio) {
        ReportBlock v = videoReport;
        ReportBlock a = audioReport;
        if (v == null && a == null) {
            return OptionalDouble.empty();
        }
        return OptionalDouble.of(Math.max(v == null ? 0 : ofVideo.applyAsDouble(v), a == null ? 0 : ofAudio.applyAsDouble(a)));
    }

    private boolean isVideo(long ssrc) {
        return ssrc == videoSsrc || (low.isPresent() && ssrc == lowSsrc);
    }

    long keyFramesRequested() {
        return keyFramesRequested.get();
    }

    long packetsResent() {
        return resent.get();
    }

    int bitrateKbps() {
        return bitrateKbps;
    }

    private void keyFrame() {
        long now = nanoTime.getAsLong();
        if (now - lastKeyFrameNanos < KEY_FRAME_INTERVAL_NANOS) {
            return; // a burst of PLIs (several subscribers) needs one key frame
        }
        lastKeyFrameNanos = now;
        keyFramesRequested.incrementAndGet();
        media.requestKeyFrame();
    }

    /** The encoder follows 90% of the estimate, within [MIN, MAX], when it moved by more than 10%. */
    private void bitrate(long estimateBps) {
        int kbps = (int) Math.max(MIN_KBPS, Math.min(MAX_KBPS, estimateBps * 9 / 10_000));
        int current = bitrateKbps;
        if (current == 0 || Math.abs(kbps - current) * 10 > current) {
            bitrateKbps = kbps;
            media.setVideoBitrateKbps(kbps);
        }
    }

    /** Sets the payload type (keeping the marker bit) and the SSRC in place. */
    static void stamp(byte[] packet, int payloadType, long ssrc) {
        packet[1] = (byte) ((packet[1] & 0x80) | payloadType);
        packet[8] = (byte) (ssrc >>> 24);
        packet[9] = (byte) (ssrc >>> 16);
        packet[10] = (byte) (ssrc >>> 8);
        packet[11] = (byte) ssrc;
    }

    void close() {
        connection.close();
        port.close();
    }

    PeerConnection connection() {
        return connection;
    }
}

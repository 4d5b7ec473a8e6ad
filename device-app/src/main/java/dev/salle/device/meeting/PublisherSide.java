package dev.salle.device.meeting;

import dev.salle.device.media.CallMedia;
import dev.salle.rtc.ice.UdpMux;
import dev.salle.rtc.peer.PeerConnection;
import dev.salle.rtc.peer.SendTrack;
import dev.salle.rtc.rtcp.FullIntraRequest;
import dev.salle.rtc.rtcp.GenericNack;
import dev.salle.rtc.rtcp.PictureLossIndication;
import dev.salle.rtc.rtcp.Remb;
import dev.salle.rtc.rtcp.RtcpFormatException;
import dev.salle.rtc.rtcp.RtcpMessage;
import dev.salle.rtc.rtcp.RtcpParser;
import dev.salle.rtc.sctp.ChannelReliability;
import dev.salle.rtc.sdp.LocalCodec;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import livekit.LivekitModels.TrackSource;
import livekit.LivekitModels.TrackType;
import livekit.LivekitRtc.AddTrackRequest;

/**
 * The device's publisher connection: the camera (H.264 constrained baseline) and the microphone
 * (Opus) as two {@code sendonly} sections, plus LiveKit's {@code _reliable} and {@code _lossy}
 * data channels. RTP from the pipelines gets the offered SSRC (and payload type) and goes out; a
 * small cache answers NACKs; PLI and FIR ask the encoder for a key frame; REMB sets its bitrate.
 *
 * <p>Threading: RTP arrives on GStreamer threads ({@link #sendVideo}, {@link #sendAudio}); RTCP on
 * the port's receive thread; the rest on the session's thread.
 */
final class PublisherSide {

    static final String CAMERA_CID = "salle-camera";
    static final String MICROPHONE_CID = "salle-microphone";
    static final String RELIABLE = "_reliable";
    static final String LOSSY = "_lossy";
    static final int MIN_KBPS = 150;
    static final int MAX_KBPS = 2500;
    private static final long KEY_FRAME_INTERVAL_NANOS = 300_000_000L;

    private final PeerConnection connection;
    private final UdpMux port;
    private final CallMedia media;
    private final long videoSsrc;
    private final long audioSsrc;
    private final LongSupplier nanoTime;
    private final SentPacketCache cache = new SentPacketCache(1024);
    private final AtomicLong keyFramesRequested = new AtomicLong();
    private final AtomicLong resent = new AtomicLong();
    private volatile boolean microphoneMuted;
    private volatile long lastKeyFrameNanos;
    private volatile int bitrateKbps;

    PublisherSide(PeerConnection connection, UdpMux port, CallMedia media, long videoSsrc, long audioSsrc,
            LongSupplier nanoTime) {
        this.connection = connection;
        this.port = port;
        this.media = media;
        this.videoSsrc = videoSsrc;
        this.audioSsrc = audioSsrc;
        this.nanoTime = nanoTime;
        this.lastKeyFrameNanos = nanoTime.getAsLong() - KEY_FRAME_INTERVAL_NANOS;
    }

    /** The AddTrackRequests to send before the offer, camera then microphone. */
    static List<AddTrackRequest> addTrackRequests(int width, int height) {
        return List.of(
                AddTrackRequest.newBuilder().setCid(CAMERA_CID).setName("camera").setType(TrackType.VIDEO)
                        .setSource(TrackSource.CAMERA).setWidth(width).setHeight(height).build(),
                AddTrackRequest.newBuilder().setCid(MICROPHONE_CID).setName("microphone").setType(TrackType.AUDIO)
                        .setSource(TrackSource.MICROPHONE).build());
    }

    /** Our offer: both tracks, the data section (the config has an SCTP port). */
    String offer(String streamId) {
        return connection.createOffer(List.of(
                new SendTrack(LocalCodec.h264ConstrainedBaseline(), CallMedia.VIDEO_PAYLOAD_TYPE, videoSsrc, streamId,
                        CAMERA_CID),
                new SendTrack(LocalCodec.opus(), CallMedia.AUDIO_PAYLOAD_TYPE, audioSsrc, streamId, MICROPHONE_CID)));
    }

    /** Opens LiveKit's two data channels once DTLS is up. */
    void openDataChannels() {
        connection.openDataChannel(RELIABLE, "", ChannelReliability.reliable());
        connection.openDataChannel(LOSSY, "", ChannelReliability.maxRetransmits(0, false));
    }

    void setMicrophoneMuted(boolean muted) {
        microphoneMuted = muted;
    }

    boolean microphoneMuted() {
        return microphoneMuted;
    }

    /** One H.264 RTP packet from the camera pipeline (a copy we own). */
    void sendVideo(byte[] packet) {
        if (packet.length < 12) {
            return;
        }
        stamp(packet, CallMedia.VIDEO_PAYLOAD_TYPE, videoSsrc);
        cache.put(packet);
        connection.sendRtp(packet);
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
                case PictureLossIndication pli when pli.mediaSsrc() == videoSsrc -> keyFrame();
                case FullIntraRequest fir when fir.entries().stream().anyMatch(e -> e.ssrc() == videoSsrc) -> keyFrame();
                case GenericNack nack when nack.mediaSsrc() == videoSsrc -> nack.lostSequenceNumbers().forEach(seq -> {
                    byte[] p = cache.get(seq);
                    if (p != null && connection.sendRtp(p)) {
                        resent.incrementAndGet();
                    }
                });
                case Remb remb when remb.ssrcs().isEmpty() || remb.ssrcs().contains(videoSsrc) -> bitrate(remb.bitrateBps());
                default -> { }
            }
        }
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

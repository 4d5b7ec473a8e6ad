package dev.salle.bridge.bench;

import dev.salle.rtc.dtls.DtlsCertificate;
import dev.salle.rtc.sdp.SdpParseException;
import dev.salle.rtc.sdp.SessionDescription;
import dev.salle.rtc.signal.SignalCodec;
import dev.salle.rtc.signal.SignalDecodeException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.util.Random;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import livekit.LivekitModels.TrackSource;
import livekit.LivekitModels.TrackType;
import livekit.LivekitRtc.AddTrackRequest;
import livekit.LivekitRtc.LeaveRequest;
import livekit.LivekitRtc.SignalRequest;
import livekit.LivekitRtc.SignalResponse;

/**
 * One participant of the load run, speaking LiveKit signalling v0 over a WebSocket like the JS
 * SDK with the bridge's publisher-primary join: a publisher announces a camera and a microphone
 * with add_track, offers them once both are published and connects when the answer comes; a
 * subscriber answers every offer the bridge makes on its subscriber connection and connects after
 * the first. Each has one {@link ClientTransport}.
 *
 * <p>Threading: the WebSocket listener queues messages; one daemon thread per participant handles
 * them in order (and blocks there while ICE and DTLS run). {@link #ping} and {@link #keepAlive}
 * from the run's timer.
 */
final class LoadParticipant implements AutoCloseable {

    enum Role { PUBLISHER, SUBSCRIBER }

    private final String name;
    private final Role role;
    private final SignalCodec codec = new SignalCodec();
    private final LinkedBlockingQueue<SignalResponse> inbox = new LinkedBlockingQueue<>();
    private final ClientTransport transport;
    private final PublisherStreams streams;
    private final SubscriberStats stats = new SubscriberStats();
    private final WebSocket socket;
    private final Thread handler;
    private volatile boolean closed;
    private volatile String failure;
    private int tracksPublished;
    private boolean connectStarted;

    LoadParticipant(String name, Role role, URI signalUri, HttpClient http, DtlsCertificate certificate, Random random)
            throws IOException {
        this.name = name;
        this.role = role;
        this.transport = new ClientTransport(name, certificate, random, role == Role.SUBSCRIBER ? stats::onRtp : p -> { },
                role == Role.PUBLISHER ? this::publisherRtcp : p -> { });
        this.streams = role == Role.PUBLISHER ? new PublisherStreams(transport) : null;
        this.socket = http.newWebSocketBuilder().buildAsync(signalUri, new Listener()).orTimeout(10, TimeUnit.SECONDS)
                .join();
        // messages that arrived meanwhile wait in the inbox; the handler may only start with a socket to answer on
        this.handler = new Thread(this::handle, "load-signal-" + name);
        handler.setDaemon(true);
        handler.start();
    }

    String name() {
        return name;
    }

    /** Media flows: SRTP is up (for a publisher, it can send). */
    boolean connected() {
        return transport.connected();
    }

    /** Why this participant stopped working, or null. */
    String failure() {
        return failure;
    }

    PublisherStreams streams() {
        return streams;
    }

    SubscriberStats stats() {
        return stats;
    }

    long receiveFailures() {
        return transport.receiveFailures();
    }

    void ping() {
        send(SignalRequest.newBuilder().setPing(System.currentTimeMillis()).build());
    }

    void keepAlive() {
        if (transport.connected()) {
            transport.keepAlive();
        }
    }

    private void handle() {
        while (!closed) {
            try {
                SignalResponse r = inbox.poll(200, TimeUnit.MILLISECONDS);
                if (r != null) {
                    on(r);
                }
            } catch (InterruptedException e) {
                return;
            } catch (Exception e) {
                failure = name + ": " + e;
                return;
            }
        }
    }

    private void on(SignalResponse r) throws IOException, InterruptedException, SdpParseException {
        switch (r.getMessageCase()) {
            case JOIN -> {
                if (role == Role.PUBLISHER) {
                    addTrack("camera", TrackType.VIDEO, TrackSource.CAMERA);
                    addTrack("microphone", TrackType.AUDIO, TrackSource.MICROPHONE);
                }
            }
            case TRACK_PUBLISHED -> {
                if (++tracksPublished == 2) {
                    String offer = LoadSdp.publisherOffer(transport.ice(), transport.fingerprint(), cid("microphone"),
                            streams.audioSsrc, cid("camera"), streams.videoSsrc);
                    send(SignalRequest.newBuilder().setOffer(description("offer", offer, 1)).build());
                }
            }
            case ANSWER -> {
                transport.learnServer(SessionDescription.parse(r.getAnswer().getSdp()));
                startConnect();
            }
            case OFFER -> {
                SessionDescription offer = SessionDescription.parse(r.getOffer().getSdp());
                String answer = LoadSdp.subscriberAnswer(offer, transport.ice(), transport.fingerprint());
                send(SignalRequest.newBuilder().setAnswer(description("answer", answer, r.getOffer().getId())).build());
                if (!connectStarted) {
                    transport.learnServer(offer);
                }
                startConnect();
            }
            case REQUEST_RESPONSE -> failure = name + ": the bridge refused a request: " + r.getRequestResponse();
            case LEAVE -> failure = name + ": the bridge sent leave: " + r.getLeave();
            default -> { }
        }
    }

    private void startConnect() throws IOException, InterruptedException {
        if (!connectStarted) {
            connectStarted = true;
            transport.connect();
        }
    }

    private String cid(String source) {
        return name + "-" + source;
    }

    private void addTrack(String source, TrackType type, TrackSource trackSource) {
        AddTrackRequest.Builder b = AddTrackRequest.newBuilder().setCid(cid(source)).setName(source).setType(type)
                .setSource(trackSource);
        if (type == TrackType.VIDEO) {
            b.setWidth(SyntheticMedia.WIDTH).setHeight(SyntheticMedia.HEIGHT);
        }
        send(SignalRequest.newBuilder().setAddTrack(b).build());
    }

    private static livekit.LivekitRtc.SessionDescription description(String type, String sdp, int id) {
        return livekit.LivekitRtc.SessionDescription.newBuilder().setType(type).setSdp(sdp).setId(id).build();
    }

    /** RTCP from the bridge on the publisher connection: a PLI (RFC 4585 §6.3.1) or FIR asks for a key frame. */
    private void publisherRtcp(byte[] rtcp) {
        for (int at = 0; at + 4 <= rtcp.length; ) {
            int fmt = rtcp[at] & 0x1F;
            int type = rtcp[at + 1] & 0xFF;
            if (type == 206 && (fmt == 1 || fmt == 4)) {
                streams.requestKeyFrame();
            }
            at += 4 * (((rtcp[at + 2] & 0xFF) << 8 | (rtcp[at + 3] & 0xFF)) + 1);
        }
    }

    private synchronized void send(SignalRequest request) {
        if (!closed) {
            socket.sendBinary(ByteBuffer.wrap(codec.encodeRequest(request)), true).orTimeout(10, TimeUnit.SECONDS)
                    .join();
        }
    }

    @Override
    public void close() {
        try {
            send(SignalRequest.newBuilder().setLeave(LeaveRequest.newBuilder()
                    .setReason(livekit.LivekitModels.DisconnectReason.CLIENT_INITIATED)).build());
        } catch (RuntimeException e) {
            // the socket is gone already
        }
        closed = true;
        socket.abort();
        handler.interrupt();
        transport.close();
    }

    private final class Listener implements WebSocket.Listener {
        private final ByteArrayOutputStream partial = new ByteArrayOutputStream();

        @Override
        public CompletionStage<?> onBinary(WebSocket ws, ByteBuffer data, boolean last) {
            byte[] b = new byte[data.remaining()];
            data.get(b);
            partial.writeBytes(b);
            if (last) {
                try {
                    inbox.add(codec.decodeResponse(partial.toByteArray()));
                } catch (SignalDecodeException e) {
                    failure = name + ": the bridge sent a frame that is not a SignalResponse: " + e.getMessage();
                }
                partial.reset();
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
            if (!closed) {
                failure = name + ": the bridge closed the signalling socket: " + statusCode + " " + reason;
            }
            return null;
        }

        @Override
        public void onError(WebSocket ws, Throwable error) {
            if (!closed) {
                failure = name + ": signalling failed: " + error;
            }
        }
    }
}

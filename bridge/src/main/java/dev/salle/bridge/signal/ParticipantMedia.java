package dev.salle.bridge.signal;

import dev.salle.bridge.media.MediaTransport;
import dev.salle.rtc.peer.RemoteSdpException;
import java.net.InetAddress;
import java.time.Duration;
import livekit.LivekitModels.TrackInfo;
import livekit.LivekitRtc.SessionDescription.Builder;
import livekit.LivekitRtc.SignalResponse;

/**
 * One participant's two peer connections (LiveKit signalling v0): the publisher connection
 * ({@link PublisherMedia}) answers the client's offers and carries what it sends; the subscriber
 * connection ({@link SubscriberMedia}) is offered by the bridge with one section per track of the
 * others, and renegotiated as tracks come and go.
 *
 * <p>Media: packets from the publisher connection are matched to a published track and handed to
 * its {@code PublishedTrack}, which forwards them to every subscriber; PLI/FIR and NACK from the
 * subscriber connection go back to the track (a PLI to its publisher, a resend from the cache).
 *
 * <p>Threading: each side has its own lock and never calls another participant while holding
 * it; media callbacks run on the mux thread, lock-free.
 */
final class ParticipantMedia implements AutoCloseable {

    /** What the signalling learns from the media side: it tells the room. */
    interface Events {
        /** The publisher connection carries SRTP: the participant is ACTIVE. Handshake thread. */
        void active();

        /** A track's section is negotiated: its {@code mid} and {@code mime_type} are known. */
        void trackNegotiated(TrackInfo track);
    }

    private final SignalParticipant participant;
    private final PublisherMedia publisher;
    private final SubscriberMedia subscriber;

    ParticipantMedia(SignalParticipant participant, RoomMedia room, MediaTransport transport, InetAddress reachedAt,
            SignalMetrics metrics, Events events) {
        this.participant = participant;
        this.publisher = new PublisherMedia(this, participant, room, transport, reachedAt, metrics, events);
        this.subscriber = new SubscriberMedia(participant, transport, reachedAt, metrics);
    }

    String sid() {
        return participant.sid();
    }

    String identity() {
        return participant.identity();
    }

    void send(SignalResponse message) {
        participant.link().send(message);
    }

    /** See {@link PublisherMedia#offer}. */
    void publisherOffer(livekit.LivekitRtc.SessionDescription offer) throws RemoteSdpException {
        publisher.offer(offer);
    }

    void trackAnnounced(String cid) {
        publisher.trackAnnounced(cid);
    }

    void sendPictureLossIndication(long ssrc) {
        publisher.sendPictureLossIndication(ssrc);
    }

    void sendData(String label, byte[] packet) {
        publisher.sendData(label, packet);
    }

    void sendPublisherReports(long nowNanos) {
        publisher.sendPublisherReports(nowNanos);
    }

    void subscribe(RoomMedia.Published p) {
        subscriber.subscribe(p);
    }

    void unsubscribe(RoomMedia.Published p) {
        subscriber.unsubscribe(p);
    }

    void subscriberAnswer(livekit.LivekitRtc.SessionDescription answer) throws RemoteSdpException {
        subscriber.subscriberAnswer(answer);
    }

    /** After a resume: the subscriber connection restarts ICE with a new offer (the client restarts its publisher's). */
    void restartIce() {
        subscriber.restartIce();
    }

    void trackSettings(livekit.LivekitRtc.UpdateTrackSettings settings) {
        subscriber.trackSettings(settings);
    }

    void adjustLayers(long nowNanos) {
        subscriber.adjustLayers(nowNanos);
    }

    void sendSubscriberReports() {
        subscriber.sendSubscriberReports();
    }

    static Builder sessionDescription(String type, String sdp, int id) {
        return livekit.LivekitRtc.SessionDescription.newBuilder().setType(type).setSdp(sdp).setId(id);
    }

    /** Stops both connections and every subscription of this participant. */
    @Override
    public void close() {
        // both sides at once: each may wait for its handshake thread
        Thread sub = Thread.ofVirtual().name("close-subscriber-" + participant.sid()).start(subscriber::close);
        publisher.close();
        try {
            sub.join(Duration.ofSeconds(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

package dev.salle.device.meeting;

import dev.salle.rtc.client.SignalClosed;
import dev.salle.rtc.client.SignalListener;
import dev.salle.rtc.peer.PeerConnection;
import dev.salle.rtc.peer.PeerFailure;
import dev.salle.rtc.sctp.DataChannel;
import dev.salle.rtc.srtp.SrtpProfile;
import livekit.LivekitRtc.SignalResponse;

/**
 * The listeners a {@link MeetingSession} gives its signalling and peer connections. Each carries the
 * session generation it was made for, so the session can drop late events of connections it has
 * replaced. State changes hop onto the session's thread; media goes straight to its side.
 */
final class SessionEvents {

    private SessionEvents() {
    }

    /** One signalling connection's messages and its end. */
    static final class Signals implements SignalListener {
        private final MeetingSession session;
        private final int gen;

        Signals(MeetingSession session, int gen) {
            this.session = session;
            this.gen = gen;
        }

        @Override
        public void onMessage(SignalResponse message) {
            session.run(() -> session.handle(gen, message));
        }

        @Override
        public void onClosed(SignalClosed closed) {
            session.run(() -> session.signalClosed(gen, closed));
        }
    }

    /** One peer connection's events: both report failures and data; each side handles its own media. */
    static final class Peer implements PeerConnection.Listener {
        private final MeetingSession session;
        private final int gen;
        private final boolean publishing;

        Peer(MeetingSession session, int gen, boolean publishing) {
            this.session = session;
            this.gen = gen;
            this.publishing = publishing;
        }

        @Override
        public void connected(SrtpProfile profile) {
            if (publishing) {
                session.run(() -> session.publisherConnected(gen));
            }
        }

        @Override
        public void rtp(byte[] packet) {
            SubscriberSide s = session.subscriber();
            if (!publishing && s != null) {
                s.rtp(packet);
            }
        }

        @Override
        public void rtcp(byte[] packet) {
            PublisherSide p = session.publisher();
            if (publishing && p != null) {
                p.rtcp(packet);
            }
        }

        @Override
        public void failed(PeerFailure failure) {
            session.run(() -> session.peerFailed(gen, publishing, failure));
        }

        @Override
        public void consentLost(PeerFailure failure) {
            session.run(() -> session.consentLost(gen, publishing, failure));
        }

        @Override
        public void dataMessage(DataChannel channel, byte[] data, boolean binary) {
            session.run(() -> session.dataMessage(gen, data));
        }
    }
}

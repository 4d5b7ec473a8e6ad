package dev.salle.rtc.peer;

import dev.salle.rtc.dtls.CertificateFingerprint;
import dev.salle.rtc.dtls.DtlsEndpoint;
import dev.salle.rtc.dtls.DtlsException;
import dev.salle.rtc.dtls.DtlsRole;
import dev.salle.rtc.dtls.DtlsSession;
import dev.salle.rtc.dtls.SetupRole;
import dev.salle.rtc.ice.IceCredentials;
import dev.salle.rtc.ice.IceLiteSession;
import dev.salle.rtc.ice.UdpMux;
import dev.salle.rtc.peer.PeerFailure.Stage;
import dev.salle.rtc.peer.RemoteSdpException.Reason;
import dev.salle.rtc.sctp.ChannelReliability;
import dev.salle.rtc.sctp.DataChannel;
import dev.salle.rtc.sctp.SctpAssociation;
import dev.salle.rtc.sctp.SctpCounters;
import dev.salle.rtc.sdp.AnswerConfig;
import dev.salle.rtc.sdp.Candidate;
import dev.salle.rtc.sdp.MediaSection;
import dev.salle.rtc.sdp.SdpAnswerer;
import dev.salle.rtc.sdp.SessionDescription;
import dev.salle.rtc.sdp.Setup;
import dev.salle.rtc.srtp.SrtpProfile;
import dev.salle.rtc.turn.TurnServer;
import dev.salle.rtc.turn.TurnTimeouts;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server side of one WebRTC peer connection: ICE-lite on the shared {@link UdpMux}, DTLS-SRTP
 * (<a href="https://www.rfc-editor.org/rfc/rfc5764">RFC 5764</a>) and the SRTP media path.
 *
 * <p>Two ways in, as LiveKit's two connections need: a publisher connection calls
 * {@link #answer(String)} with the client's offer; a subscriber connection calls
 * {@link #createOffer(List)} and later {@link #applyAnswer(String)}. Once connected, either side
 * may renegotiate: the client with a new offer to {@link #answer}, we with a new
 * {@link #createOffer} that appends or stops tracks. Either side may also restart ICE (RFC 8445 §9):
 * an offer with new credentials to {@link #answer}, or {@link #createOffer(List, boolean)} with
 * {@code iceRestart}; the transport, the DTLS association and the SRTP keys stay, a description that
 * changes the certificate, the DTLS role, or only one of ufrag and password is refused. The local SDP carries {@code a=ice-lite}, our ufrag and password, our certificate fingerprint,
 * {@code a=rtcp-mux} and one host candidate for the mux's address followed by
 * {@code a=end-of-candidates}.
 *
 * <p>Once the remote description is known the connection waits (up to
 * {@link PeerConfig#iceTimeout()}) for the first authenticated STUN check, runs the DTLS
 * handshake in the role {@link SetupRole#localRole} gives against the remote fingerprint, derives
 * SRTP keys and reports {@link Listener#connected}. From then on received SRTP/SRTCP is
 * unprotected and handed to {@link Listener#rtp}/{@link Listener#rtcp}; {@link #sendRtp} and
 * {@link #sendRtcp} protect and send to the selected address.
 *
 * <p>Threading: the handshake and, after it, a loop that keeps reading the {@link DtlsSession}
 * (so retransmitted handshake flights are answered, and data channel packets reach SCTP) run as one task on the
 * executor given to the constructor, which must have a thread free for the life of the
 * connection. Media callbacks run on the mux's receive thread and must not block. Signalling
 * methods and {@link #close()} are synchronised; {@link #sendRtp}/{@link #sendRtcp} may be called
 * from any thread, usually one sender.
 *
 * <p>Ownership: the connection owns its ICE session, DTLS session and SRTP session and closes
 * them; the mux, the DTLS endpoint and the executor belong to the caller.
 */
public final class PeerConnection implements AutoCloseable {

    /**
     * What the connection reports. {@link #connected} and {@link #failed} run on the handshake
     * thread, media callbacks on the mux's receive thread; the first media callback may run while
     * {@link #connected} is still running.
     */
    public interface Listener {
        /** SRTP is ready; called once on the handshake thread. */
        default void connected(SrtpProfile profile) {}

        /** One unprotected RTP packet, an array the listener owns; on the mux thread, must not block. */
        default void rtp(byte[] packet) {}

        /** One unprotected RTCP compound packet, an array the listener owns; on the mux thread. */
        default void rtcp(byte[] packet) {}

        /** The connection failed before carrying media; called at most once, never after close. */
        default void failed(PeerFailure failure) {}

        /**
         * A full agent's consent on the selected pair expired ({@link PeerFailure.Stage#CONSENT}, RFC
         * 7675 §5.1): nothing authenticated came back for {@link PeerConfig#consentTimeout()}. The
         * connection stays {@link State#CONNECTED} and keeps checking; called again only after the
         * peer was heard from and went silent again. On the DTLS reader thread; must not block.
         */
        default void consentLost(PeerFailure failure) {}

        /**
         * A data channel can carry messages: the peer opened it, or we did with
         * {@link #openDataChannel}. Runs on the DTLS reader thread (or the thread that opened
         * it); must not block; may send.
         */
        default void dataChannelOpened(DataChannel channel) {}

        /** One whole data channel message, an array the listener owns; on the DTLS reader thread. */
        default void dataMessage(DataChannel channel, byte[] data, boolean binary) {}

        /** A data channel closed (either side reset it, or the association ended). */
        default void dataChannelClosed(DataChannel channel) {}

        /**
         * The SCTP association ended (peer abort, shutdown or timeout); media goes on. Runs on the
         * DTLS reader thread or the {@code usrsctp-timers} thread.
         */
        default void dataChannelsEnded(String reason) {}
    }

    /** Where the connection is. */
    public enum State {
        /** Nothing exchanged yet. */
        NEW,
        /** {@link #createOffer} was called; waiting for {@link #applyAnswer}. */
        HAVE_LOCAL_OFFER,
        /** The remote description is applied; ICE and DTLS are running. */
        CONNECTING,
        /** SRTP is ready. */
        CONNECTED,
        /** ICE, DTLS or SRTP set-up failed; see {@link Listener#failed}. */
        FAILED,
        /** {@link #close()} was called. */
        CLOSED
    }

    private static final Logger log = LoggerFactory.getLogger(PeerConnection.class);
    private static final long CLOSE_WAIT_MILLIS = 2000;
    static final long CHECK_INTERVAL_MILLIS = 100;
    static final long CONSENT_INTERVAL_MILLIS = 2500;

    private final PeerIce ice;
    private final DtlsEndpoint dtls;
    private final PeerConfig config;
    private final Executor executor;
    private final Listener listener;
    private final String sessionId;
    private final RandomGenerator random;
    private final PeerCounters counters = new PeerCounters();

    private volatile State state = State.NEW;
    private volatile DtlsSession dtlsSession;
    private volatile SrtpMediaPath media;
    private volatile SctpAssociation sctp;
    private HandshakeTask task;
    private List<SendTrack> offeredTracks = List.of();
    private int offerVersion = 2;
    private boolean reofferPending;
    /** Our pending subsequent offer restarts ICE: its answer must bring new credentials. */
    private boolean restartOffered;
    private DtlsRole negotiatedRole;
    private String remoteUfrag;
    private String remotePwd;
    private String answeredUfrag;
    private String answeredPwd;
    private CertificateFingerprint answeredFingerprint;
    /** The fingerprint the DTLS session was checked against; an ICE restart must keep it. */
    private CertificateFingerprint remoteFingerprint;
    /** Our {@code a=setup} in the first answer we gave (publisher side). */
    private SetupRole answeredSetup;

    /**
     * @param mux the shared media port; our host candidate is its address unless
     *     {@link PeerConfig#advertisedAddress()} says otherwise
     * @param dtls our DTLS identity; its fingerprint goes into our SDP
     * @param config codecs, setup preference and timeouts
     * @param executor runs the handshake and DTLS reader task (one thread for the connection's life)
     * @param random source of the ICE credentials and the SDP session id
     * @param listener receives media and state; see {@link Listener} for threads
     * @throws IllegalArgumentException if the mux is bound to a wildcard address and no advertised
     *     address is configured
     */
    public PeerConnection(UdpMux mux, DtlsEndpoint dtls, PeerConfig config, Executor executor,
            RandomGenerator random, Listener listener) {
        Objects.requireNonNull(mux, "mux");
        this.dtls = Objects.requireNonNull(dtls, "dtls");
        this.config = Objects.requireNonNull(config, "config");
        this.executor = Objects.requireNonNull(executor, "executor");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.ice = new PeerIce(mux, config, random);
        this.sessionId = Long.toString(random.nextLong() & Long.MAX_VALUE);
        this.random = random;
    }

    /**
     * Answers a client's offer (the publisher connection) and starts connecting.
     *
     * @return our answer SDP text
     * @throws RemoteSdpException if the offer does not parse, has no usable section, or lacks ICE
     *     credentials, a fingerprint or a valid {@code a=setup}; the connection stays {@code NEW}
     * @throws IllegalStateException unless the connection is {@code NEW}
     */
    public synchronized String answer(String remoteOfferSdp) throws RemoteSdpException {
        if (answeredUfrag != null && (state == State.CONNECTING || state == State.CONNECTED)) {
            return reanswer(remoteOfferSdp);
        }
        requireState(State.NEW, "answer an offer");
        RemoteDescription offer = RemoteDescription.parse(remoteOfferSdp);
        if (offer.setup() == SetupRole.HOLDCONN) {
            throw new RemoteSdpException(Reason.BAD_SETUP,
                    "offer a=setup:holdconn is not allowed in WebRTC (RFC 8842 §5.2); offers must say actpass");
        }
        Setup ourSetup = config.answerSetup();
        AnswerConfig answerConfig = new AnswerConfig(sessionId, ice.ufrag(), ice.local().pwd(),
                DescriptionRules.sdpFingerprint(dtls.localFingerprint()), ourSetup, !config.fullIce(), config.codecs(), config.headerExtensions(),
                config.acceptSimulcast(), config.sctpPort(), config.maxMessageSizeBytes(), ice.hostCandidates());
        SessionDescription answer;
        DtlsRole role;
        try {
            answer = new SdpAnswerer(answerConfig).answer(offer.sdp());
            MediaSection accepted = answer.media().stream().filter(m -> !m.isRejected()).findFirst()
                    .orElseThrow(() -> new RemoteSdpException(Reason.NO_USABLE_SECTION,
                            "no section of the offer could be accepted (codecs offered share none with "
                                    + config.codecs().stream().map(c -> c.name()).toList()
                                    + ", or rtcp-mux is missing); offer one of those codecs with a=rtcp-mux"));
            SetupRole answered = SetupRole.parse(accepted.attribute("setup").orElse(ourSetup.sdpName()));
            role = SetupRole.localRole(offer.setup(), answered, SetupRole.Side.ANSWERER);
        } catch (SetupRole.InvalidSetupException e) {
            throw new RemoteSdpException(Reason.BAD_SETUP, "offer a=setup:" + offer.setup().sdpValue()
                    + " cannot be answered: " + e.getMessage() + "; offers must say actpass", e);
        } catch (IllegalArgumentException e) {
            throw new RemoteSdpException(Reason.NO_USABLE_SECTION, "the offer cannot be answered: " + e.getMessage()
                    + "; send an offer as RFC 8829 §5.2 describes", e);
        }
        start(offer, role, Optional.of(offer.ice().ufrag()), false);
        answeredUfrag = offer.ice().ufrag();
        answeredPwd = offer.ice().pwd();
        answeredFingerprint = offer.fingerprint();
        answeredSetup = SetupRole.parse(answer.media().stream().filter(m -> !m.isRejected()).findFirst()
                .flatMap(m -> m.attribute("setup")).orElse(ourSetup.sdpName()));
        return answer.toSdp();
    }

    /**
     * Answers a subsequent offer of the client on a connection it already negotiated (RFC 8829
     * §5.2.2, e.g. a track was added): the same certificate and DTLS role. When the offer carries
     * new ICE credentials (both ufrag and password, RFC 8839 §4.4.1.1.1) it is an ICE restart
     * (RFC 8445 §9, what LiveKit clients do after a resume): we answer with new credentials of
     * our own and run ICE again on the same transport, while DTLS and SRTP go on untouched.
     */
    private String reanswer(String remoteOfferSdp) throws RemoteSdpException {
        RemoteDescription offer = RemoteDescription.parse(remoteOfferSdp);
        boolean restart = DescriptionRules.checkCredentialChange(offer, answeredUfrag, answeredPwd, "offer");
        if (!offer.fingerprint().equals(answeredFingerprint)) {
            throw new RemoteSdpException(Reason.BAD_FINGERPRINT, "offer fingerprint differs from the connected session's"
                    + (restart ? "; an ICE restart keeps the DTLS session and its certificate" : "")
                    + "; a new certificate needs a new connection");
        }
        if (restart && offer.setup() != SetupRole.ACTPASS) {
            throw new RemoteSdpException(Reason.BAD_SETUP, "ICE restart offer a=setup:" + offer.setup().sdpValue()
                    + " is not allowed; a subsequent offer says actpass (RFC 8842 §5.2) and keeps the DTLS roles");
        }
        IceCredentials ours = restart ? IceCredentials.random(random) : ice.local();
        AnswerConfig answerConfig = new AnswerConfig(sessionId, ours.ufrag(), ours.pwd(),
                DescriptionRules.sdpFingerprint(dtls.localFingerprint()), answeredSetup == null ? config.answerSetup()
                        : Setup.valueOf(answeredSetup.name()), !config.fullIce(), config.codecs(),
                config.headerExtensions(), config.acceptSimulcast(), config.sctpPort(), config.maxMessageSizeBytes(),
                ice.hostCandidates());
        String answer;
        try {
            answer = new SdpAnswerer(answerConfig).answer(offer.sdp()).toSdp();
        } catch (IllegalArgumentException e) {
            throw new RemoteSdpException(Reason.NO_USABLE_SECTION, "the offer cannot be answered: " + e.getMessage()
                    + "; send an offer as RFC 8829 §5.2 describes", e);
        }
        if (restart) {
            ice.restart(ours, Optional.of(offer.ice().ufrag()));
            answeredUfrag = offer.ice().ufrag();
            answeredPwd = offer.ice().pwd();
            ice.newChecks(offer);
        }
        return answer;
    }

    /** Whether an ICE restart waits for its first authenticated check (media keeps its old path meanwhile). */
    public boolean iceRestartPending() {
        return ice.restarting();
    }

    /** ICE restarts done on this connection (offered, answered or accepted). */
    public int iceRestarts() {
        return ice.restarts();
    }

    /**
     * Writes the server's offer for a subscriber connection: one {@code sendonly} section per
     * track, and a data channel section when {@link PeerConfig#sctpPort()} is set, bundled, with
     * {@code a=setup:actpass}. ICE checks are accepted from now on, from any remote ufrag that
     * knows our password (the answer's ufrag is not known yet).
     *
     * @throws IllegalArgumentException if there are no tracks and no SCTP port
     * @throws IllegalStateException unless the connection is {@code NEW}
     */
    public synchronized String createOffer(List<SendTrack> tracks) {
        return createOffer(tracks, false);
    }

    /**
     * As {@link #createOffer(List)}; with {@code iceRestart} on a negotiated connection the offer
     * carries new ICE credentials (RFC 8445 §9) and the answer must bring new ones too, while DTLS
     * and SRTP go on (it may replace a subsequent offer still waiting for its answer: the peer may
     * never have seen it). Before the first answer, {@code iceRestart} writes the pending offer
     * again, as a client that lost it needs.
     */
    public synchronized String createOffer(List<SendTrack> tracks, boolean iceRestart) {
        if (state == State.CONNECTING || state == State.CONNECTED) {
            return reoffer(tracks, iceRestart);
        }
        if (iceRestart && state == State.HAVE_LOCAL_OFFER) {
            offerVersion++;
            String again = LocalOfferWriter.write(sessionId, offerVersion, ice.local(), dtls.localFingerprint(),
                    !config.fullIce(), ice.hostCandidates(), List.copyOf(tracks), config.sctpPort(), config.maxMessageSizeBytes());
            offeredTracks = List.copyOf(tracks);
            return again;
        }
        requireState(State.NEW, "create an offer");
        if (tracks.isEmpty() && config.sctpPort() == 0) {
            throw new IllegalArgumentException("an offer needs at least one track or a data channel;"
                    + " pass the tracks to send or set PeerConfig.sctpPort");
        }
        String offer = LocalOfferWriter.write(sessionId, offerVersion, ice.local(), dtls.localFingerprint(), !config.fullIce(),
                ice.hostCandidates(),
                List.copyOf(tracks), config.sctpPort(), config.maxMessageSizeBytes());
        offeredTracks = List.copyOf(tracks);
        ice.register(Optional.empty(), this::receive);
        state = State.HAVE_LOCAL_OFFER;
        return offer;
    }

    /**
     * A subsequent offer on a negotiated subscriber connection (RFC 8829 §5.2.2): the same ICE
     * credentials and certificate, the sections already offered in the same order (their mids do
     * not change), and new tracks appended. ICE and DTLS go on; only the answer's media part is
     * read. Removing a track is not supported yet.
     */
    private String reoffer(List<SendTrack> tracks, boolean iceRestart) {
        if (negotiatedRole == null) {
            throw new IllegalStateException("peer connection " + ice.ufrag()
                    + " answered a client's offer; only the server's own (subscriber) offers can be renegotiated");
        }
        if (reofferPending && !iceRestart) {
            throw new IllegalStateException("peer connection " + ice.ufrag()
                    + " is waiting for the answer to its previous offer; apply it first");
        }
        if (!keepsOfferedSections(tracks)) {
            throw new IllegalArgumentException("a new offer must keep the " + offeredTracks.size()
                    + " tracks already offered, in the same order (stopped or not: SendTrack.stop() removes one),"
                    + " and append new ones");
        }
        if (iceRestart) {
            ice.restart(IceCredentials.random(random), Optional.empty());
            restartOffered = true;
        }
        offerVersion++;
        String offer = LocalOfferWriter.write(sessionId, offerVersion, ice.local(), dtls.localFingerprint(), !config.fullIce(),
                ice.hostCandidates(),
                List.copyOf(tracks), config.sctpPort(), config.maxMessageSizeBytes());
        offeredTracks = List.copyOf(tracks);
        reofferPending = true;
        return offer;
    }

    /** Whether {@code tracks} starts with the offered ones, each the same or now stopped, none revived. */
    private boolean keepsOfferedSections(List<SendTrack> tracks) {
        if (tracks.size() < offeredTracks.size()) {
            return false;
        }
        for (int i = 0; i < offeredTracks.size(); i++) {
            SendTrack before = offeredTracks.get(i);
            SendTrack now = tracks.get(i);
            if (!now.equals(before) && !(now.stopped() && now.equals(before.stop()))) {
                return false;
            }
        }
        return true;
    }

    /**
     * Applies the client's answer to {@link #createOffer} and starts the DTLS handshake.
     *
     * @throws RemoteSdpException if the answer does not parse or lacks ICE credentials, a
     *     fingerprint, or an {@code a=setup} of {@code active} or {@code passive}; the connection
     *     keeps waiting for a usable answer
     * @throws IllegalStateException unless an offer was created and no answer applied yet
     */
    public synchronized void applyAnswer(String answerSdp) throws RemoteSdpException {
        if (!reofferPending) {
            requireState(State.HAVE_LOCAL_OFFER, "apply an answer");
        }
        RemoteDescription answer = RemoteDescription.parse(answerSdp);
        DtlsRole role;
        try {
            role = SetupRole.localRole(SetupRole.ACTPASS, answer.setup(), SetupRole.Side.OFFERER);
        } catch (SetupRole.InvalidSetupException e) {
            throw new RemoteSdpException(Reason.BAD_SETUP, "answer a=setup:" + answer.setup().sdpValue()
                    + " is not allowed: " + e.getMessage() + "; answer active or passive", e);
        }
        if (reofferPending) {
            if (role != negotiatedRole) {
                throw new RemoteSdpException(Reason.BAD_SETUP, "answer a=setup:" + answer.setup().sdpValue()
                        + " would change the DTLS role of a connected session; keep the role of the first answer");
            }
            boolean restarted = DescriptionRules.checkCredentialChange(answer, remoteUfrag, remotePwd, "answer");
            if (restarted != restartOffered) {
                throw new RemoteSdpException(Reason.BAD_ICE_CREDENTIALS, restartOffered
                        ? "answer keeps ICE ufrag '" + answer.ice().ufrag() + "' but our offer restarted ICE; answer"
                                + " an ICE restart with new credentials (RFC 8445 §9.2)"
                        : "answer ICE ufrag '" + answer.ice().ufrag() + "' differs from the connected one, but our offer"
                                + " did not restart ICE; keep the ufrag and password");
            }
            if (!answer.fingerprint().equals(remoteFingerprint)) {
                throw new RemoteSdpException(Reason.BAD_FINGERPRINT, "answer fingerprint differs from the connected"
                        + " session's; a renegotiation or ICE restart keeps the DTLS session and its certificate");
            }
            if (restarted) {
                remoteUfrag = answer.ice().ufrag();
                remotePwd = answer.ice().pwd();
                ice.expectRemoteUfrag(remoteUfrag);
                ice.newChecks(answer);
            }
            reofferPending = false;
            restartOffered = false;
            return;
        }
        negotiatedRole = role;
        remoteUfrag = answer.ice().ufrag();
        remotePwd = answer.ice().pwd();
        ice.expectRemoteUfrag(remoteUfrag);
        start(answer, role, Optional.empty(), true);
    }

    /**
     * Opens a data channel from our side (RFC 8832): even stream ids when we are the DTLS client,
     * odd when the server. {@link Listener#dataChannelOpened} follows; send with
     * {@link DataChannel#send(String)} / {@link DataChannel#send(byte[])}, close with
     * {@link DataChannel#close()}.
     *
     * @throws IllegalStateException if data channels were not negotiated, DTLS is not connected
     *     yet (call from {@link Listener#connected} or later), the channel limit is reached or the
     *     association ended
     * @throws IllegalArgumentException if the label or protocol exceeds 1024 bytes of UTF-8
     */
    public DataChannel openDataChannel(String label, String protocol, ChannelReliability reliability) {
        return requireSctp("open a data channel").openChannel(label, protocol, reliability);
    }

    /**
     * Sends a string on an open data channel.
     *
     * @return false when the SCTP send buffer is full or the association failed (see
     *     {@link #sctpCounters()})
     * @throws IllegalArgumentException if no open channel has that stream id, or the message is
     *     larger than the peer's {@code a=max-message-size}
     * @throws IllegalStateException if there is no SCTP association
     */
    public boolean sendData(int streamId, String text) {
        return dataChannel(streamId).send(text);
    }

    /** Sends a binary message on an open data channel; as {@link #sendData(int, String)}. */
    public boolean sendData(int streamId, byte[] data) {
        return dataChannel(streamId).send(data);
    }

    /** The SCTP counters, once the association started. */
    public Optional<SctpCounters> sctpCounters() {
        SctpAssociation association = sctp;
        return association == null ? Optional.empty() : Optional.of(association.counters());
    }

    private DataChannel dataChannel(int streamId) {
        return requireSctp("send data").channel(streamId).orElseThrow(() -> new IllegalArgumentException(
                "peer connection " + ice.ufrag() + " has no data channel on stream " + streamId
                        + "; use the stream id from dataChannelOpened"));
    }

    private SctpAssociation requireSctp(String action) {
        SctpAssociation association = sctp;
        if (association == null) {
            throw new IllegalStateException("cannot " + action + " on peer connection " + ice.ufrag() + " in state "
                    + state + ": no SCTP association (data channels not negotiated, DTLS not connected yet, or"
                    + " libusrsctp2 missing)");
        }
        return association;
    }

    /** Whether a subsequent offer waits for its answer. */
    public synchronized boolean renegotiating() {
        return reofferPending;
    }

    /**
     * Protects one RTP packet and sends it to the peer.
     *
     * @param plain a whole RTP packet; not modified
     * @return false when it was dropped: not connected yet or closed, SRTP refused it, or the
     *     socket failed; {@link #counters()} says which
     */
    public boolean sendRtp(byte[] plain) {
        return send(plain, 0, plain.length, false);
    }

    /**
     * Protects one RTP packet held in {@code buffer[offset, offset + length)} and sends it; the
     * buffer is not modified and may be reused as soon as this returns (the SFU's forwarding path:
     * no array per packet). Returns false as {@link #sendRtp(byte[])} does.
     */
    public boolean sendRtp(byte[] buffer, int offset, int length) {
        return send(buffer, offset, length, false);
    }

    /** Protects one RTCP compound packet and sends it; returns false as {@link #sendRtp} does. */
    public boolean sendRtcp(byte[] plain) {
        return send(plain, 0, plain.length, true);
    }

    /** Where the connection is now; changes on the signalling and handshake threads. */
    public State state() {
        return state;
    }

    /** Live packet counters, including SRTP failures by status. */
    public PeerCounters counters() {
        return counters;
    }

    /** Our ICE credentials, as written in the local SDP. */
    public IceCredentials localIceCredentials() {
        return ice.local();
    }

    /** The peer's address once an authenticated STUN check arrived. */
    public Optional<InetSocketAddress> remoteAddress() {
        return ice.remoteAddress();
    }

    /**
     * How many of the relayed candidates gathered so far still have their allocation (not lost:
     * refreshes answered, the connection to the TURN server up).
     */
    public int liveRelays() {
        return ice.liveRelays();
    }

    /**
     * For a full agent: gathers a relayed candidate from each TURN server (RFC 8656) in the
     * background and checks the peer's UDP candidates through it too; with {@code relayOnly} (a
     * browser's {@code iceTransportPolicy: "relay"}) only through relays. {@code gathered} is
     * called once per relayed candidate, on a background thread (to trickle it). The allocations
     * are refreshed on {@code scheduler} and deleted when this connection closes.
     */
    public void gatherRelays(List<TurnServer> servers, boolean relayOnly, ScheduledExecutorService scheduler,
            TurnTimeouts timeouts, Consumer<Candidate> gathered) {
        if (!config.fullIce()) {
            throw new IllegalStateException("relayed candidates are for a full ICE agent (PeerConfig.asClient())");
        }
        ice.gatherRelays(List.copyOf(servers), relayOnly, scheduler, timeouts, gathered);
    }

    /** Whether the selected path goes through a TURN server (a relayed candidate of ours). */
    public boolean selectedIsRelayed() {
        IceLiteSession s = ice.session();
        return s != null && s.selectedIsRelayed();
    }

    /** {@code "udp"} or {@code "tcp"} (RFC 6544): what the selected path runs on, once there is one. */
    public Optional<String> selectedTransport() {
        IceLiteSession s = ice.session();
        if (s == null || s.selectedAddress().isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(s.selectedIsTcp() ? "tcp" : "udp");
    }

    /**
     * The selected path in one word, once there is one: {@code udp} or {@code tcp} when direct,
     * {@code turn-udp}, {@code turn-tcp} or {@code turn-tls} when relayed (how we reach the TURN
     * server; the relayed side is UDP in every case).
     */
    public Optional<String> selectedPath() {
        IceLiteSession s = ice.session();
        if (s == null) {
            return Optional.empty();
        }
        Optional<String> relayed = s.selectedRelayTransport().map(t -> "turn-" + t.name().toLowerCase(java.util.Locale.ROOT));
        return relayed.isPresent() ? relayed : selectedTransport();
    }

    /**
     * Stops everything: aborts the SCTP association (data channels) if there is one, sends DTLS
     * close_notify when connected, leaves the mux, stops the handshake
     * or reader task (waiting at most about two seconds) and releases the SRTP keys. Idempotent;
     * no listener call follows once it returns, except a media callback already running.
     */
    @Override
    public void close() {
        synchronized (this) {
            if (state == State.CLOSED) {
                return;
            }
            state = State.CLOSED;
        }
        ice.cancel();
        SctpAssociation association = sctp;
        if (association != null) {
            association.close();
        }
        DtlsSession d = dtlsSession;
        if (d != null) {
            try {
                d.close();
            } catch (DtlsException e) {
                log.debug("peer {}: close_notify not sent: {}", ice.ufrag(), e.getMessage());
            }
        }
        ice.close();
        HandshakeTask t;
        synchronized (this) {
            t = task;
        }
        if (t != null) {
            t.stop(CLOSE_WAIT_MILLIS);
        }
        SrtpMediaPath m = media;
        if (m != null) {
            m.close();
        }
    }

    private void requireState(State wanted, String action) {
        if (state != wanted) {
            throw new IllegalStateException("cannot " + action + " on peer connection " + ice.ufrag()
                    + " in state " + state + "; it must be " + wanted + " (make a new connection per negotiation)");
        }
    }

    private void start(RemoteDescription remote, DtlsRole role, Optional<String> remoteUfrag, boolean weOffered) {
        ice.registerOnce(remoteUfrag, this::receive);
        remoteFingerprint = remote.fingerprint();
        ice.startChecks(remote, weOffered);
        state = State.CONNECTING;
        CertificateFingerprint fingerprint = remote.fingerprint();
        log.debug("peer {}: remote ufrag {}, DTLS {} against {}", ice.ufrag(), remote.ice().ufrag(), role,
                fingerprint);
        HandshakeTask t = new HandshakeTask(this, ice, dtls, config, role, fingerprint, remote.dataSection());
        executor.execute(t);
        task = t;
    }

    /**
     * A candidate the peer trickled (RFC 8838), e.g. from LiveKit's {@code trickle} message. Only
     * UDP candidates and passive TCP ones (RFC 6544) are used; a full agent checks it from its next
     * round. Ignored by a lite agent.
     */
    public void addRemoteCandidate(Candidate candidate) {
        ice.addRemoteCandidate(candidate);
    }

    /** Our host candidates, as written in the local SDP. */
    public List<Candidate> localCandidates() {
        return ice.hostCandidates();
    }

    boolean isClosed() {
        return state == State.CLOSED;
    }

    Listener listener() {
        return listener;
    }

    SctpAssociation sctp() {
        return sctp;
    }

    /** The handshake is done; false when the connection closed meanwhile. */
    boolean dtlsConnected(DtlsSession session) {
        dtlsSession = session;
        return state != State.CLOSED;
    }

    /** SRTP keys are derived; false when the connection closed meanwhile. */
    boolean srtpReady(SrtpMediaPath path) {
        media = path;
        synchronized (this) {
            if (state == State.CLOSED) {
                return false;
            }
            state = State.CONNECTED;
        }
        return true;
    }

    void sctpStarted(SctpAssociation association) {
        sctp = association;
    }

    /** Consent on the selected pair expired (see {@link Listener#consentLost}); the connection stays up. */
    void consentLost() {
        listener.consentLost(new PeerFailure(Stage.CONSENT, "nothing came back from " + remoteAddress().orElse(null)
                + " (consent checks, media) for " + config.consentTimeout() + "; the path may be blocked: restart ICE", null));
    }

    void fail(Stage stage, String message, Throwable cause) {
        synchronized (this) {
            if (state == State.CLOSED) {
                return;
            }
            state = State.FAILED;
        }
        log.info("peer {}: {}", ice.ufrag(), message);
        listener.failed(new PeerFailure(stage, message, cause));
    }

    private void receive(byte[] datagram) {
        SrtpMediaPath path = media;
        if (path == null || state == State.CLOSED) {
            counters.receivedBeforeSrtp.incrementAndGet();
            return;
        }
        path.receive(datagram);
    }

    private boolean send(byte[] plain, int offset, int length, boolean rtcp) {
        SrtpMediaPath path = media;
        if (path == null || state == State.CLOSED) {
            counters.notSentBeforeSrtp.incrementAndGet();
            return false;
        }
        return path.send(plain, offset, length, rtcp);
    }
}

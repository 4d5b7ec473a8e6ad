package dev.salle.rtc.turn;

import dev.salle.rtc.demux.DropCounters;
import dev.salle.rtc.io.QueuedStreamWriter;
import dev.salle.rtc.stun.StunAttributes;
import dev.salle.rtc.stun.StunClass;
import dev.salle.rtc.stun.StunErrorCode;
import dev.salle.rtc.stun.StunFormatException;
import dev.salle.rtc.stun.StunMessage;
import dev.salle.rtc.stun.StunMessageBuilder;
import dev.salle.rtc.stun.StunMethods;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import javax.net.ssl.SSLSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One allocation on one TURN server, over UDP, TCP or TLS (<a href="https://www.rfc-editor.org/rfc/rfc8656">RFC
 * 8656</a>): {@link #allocate()} with long-term credentials (the server's 401 gives REALM and NONCE,
 * a 438 stale nonce is retried once with the new NONCE), then {@link #createPermission} for each
 * peer, {@link #send} to a peer with a Send indication, and relayed datagrams from permitted peers
 * to the {@link DataListener}; {@link #bindChannel} switches a peer to ChannelData. The allocation is refreshed a minute before its lifetime ends (or at
 * half of a short one) and the permissions every 4 minutes (they last 5, section 9); {@link #close()}
 * deletes the allocation with a Refresh of lifetime 0.
 *
 * <p>Every datagram from the socket is checked first ({@link TurnResponses}); a bad one is dropped,
 * counted in {@link #drops()} and changes nothing. Requests are retransmitted per
 * {@link TurnTimeouts}, so every call returns or fails within a bound.
 *
 * <p>Threads: one reader thread per client (a daemon) reads the socket and calls the listener; the
 * blocking calls ({@link #allocate}, {@link #refresh}, {@link #createPermission}) may run on any
 * thread; the given scheduler (the caller's) only times the refreshes, which run on virtual
 * threads, so a session's own single thread may serve. The client owns the socket and closes it.
 *
 * <p>Over TCP or TLS ({@link #overTcp}, {@link #overTls}; RFC 8656 section 3.1) the relayed side
 * stays UDP; requests are sent once and wait as long as all UDP retransmissions would; the stream
 * is split by {@link TurnStreamReader}, ChannelData padded to 4 bytes (section 12.5). Garbage, an
 * oversized or cut-off message, or the connection ending, drops the connection: counted in
 * {@link #drops()}, and {@link #lost()} completes with the reason. The allocation dies with its
 * connection (section 3.1); nothing reconnects, so ICE falls back to its other paths.
 */
public final class TurnClient implements AutoCloseable {

    /** Receives datagrams a permitted peer sent to the relayed address. Called on the reader thread. */
    @FunctionalInterface
    public interface DataListener {
        /** {@code data} is the peer's datagram; the array is the listener's to keep. */
        void onData(InetSocketAddress peer, byte[] data);
    }

    private static final Logger LOG = LoggerFactory.getLogger(TurnClient.class);
    private static final int UDP = 17;
    private static final Duration PERMISSION_REFRESH = Duration.ofMinutes(4);
    private static final Duration REFRESH_MARGIN = Duration.ofMinutes(1);
    /** Channel numbers a client may use, RFC 8656 §12. */
    static final int FIRST_CHANNEL = 0x4000;
    static final int LAST_CHANNEL = 0x4FFF;

    private final TurnServer server;
    private final DatagramSocket socket;
    private final Socket stream;
    private final QueuedStreamWriter streamOut;
    private final String transportName;
    private final CompletableFuture<String> lost = new CompletableFuture<>();
    private final ScheduledExecutorService scheduler;
    private final TurnTimeouts timeouts;
    private final DataListener listener;
    private final SecureRandom random = new SecureRandom();
    private final DropCounters<TurnDropReason> drops = new DropCounters<>(TurnDropReason.class);
    private final Map<String, Pending> pending = new ConcurrentHashMap<>();
    private final Set<InetAddress> permissions = ConcurrentHashMap.newKeySet();
    private final Map<InetSocketAddress, Integer> channelsByPeer = new ConcurrentHashMap<>();
    private final Map<Integer, InetSocketAddress> peersByChannel = new ConcurrentHashMap<>();
    private int nextChannel = FIRST_CHANNEL;
    private final Thread reader;
    private final Object authLock = new Object();
    private String realm;
    private String nonce;
    private byte[] key;
    private volatile TurnAllocation allocation;
    private volatile boolean closed;
    private ScheduledFuture<?> refreshTask;
    private ScheduledFuture<?> permissionTask;

    private record Pending(int method, byte[] key, CompletableFuture<StunMessage> response) {
    }

    /**
     * A client for {@code server} on {@code socket} (bound, not connected; the client owns it from
     * now on) that starts reading at once.
     */
    public TurnClient(TurnServer server, DatagramSocket socket, ScheduledExecutorService scheduler,
            TurnTimeouts timeouts, DataListener listener) {
        this(server, Objects.requireNonNull(socket, "socket"), null, null, "UDP", scheduler, timeouts, listener);
    }

    private TurnClient(TurnServer server, DatagramSocket socket, Socket stream, OutputStream streamOut,
            String transportName, ScheduledExecutorService scheduler, TurnTimeouts timeouts, DataListener listener) {
        this.server = Objects.requireNonNull(server, "server");
        this.socket = socket;
        this.stream = stream;
        this.transportName = transportName;
        this.streamOut = streamOut == null ? null : new QueuedStreamWriter("turn-write-" + server.address(), streamOut,
            Duration.ofMillis(totalWait(timeouts, timeouts.maxSends())), why -> connectionLost(transportName + ": " + why));
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.timeouts = Objects.requireNonNull(timeouts, "timeouts");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.reader = Thread.ofPlatform().daemon().name("turn-" + server.address())
            .start(stream == null ? this::readLoop : this::readStream);
    }

    /**
     * A client for {@code server} over its {@link TurnServer#transport()}: on a new UDP socket bound
     * to {@code localAddress} (any port), or over a new TCP or TLS connection.
     */
    public static TurnClient open(TurnServer server, InetAddress localAddress, ScheduledExecutorService scheduler,
            TurnTimeouts timeouts, DataListener listener) throws IOException, TurnException {
        return switch (server.transport()) {
            case UDP -> new TurnClient(server, new DatagramSocket(new InetSocketAddress(localAddress, 0)), scheduler,
                timeouts, listener);
            case TCP -> overTcp(server, scheduler, timeouts, listener);
            case TLS -> overTls(server, server.hostName(), server.trust(), scheduler, timeouts, listener);
        };
    }

    /**
     * A client that connects to {@code server} over TCP ({@code turn:…?transport=tcp}) and starts
     * reading; connecting waits at most as long as a request would.
     *
     * @throws TurnException IO when the connection cannot be made
     */
    public static TurnClient overTcp(TurnServer server, ScheduledExecutorService scheduler, TurnTimeouts timeouts,
            DataListener listener) throws TurnException {
        Socket socket = TurnConnector.tcp(server, (int) Math.max(1, totalWait(timeouts, timeouts.maxSends())), "TCP");
        try {
            return new TurnClient(server, null, socket, socket.getOutputStream(), "TCP", scheduler, timeouts, listener);
        } catch (IOException e) {
            TurnConnector.closeQuietly(socket);
            throw new TurnException(TurnException.Kind.IO, "TCP connection to TURN server " + server
                + " failed: " + e.getMessage(), e);
        }
    }

    /**
     * A client that connects to {@code server} over TLS ({@code turns:}) and starts reading. The
     * server's certificate must chain to {@code trust} and name {@code hostName} (the host of the
     * URL: a DNS name, or an IP address that the certificate must list).
     *
     * @throws TurnException TLS when the handshake fails (certificate not trusted, wrong host
     *     name), IO when the connection cannot be made
     */
    public static TurnClient overTls(TurnServer server, String hostName, TurnTlsTrust trust,
            ScheduledExecutorService scheduler, TurnTimeouts timeouts, DataListener listener) throws TurnException {
        Objects.requireNonNull(hostName, "hostName");
        Objects.requireNonNull(trust, "trust");
        SSLSocket tls = TurnConnector.tls(server, hostName, trust, (int) Math.max(1, totalWait(timeouts, timeouts.maxSends())));
        try {
            return new TurnClient(server, null, tls, tls.getOutputStream(), "TLS", scheduler, timeouts, listener);
        } catch (IOException e) {
            TurnConnector.closeQuietly(tls);
            throw new TurnException(TurnException.Kind.IO, "TLS connection to TURN server " + server
                + " failed: " + e.getMessage(), e);
        }
    }

    /** Everything the UDP retransmissions of {@code sends} sends wait in all. */
    private static long totalWait(TurnTimeouts timeouts, int sends) {
        long total = 0;
        long wait = timeouts.initialRto().toMillis();
        for (int send = 1; send < sends; send++) {
            total += wait;
            wait *= 2;
        }
        return total + timeouts.lastWait().toMillis();
    }

    /**
     * Completes with the reason when the connection to the server is lost (TCP or TLS only): the
     * allocation is gone and this client unusable. Never completes for UDP or after {@link #close()}.
     */
    public CompletableFuture<String> lost() {
        return lost;
    }

    /** UDP, TCP or TLS: how this client reaches its server. */
    public String transport() {
        return transportName;
    }

    /** The server this client allocates on. */
    public TurnServer server() {
        return server;
    }

    /** The allocation, once {@link #allocate()} succeeded. */
    public Optional<TurnAllocation> allocation() {
        return Optional.ofNullable(allocation);
    }

    /** Datagrams dropped so far, by reason. */
    public DropCounters<TurnDropReason> drops() {
        return drops;
    }

    /**
     * Allocates a relayed UDP address (RFC 8656 section 7.1) and schedules its refreshes.
     *
     * @throws TurnException WRONG_CREDENTIALS when the server refuses the user name or password,
     *     ERROR_RESPONSE for another refusal, TIMEOUT when no valid response comes
     * @throws IllegalStateException when called twice
     */
    public TurnAllocation allocate() throws TurnException {
        if (allocation != null) {
            throw new IllegalStateException("TURN client for " + server + " already holds an allocation");
        }
        byte[] transport = {UDP, 0, 0, 0};
        StunMessage ok = authenticated(StunMethods.ALLOCATE, b -> b.attribute(StunAttributes.REQUESTED_TRANSPORT, transport));
        try {
            InetSocketAddress relayed = ok.xorAddress(StunAttributes.XOR_RELAYED_ADDRESS, "XOR-RELAYED-ADDRESS")
                .orElseThrow(() -> new StunFormatException(StunFormatException.Reason.BAD_ATTRIBUTE,
                    "Allocate success without XOR-RELAYED-ADDRESS"));
            InetSocketAddress mapped = ok.xorMappedAddress().orElse(null);
            long seconds = ok.uint32(StunAttributes.LIFETIME, "LIFETIME").orElse(600);
            TurnAllocation granted = new TurnAllocation(relayed, mapped, Duration.ofSeconds(seconds));
            allocation = granted;
            scheduleRefresh(granted.lifetime());
            synchronized (this) {
                permissionTask = scheduler.scheduleAtFixedRate(() -> offTimer("turn-permissions", this::refreshPermissions),
                    PERMISSION_REFRESH.toMillis(), PERMISSION_REFRESH.toMillis(), TimeUnit.MILLISECONDS);
            }
            LOG.info("TURN allocation on {}: relayed {}, mapped {}, lifetime {} s", server, relayed, mapped, seconds);
            return granted;
        } catch (StunFormatException e) {
            throw new TurnException(TurnException.Kind.ERROR_RESPONSE, 0,
                "TURN server " + server + " sent an unusable Allocate success: " + e.getMessage());
        }
    }

    /**
     * Refreshes the allocation now (RFC 8656 section 8) and reschedules the next refresh.
     *
     * @return the lifetime the server granted
     */
    public Duration refresh() throws TurnException {
        requireAllocation("refresh");
        StunMessage ok = authenticated(StunMethods.REFRESH, b -> { });
        Duration lifetime;
        try {
            lifetime = Duration.ofSeconds(ok.uint32(StunAttributes.LIFETIME, "LIFETIME").orElse(600));
        } catch (StunFormatException e) {
            throw new TurnException(TurnException.Kind.ERROR_RESPONSE, 0,
                "TURN server " + server + " sent a Refresh success with a bad LIFETIME: " + e.getMessage());
        }
        scheduleRefresh(lifetime);
        return lifetime;
    }

    /**
     * Installs (or refreshes) a permission for {@code peer}'s IP address (RFC 8656 section 9), so
     * that its datagrams reach this client and {@link #send} may address it. The port is ignored.
     */
    public void createPermission(InetAddress peer) throws TurnException {
        Objects.requireNonNull(peer, "peer");
        requireAllocation("create a permission");
        if (peer.isAnyLocalAddress()) {
            throw new IllegalArgumentException("TURN permission for the wildcard address " + peer + " is not allowed");
        }
        InetSocketAddress asPeer = new InetSocketAddress(peer, 0);
        authenticated(StunMethods.CREATE_PERMISSION,
            b -> b.xorAddress(StunAttributes.XOR_PEER_ADDRESS, asPeer));
        permissions.add(peer);
    }

    /**
     * Binds a channel to {@code peer} (RFC 8656 §12), which also installs a permission for its
     * address: from now on datagrams to and from it travel as ChannelData, 4 bytes of header
     * instead of a Send or Data indication's 36. Rebinding a bound peer refreshes the binding.
     *
     * @throws IllegalStateException when all 4096 channel numbers are taken
     */
    public void bindChannel(InetSocketAddress peer) throws TurnException {
        Objects.requireNonNull(peer, "peer");
        requireAllocation("bind a channel");
        int channel;
        synchronized (channelsByPeer) {
            Integer bound = channelsByPeer.get(peer);
            if (bound != null) {
                channel = bound;
            } else if (nextChannel > LAST_CHANNEL) {
                throw new IllegalStateException("TURN client on " + server + " has used all channel numbers");
            } else {
                channel = nextChannel++;
            }
        }
        byte[] value = {(byte) (channel >>> 8), (byte) channel, 0, 0};
        authenticated(StunMethods.CHANNEL_BIND, b -> b.attribute(StunAttributes.CHANNEL_NUMBER, value)
            .xorAddress(StunAttributes.XOR_PEER_ADDRESS, peer));
        permissions.add(peer.getAddress());
        peersByChannel.put(channel, peer);
        channelsByPeer.put(peer, channel);
    }

    /** The channel bound to {@code peer}, if any. */
    public Optional<Integer> channelOf(InetSocketAddress peer) {
        return Optional.ofNullable(channelsByPeer.get(peer));
    }

    /** Whether a permission for {@code peer} is installed. */
    public boolean hasPermission(InetAddress peer) {
        return permissions.contains(peer);
    }

    /**
     * Relays one datagram to {@code peer} through the server with a Send indication (RFC 8656
     * section 11.1). Like UDP, nothing says whether it arrived.
     *
     * @throws IllegalStateException when no permission for the peer's address is installed (the
     *     server would drop the datagram silently)
     */
    public void send(InetSocketAddress peer, byte[] buffer, int offset, int length) throws IOException {
        requireAllocation("send");
        if (!permissions.contains(peer.getAddress())) {
            throw new IllegalStateException("TURN client on " + server + " has no permission for " + peer
                + ": call createPermission first");
        }
        Integer channel = channelsByPeer.get(peer);
        if (channel != null) {
            if (length > 0xFFFF) {
                throw new IOException("datagram of " + length + " bytes does not fit a ChannelData frame");
            }
            byte[] frame = new byte[4 + length];
            frame[0] = (byte) (channel >>> 8);
            frame[1] = (byte) (int) channel;
            frame[2] = (byte) (length >>> 8);
            frame[3] = (byte) length;
            System.arraycopy(buffer, offset, frame, 4, length);
            toServer(frame, frame.length);
            return;
        }
        byte[] data = new byte[length];
        System.arraycopy(buffer, offset, data, 0, length);
        byte[] indication = new StunMessageBuilder(StunClass.INDICATION, StunMethods.SEND,
                StunMessageBuilder.newTransactionId(random))
            .xorAddress(StunAttributes.XOR_PEER_ADDRESS, peer)
            .attribute(StunAttributes.DATA, data)
            .build();
        toServer(indication, indication.length);
    }

    /** One message to the server: a datagram, or queued for the stream, padded to 4 bytes (RFC 8656 §12.5). */
    private void toServer(byte[] message, int length) throws IOException {
        if (stream == null) {
            socket.send(new DatagramPacket(message, length, server.address()));
            return;
        }
        if (!streamOut.offer(Arrays.copyOf(message, (length + 3) & ~3))) { // ChannelData padded, RFC 8656 section 12.5
            throw new IOException("TURN " + transportName + " connection to " + server + " takes no more now"
                + (lost.isDone() ? ": it was lost (" + lost.getNow("") + ")" : ": the server is not reading fast enough"));
        }
    }

    /**
     * Deletes the allocation with a Refresh of lifetime 0 (RFC 8656 section 8; one short try: the
     * server drops it anyway when its lifetime ends), stops the refreshes and the reader and
     * closes the socket. Idempotent.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        synchronized (this) {
            if (refreshTask != null) {
                refreshTask.cancel(false);
            }
            if (permissionTask != null) {
                permissionTask.cancel(false);
            }
        }
        if (allocation != null && !lost.isDone()) {
            try {
                transact(StunMethods.REFRESH, b -> b.uint32(StunAttributes.LIFETIME, 0), currentAuth(), 2);
            } catch (TurnException e) {
                LOG.debug("TURN allocation on {} not deleted at close (it expires by itself): {}", server, e.getMessage());
            }
        }
        closed = true;
        if (stream != null) {
            streamOut.close();
            TurnConnector.closeQuietly(stream);
        } else {
            socket.close();
        }
        try {
            reader.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        pending.values().forEach(p -> p.response().cancel(false));
    }

    private void requireAllocation(String what) {
        if (lost.isDone()) {
            throw new IllegalStateException("TURN client for " + server + " cannot " + what
                + ": its connection was lost (" + lost.getNow("") + ")");
        }
        if (allocation == null || closed) {
            throw new IllegalStateException("TURN client for " + server + " cannot " + what
                + (closed ? ": it is closed" : ": allocate first"));
        }
    }

    private synchronized void scheduleRefresh(Duration lifetime) {
        if (closed || lost.isDone()) {
            return;
        }
        if (refreshTask != null) {
            refreshTask.cancel(false);
        }
        Duration delay = lifetime.compareTo(REFRESH_MARGIN.multipliedBy(2)) > 0
            ? lifetime.minus(REFRESH_MARGIN) : lifetime.dividedBy(2);
        refreshTask = scheduler.schedule(() -> offTimer("turn-refresh", () -> {
            try {
                refresh();
            } catch (TurnException | RuntimeException e) {
                LOG.warn("TURN allocation on {} could not be refreshed; it ends when its lifetime does: {}",
                    server, e.getMessage());
            }
        }), delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Transactions block for up to the timeouts: they run on a virtual thread, never on the caller's timer. */
    private void offTimer(String name, Runnable work) {
        if (!closed) {
            Thread.ofVirtual().name(name + "-" + server.address()).start(work);
        }
    }

    private void refreshPermissions() {
        for (InetSocketAddress peer : List.copyOf(channelsByPeer.keySet())) {
            try {
                bindChannel(peer); // channels last 10 minutes and keep their permission fresh too
            } catch (TurnException | RuntimeException e) {
                LOG.warn("TURN channel on {} for {} could not be refreshed: {}", server, peer, e.getMessage());
            }
        }
        for (InetAddress peer : List.copyOf(permissions)) {
            try {
                createPermission(peer);
            } catch (TurnException | RuntimeException e) {
                LOG.warn("TURN permission on {} for {} could not be refreshed: {}", server, peer, e.getMessage());
            }
        }
    }

    private record Auth(String realm, String nonce, byte[] key) {
    }

    private Auth currentAuth() {
        synchronized (authLock) {
            return key == null ? null : new Auth(realm, nonce, key);
        }
    }

    /**
     * One authenticated transaction: without credentials yet, first an unauthenticated request to
     * learn REALM and NONCE from the 401; a 438 is retried once with its new NONCE.
     */
    private StunMessage authenticated(int method, Consumer<StunMessageBuilder> attributes) throws TurnException {
        Auth auth = currentAuth();
        boolean staleRetried = false;
        boolean challenged = false;
        while (true) {
            StunMessage response = transact(method, attributes, auth, timeouts.maxSends());
            if (response.stunClass() == StunClass.SUCCESS_RESPONSE) {
                return response;
            }
            int code = errorOf(response).code();
            if (code == 401 && auth == null && !challenged) {
                challenged = true;
                auth = learn(response);
                continue;
            }
            if (code == 438 && !staleRetried) {
                staleRetried = true;
                auth = learn(response);
                continue;
            }
            String reason = errorOf(response).reason();
            if (code == 401) {
                throw new TurnException(TurnException.Kind.WRONG_CREDENTIALS, code, "TURN server " + server
                    + " refused user " + server.username() + " in realm " + (auth == null ? "?" : auth.realm())
                    + " (401 " + reason + "): check the TURN username and password");
            }
            throw new TurnException(TurnException.Kind.ERROR_RESPONSE, code, "TURN server " + server + " refused "
                + methodName(method) + " with " + code + " " + reason);
        }
    }

    private static StunErrorCode errorOf(StunMessage response) {
        try {
            return response.errorCode().orElseThrow();
        } catch (StunFormatException e) {
            throw new IllegalStateException("checked by TurnResponses before", e);
        }
    }

    private Auth learn(StunMessage challenge) {
        String newRealm = TurnResponses.text(challenge, StunAttributes.REALM).orElseThrow();
        String newNonce = TurnResponses.text(challenge, StunAttributes.NONCE).orElseThrow();
        synchronized (authLock) {
            if (!newRealm.equals(realm)) {
                realm = newRealm;
                key = server.longTermKey(newRealm);
            }
            nonce = newNonce;
            return new Auth(realm, nonce, key);
        }
    }

    private StunMessage transact(int method, Consumer<StunMessageBuilder> attributes, Auth auth, int sends)
            throws TurnException {
        byte[] id = StunMessageBuilder.newTransactionId(random);
        StunMessageBuilder builder = new StunMessageBuilder(StunClass.REQUEST, method, id);
        attributes.accept(builder);
        byte[] request;
        if (auth == null) {
            request = builder.build(null, true);
        } else {
            builder.username(server.username())
                .attribute(StunAttributes.REALM, auth.realm().getBytes(StandardCharsets.UTF_8))
                .attribute(StunAttributes.NONCE, auth.nonce().getBytes(StandardCharsets.UTF_8));
            request = builder.build(auth.key(), true);
        }
        String txKey = HexFormat.of().formatHex(id);
        Pending entry = new Pending(method, auth == null ? null : auth.key(), new CompletableFuture<>());
        pending.put(txKey, entry);
        try {
            long waitMillis = timeouts.initialRto().toMillis();
            for (int send = 1; send <= sends; send++) {
                if (closed || lost.isDone()) {
                    throw new TurnException(TurnException.Kind.IO, "TURN client for " + server + " is closed"
                        + (lost.isDone() ? ": its connection was lost (" + lost.getNow("") + ")" : ""), null);
                }
                toServer(request, request.length);
                if (stream != null) {
                    try {
                        return entry.response().get(totalWait(timeouts, sends), TimeUnit.MILLISECONDS);
                    } catch (TimeoutException e) {
                        break; // a stream is reliable: never retransmit (RFC 8489 section 6.2.2)
                    }
                }
                long wait = send == sends ? timeouts.lastWait().toMillis() : waitMillis;
                try {
                    return entry.response().get(wait, TimeUnit.MILLISECONDS);
                } catch (TimeoutException e) {
                    waitMillis *= 2;
                }
            }
            throw new TurnException(TurnException.Kind.TIMEOUT, "no valid response from TURN server " + server
                + " to " + methodName(method) + (stream == null ? " after " + sends + " sends: is the server reachable on UDP "
                + server.address().getPort() + "?" : " over " + transportName + " in time"), null);
        } catch (IOException e) {
            throw new TurnException(TurnException.Kind.IO, "sending " + methodName(method) + " to TURN server "
                + server + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TurnException(TurnException.Kind.IO, "interrupted while waiting for TURN server " + server, e);
        } catch (ExecutionException | java.util.concurrent.CancellationException e) {
            throw new TurnException(TurnException.Kind.IO, "TURN client for " + server + " was closed"
                + (lost.isDone() ? ": its connection was lost (" + lost.getNow("") + ")" : ""), e);
        } finally {
            pending.remove(txKey);
        }
    }

    private static String methodName(int method) {
        return switch (method) {
            case StunMethods.ALLOCATE -> "Allocate";
            case StunMethods.REFRESH -> "Refresh";
            case StunMethods.CREATE_PERMISSION -> "CreatePermission";
            case StunMethods.CHANNEL_BIND -> "ChannelBind";
            default -> "method 0x" + Integer.toHexString(method);
        };
    }

    private void readLoop() {
        byte[] buffer = new byte[65536];
        DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
        while (!closed) {
            try {
                packet.setLength(buffer.length);
                socket.receive(packet);
                handle((InetSocketAddress) packet.getSocketAddress(), buffer, packet.getLength());
            } catch (SocketException e) {
                if (!closed && !socket.isClosed()) {
                    LOG.warn("TURN socket for {} failed: {}", server, e.getMessage());
                }
                return;
            } catch (IOException e) {
                LOG.warn("TURN socket for {} could not receive: {}", server, e.getMessage());
            } catch (RuntimeException e) {
                drops.increment(TurnDropReason.MALFORMED);
                LOG.debug("TURN datagram from {} dropped", server, e);
            }
        }
    }

    /** Reads the TCP or TLS stream until it ends or breaks, which loses the connection. */
    private void readStream() {
        TurnStreamReader messages;
        try {
            InputStream in = stream.getInputStream();
            messages = new TurnStreamReader(in);
        } catch (IOException e) {
            connectionLost(transportName + " connection could not be read: " + e.getMessage());
            return;
        }
        while (!closed) {
            int length;
            try {
                length = messages.next();
            } catch (TurnStreamReader.Broken e) {
                drops.increment(e.reason());
                connectionLost("bad " + transportName + " stream from the server (" + e.reason() + "): " + e.getMessage());
                return;
            } catch (IOException e) {
                connectionLost(transportName + " connection failed: " + e.getMessage());
                return;
            }
            if (length < 0) {
                connectionLost("the server closed the " + transportName + " connection");
                return;
            }
            try {
                handle(server.address(), messages.buffer(), length);
            } catch (RuntimeException e) {
                drops.increment(TurnDropReason.MALFORMED);
                LOG.debug("TURN message from {} dropped", server, e);
            }
        }
    }

    /** The stream is gone, and the allocation with it (RFC 8656 section 3.1): report it, stop, fail what waits. */
    private void connectionLost(String why) {
        if (closed || lost.isDone()) {
            return;
        }
        synchronized (this) {
            if (refreshTask != null) {
                refreshTask.cancel(false);
            }
            if (permissionTask != null) {
                permissionTask.cancel(false);
            }
        }
        streamOut.close();
        TurnConnector.closeQuietly(stream);
        LOG.warn("TURN allocation on {} over {} lost: {}", server, transportName, why);
        lost.complete(why);
        IOException failure = new IOException(why);
        pending.values().forEach(p -> p.response().completeExceptionally(failure));
    }

    /** Checks and handles one datagram; package-private for tests. */
    void handle(InetSocketAddress from, byte[] buffer, int length) {
        if (!from.equals(server.address())) {
            drops.increment(TurnDropReason.NOT_FROM_SERVER);
            return;
        }
        int first = length > 0 ? buffer[0] & 0xFF : 0;
        if (first >= 0x40 && first <= 0x4F) {
            onChannelData(buffer, length);
            return;
        }
        StunMessage message;
        try {
            message = StunMessage.parse(buffer, 0, length);
        } catch (StunFormatException e) {
            drops.increment(TurnDropReason.MALFORMED);
            return;
        }
        switch (message.stunClass()) {
            case SUCCESS_RESPONSE, ERROR_RESPONSE -> onResponse(message);
            case INDICATION -> onIndication(message);
            case REQUEST -> drops.increment(TurnDropReason.UNEXPECTED);
        }
    }

    private void onResponse(StunMessage response) {
        Pending entry = pending.get(HexFormat.of().formatHex(response.transactionId()));
        if (entry == null) {
            drops.increment(TurnDropReason.UNKNOWN_TRANSACTION);
            return;
        }
        Optional<TurnDropReason> bad = TurnResponses.check(response, entry.method(), entry.key());
        if (bad.isPresent()) {
            drops.increment(bad.get());
            LOG.debug("TURN response {} from {} dropped: {}", response, server, bad.get());
            return;
        }
        entry.response().complete(response);
    }

    /** A ChannelData frame (RFC 8656 §12.4): channel, length, data; over UDP it may carry padding after the data. */
    private void onChannelData(byte[] buffer, int length) {
        if (length < 4) {
            drops.increment(TurnDropReason.MALFORMED);
            return;
        }
        int channel = ((buffer[0] & 0xFF) << 8) | (buffer[1] & 0xFF);
        int dataLength = ((buffer[2] & 0xFF) << 8) | (buffer[3] & 0xFF);
        if (dataLength > length - 4) {
            drops.increment(TurnDropReason.MALFORMED);
            return;
        }
        InetSocketAddress peer = channel > LAST_CHANNEL ? null : peersByChannel.get(channel);
        if (peer == null) {
            drops.increment(TurnDropReason.UNKNOWN_CHANNEL);
            return;
        }
        byte[] data = new byte[dataLength];
        System.arraycopy(buffer, 4, data, 0, dataLength);
        try {
            listener.onData(peer, data);
        } catch (RuntimeException e) {
            drops.increment(TurnDropReason.LISTENER_FAILED);
            LOG.warn("TURN data listener failed on a datagram from {}", peer, e);
        }
    }

    private void onIndication(StunMessage indication) {
        if (indication.method() != StunMethods.DATA) {
            drops.increment(TurnDropReason.UNEXPECTED);
            return;
        }
        InetSocketAddress peer;
        try {
            peer = indication.xorAddress(StunAttributes.XOR_PEER_ADDRESS, "XOR-PEER-ADDRESS").orElse(null);
        } catch (StunFormatException e) {
            drops.increment(TurnDropReason.MALFORMED);
            return;
        }
        Optional<byte[]> data = indication.attribute(StunAttributes.DATA);
        if (peer == null || data.isEmpty() || !permissions.contains(peer.getAddress())) {
            drops.increment(TurnDropReason.NO_PERMISSION);
            return;
        }
        try {
            listener.onData(peer, data.get());
        } catch (RuntimeException e) {
            drops.increment(TurnDropReason.LISTENER_FAILED);
            LOG.warn("TURN data listener failed on a datagram from {}", peer, e);
        }
    }
}

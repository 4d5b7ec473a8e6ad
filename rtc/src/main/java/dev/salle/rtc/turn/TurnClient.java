package dev.salle.rtc.turn;

import dev.salle.rtc.demux.DropCounters;
import dev.salle.rtc.stun.StunAttributes;
import dev.salle.rtc.stun.StunClass;
import dev.salle.rtc.stun.StunErrorCode;
import dev.salle.rtc.stun.StunFormatException;
import dev.salle.rtc.stun.StunMessage;
import dev.salle.rtc.stun.StunMessageBuilder;
import dev.salle.rtc.stun.StunMethods;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One allocation on one TURN server over UDP (<a href="https://www.rfc-editor.org/rfc/rfc8656">RFC
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
        this.server = Objects.requireNonNull(server, "server");
        this.socket = Objects.requireNonNull(socket, "socket");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.timeouts = Objects.requireNonNull(timeouts, "timeouts");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.reader = Thread.ofPlatform().daemon().name("turn-" + server.address()).start(this::readLoop);
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
            socket.send(new DatagramPacket(frame, frame.length, server.address()));
            return;
        }
        byte[] data = new byte[length];
        System.arraycopy(buffer, offset, data, 0, length);
        byte[] indication = new StunMessageBuilder(StunClass.INDICATION, StunMethods.SEND,
                StunMessageBuilder.newTransactionId(random))
            .xorAddress(StunAttributes.XOR_PEER_ADDRESS, peer)
            .attribute(StunAttributes.DATA, data)
            .build();
        socket.send(new DatagramPacket(indication, indication.length, server.address()));
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
        if (allocation != null) {
            try {
                transact(StunMethods.REFRESH, b -> b.uint32(StunAttributes.LIFETIME, 0), currentAuth(), 2);
            } catch (TurnException e) {
                LOG.debug("TURN allocation on {} not deleted at close (it expires by itself): {}", server, e.getMessage());
            }
        }
        closed = true;
        socket.close();
        try {
            reader.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        pending.values().forEach(p -> p.response().cancel(false));
    }

    private void requireAllocation(String what) {
        if (allocation == null || closed) {
            throw new IllegalStateException("TURN client for " + server + " cannot " + what
                + (closed ? ": it is closed" : ": allocate first"));
        }
    }

    private synchronized void scheduleRefresh(Duration lifetime) {
        if (closed) {
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
                if (closed) {
                    throw new TurnException(TurnException.Kind.IO, "TURN client for " + server + " is closed", null);
                }
                socket.send(new DatagramPacket(request, request.length, server.address()));
                long wait = send == sends ? timeouts.lastWait().toMillis() : waitMillis;
                try {
                    return entry.response().get(wait, TimeUnit.MILLISECONDS);
                } catch (TimeoutException e) {
                    waitMillis *= 2;
                }
            }
            throw new TurnException(TurnException.Kind.TIMEOUT, "no valid response from TURN server " + server
                + " to " + methodName(method) + " after " + sends + " sends: is the server reachable on UDP "
                + server.address().getPort() + "?", null);
        } catch (IOException e) {
            throw new TurnException(TurnException.Kind.IO, "sending " + methodName(method) + " to TURN server "
                + server + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TurnException(TurnException.Kind.IO, "interrupted while waiting for TURN server " + server, e);
        } catch (ExecutionException | java.util.concurrent.CancellationException e) {
            throw new TurnException(TurnException.Kind.IO, "TURN client for " + server + " was closed", e);
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

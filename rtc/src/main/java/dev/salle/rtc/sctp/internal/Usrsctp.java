package dev.salle.rtc.sctp.internal;

import com.sun.jna.Callback;
import com.sun.jna.Library;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;
import com.sun.jna.Structure;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The libusrsctp calls Salle needs (Debian package {@code libusrsctp2}), in AF_CONN mode: SCTP
 * packets are not sent on a socket but handed to a callback, and inbound packets are fed in with
 * {@code usrsctp_conninput} (the layout of {@code usrsctp.h} 0.9.5, Linux LP64 and ILP32).
 *
 * <p>This is the only class that touches JNA types for the library. Everything above it sees
 * Java types: a socket is an opaque {@link Socket}, a connection address an opaque {@code long}
 * id that this class passes to the library as a pointer value and never dereferences.
 *
 * <p>Ownership: structures handed to the library ({@code sockaddr_conn}, {@code sctp_sndinfo},
 * option values) are copied by the call, so they live in JNA {@link Memory} only for the call.
 * The receive buffer the library allocates with {@code malloc} for each delivered message is
 * copied into a Java array and freed here, before the {@link Receiver} sees it. A {@link Socket}
 * is owned by whoever created it and must be given to {@link #close} exactly once. The two
 * callback objects are held in static fields for the life of the process, since the library keeps
 * their addresses.
 *
 * <p>Threads: the library is initialised without threads of its own
 * ({@code usrsctp_init_nothreads}); its timers run when someone calls {@link #handleTimers}. Both
 * callbacks therefore run on a Java thread that is inside a call into the library: the one
 * feeding {@link #conninput}, the one calling {@link #sendv} or {@link #close}, or the one
 * calling {@link #handleTimers}.
 *
 * <p>Every call into the library holds one process-wide reentrant lock, so the library only ever
 * runs on one thread at a time. libusrsctp 0.9.5 claims to be thread-safe, but with a packet being
 * fed in on one thread while the timers or a send ran on another it corrupted the C heap
 * ({@code malloc(): unaligned tcache chunk detected}, in about one run of
 * {@code SctpAssociationTest} in a hundred; several locking fixes came after that release). The
 * lock also makes a socket's close and its last use ordered: a send, reset or bind on a closed
 * socket is refused here instead of reaching freed memory. Callbacks may call back into the
 * library (the lock is reentrant; sending from the receive callback is how a DCEP open is
 * answered), so what the callbacks do must not wait for another thread that might itself be
 * waiting to call into the library. Data channels carry little, so one lock costs little.
 */
public final class Usrsctp {

    /** {@code AF_CONN}: addresses are opaque pointers handled by the output callback. */
    static final int AF_CONN = 123;
    private static final int SOCK_STREAM = 1;
    private static final int IPPROTO_SCTP = 132;
    private static final int SOL_SOCKET = 1;
    private static final int SO_LINGER = 13;
    private static final int SO_SNDBUF = 7;
    private static final int SO_RCVBUF = 8;

    private static final int SCTP_NODELAY = 0x04;
    private static final int SCTP_INITMSG = 0x03;
    private static final int SCTP_PEER_ADDR_PARAMS = 0x0a;
    private static final int SCTP_EVENT = 0x1e;
    private static final int SCTP_RECVRCVINFO = 0x1f;
    private static final int SCTP_ENABLE_STREAM_RESET = 0x900;
    private static final int SCTP_RESET_STREAMS = 0x901;
    private static final int SCTP_ALL_ASSOC = 2;
    private static final int SCTP_ENABLE_RESET_STREAM_REQ = 0x01;
    private static final int SCTP_ENABLE_CHANGE_ASSOC_REQ = 0x04;
    private static final int SCTP_STREAM_RESET_OUTGOING = 0x02;
    private static final int SPP_PMTUD_DISABLE = 0x10;
    private static final int SCTP_SENDV_SPA = 4;
    private static final int SCTP_SEND_SNDINFO_VALID = 0x01;
    private static final int SCTP_SEND_PRINFO_VALID = 0x02;
    /** Size of {@code struct sctp_paddrparams}: sockaddr_storage (128) and the fields after it. */
    private static final int PADDRPARAMS_SIZE = 152;

    /** {@code MSG_EOR} on Linux: the delivered piece ends a message. */
    public static final int MSG_EOR = 0x80;
    /** {@code MSG_NOTIFICATION}: the delivered data is a {@code union sctp_notification}. */
    public static final int MSG_NOTIFICATION = 0x2000;
    /** {@code EWOULDBLOCK}/{@code EAGAIN} on Linux: the send buffer is full. */
    public static final int EWOULDBLOCK = 11;
    /** {@code EBADF}: the socket was closed; returned without calling the library. */
    public static final int EBADF = 9;
    private static final int EINPROGRESS = 115;

    /** {@code snd_flags}: deliver out of order. */
    public static final int SCTP_UNORDERED = 0x0400;
    /** PR-SCTP policy: none (reliable). */
    public static final int PR_NONE = 0;
    /** PR-SCTP policy: give up after a lifetime in milliseconds. */
    public static final int PR_TTL = 1;
    /** PR-SCTP policy: give up after a number of retransmissions. */
    public static final int PR_RTX = 3;

    /** Notification types ({@code sn_type}) this class subscribes to. */
    public static final int SCTP_ASSOC_CHANGE = 0x0001;
    public static final int SCTP_REMOTE_ERROR = 0x0003;
    public static final int SCTP_SHUTDOWN_EVENT = 0x0005;
    public static final int SCTP_STREAM_RESET_EVENT = 0x0009;
    public static final int SCTP_SEND_FAILED_EVENT = 0x000e;

    /** Receives what the library delivers on one socket; runs inside a library call. */
    public interface Receiver {
        /**
         * One message, a piece of one ({@code msgFlags} without {@link #MSG_EOR}), or a
         * notification ({@code msgFlags} with {@link #MSG_NOTIFICATION}); {@code data} is a
         * copy the receiver owns, or {@code null} when the association went down.
         */
        void received(long id, byte[] data, int streamId, int ppid, int msgFlags);
    }

    /** Sends one outbound SCTP packet for the connection address {@code id}; must not block for long. */
    public interface Output {
        /** @return 0 when sent or queued, -1 when the packet was dropped */
        int send(long id, byte[] packet);
    }

    /** An open usrsctp socket; opaque to callers. */
    public static final class Socket {
        private final Pointer pointer;
        /** Written and read with {@link #LIBRARY} held. */
        private boolean closed;

        private Socket(Pointer pointer) {
            this.pointer = pointer;
        }
    }

    /** {@code union sctp_sockstore} by value: 32 bytes, 8-aligned; never read, only passed. */
    @Structure.FieldOrder({"w0", "w1", "w2", "w3"})
    public static class SockStore extends Structure implements Structure.ByValue {
        public long w0;
        public long w1;
        public long w2;
        public long w3;
    }

    /** {@code struct sctp_rcvinfo} by value. */
    @Structure.FieldOrder({"sid", "ssn", "flags", "ppid", "tsn", "cumtsn", "context", "assocId"})
    public static class RcvInfo extends Structure implements Structure.ByValue {
        public short sid;
        public short ssn;
        public short flags;
        public int ppid;
        public int tsn;
        public int cumtsn;
        public int context;
        public int assocId;
    }

    private interface OutputCallback extends Callback {
        int invoke(Pointer addr, Pointer buffer, NativeLong length, byte tos, byte setDf);
    }

    private interface ReceiveCallback extends Callback {
        int invoke(Pointer socket, SockStore addr, Pointer data, NativeLong length, RcvInfo rcv, int flags,
                Pointer ulpInfo);
    }

    private interface Lib extends Library {
        void usrsctp_init_nothreads(short port, OutputCallback output, Pointer debugPrintf);

        void usrsctp_handle_timers(int elapsedMillis);

        void usrsctp_register_address(Pointer addr);

        void usrsctp_deregister_address(Pointer addr);

        Pointer usrsctp_socket(int domain, int type, int protocol, ReceiveCallback receive, Pointer sendCallback,
                int sbThreshold, Pointer ulpInfo);

        int usrsctp_setsockopt(Pointer socket, int level, int option, Pointer value, int length);

        int usrsctp_set_non_blocking(Pointer socket, int on);

        int usrsctp_bind(Pointer socket, Pointer name, int length);

        int usrsctp_connect(Pointer socket, Pointer name, int length);

        NativeLong usrsctp_sendv(Pointer socket, byte[] data, NativeLong length, Pointer to, int addrcnt, Pointer info,
                int infolen, int infotype, int flags);

        void usrsctp_close(Pointer socket);

        void usrsctp_conninput(Pointer addr, byte[] buffer, NativeLong length, byte ecnBits);

        int usrsctp_sysctl_set_sctp_ecn_enable(int value);
    }

    private static final class Holder {
        static final Lib LIB = load();

        /** {@code libusrsctp.so} exists only with the -dev package; the runtime package has {@code .so.2}. */
        private static Lib load() {
            try {
                return Native.load("usrsctp", Lib.class);
            } catch (UnsatisfiedLinkError e) {
                return Native.load("libusrsctp.so.2", Lib.class);
            }
        }
    }

    /** Held by every call into the library; see the class comment. */
    private static final ReentrantLock LIBRARY = new ReentrantLock();
    private static volatile Output output;
    private static volatile Receiver receiver;
    private static final OutputCallback OUTPUT_CALLBACK = Usrsctp::onOutput;
    private static final ReceiveCallback RECEIVE_CALLBACK = Usrsctp::onReceive;

    private Usrsctp() {}

    /**
     * Loads the library, or says why it cannot.
     *
     * @return empty when {@code libusrsctp.so.2} loaded, else what went wrong
     */
    public static java.util.Optional<String> loadProblem() {
        try {
            Lib lib = Holder.LIB;
            return lib == null ? java.util.Optional.of("libusrsctp did not load") : java.util.Optional.empty();
        } catch (LinkageError e) {
            return java.util.Optional.of(e.getMessage());
        }
    }

    /**
     * Initialises the library once for the process, without threads; later calls do nothing.
     * The output and receiver dispatch by id to the connection they belong to.
     */
    public static void init(Output out, Receiver in) {
        LIBRARY.lock();
        try {
            if (output != null) {
                return;
            }
            output = out;
            receiver = in;
            Holder.LIB.usrsctp_init_nothreads((short) 0, OUTPUT_CALLBACK, null);
            // ECN is meaningless over DTLS, and data channel peers do not expect it.
            Holder.LIB.usrsctp_sysctl_set_sctp_ecn_enable(0);
        } finally {
            LIBRARY.unlock();
        }
    }

    /** Runs the library's timers for the milliseconds that passed since the previous call. */
    public static void handleTimers(int elapsedMillis) {
        LIBRARY.lock();
        try {
            Holder.LIB.usrsctp_handle_timers(elapsedMillis);
        } finally {
            LIBRARY.unlock();
        }
    }

    /** Makes {@code id} a connection address the library may send to and receive from. */
    public static void registerAddress(long id) {
        LIBRARY.lock();
        try {
            Holder.LIB.usrsctp_register_address(new Pointer(id));
        } finally {
            LIBRARY.unlock();
        }
    }

    /** Forgets a connection address. */
    public static void deregisterAddress(long id) {
        LIBRARY.lock();
        try {
            Holder.LIB.usrsctp_deregister_address(new Pointer(id));
        } finally {
            LIBRARY.unlock();
        }
    }

    /**
     * Opens a one-to-one AF_CONN socket for connection {@code id} and sets the options WebRTC
     * needs: non-blocking, no Nagle, rcvinfo on, stream reset enabled, association, stream-reset,
     * shutdown, remote-error and send-failed events, linger 0 (close aborts at once), the given
     * stream counts, send and receive buffers and path MTU (path MTU discovery off).
     *
     * @throws IllegalStateException naming the option the library refused, with errno
     */
    public static Socket socket(long id, int streams, int bufferBytes, int mtu) {
        LIBRARY.lock();
        try {
            return openSocket(id, streams, bufferBytes, mtu);
        } finally {
            LIBRARY.unlock();
        }
    }

    private static Socket openSocket(long id, int streams, int bufferBytes, int mtu) {
        Pointer so = Holder.LIB.usrsctp_socket(AF_CONN, SOCK_STREAM, IPPROTO_SCTP, RECEIVE_CALLBACK, null, 0,
                new Pointer(id));
        if (so == null) {
            throw new IllegalStateException("usrsctp_socket(AF_CONN) failed with errno " + Native.getLastError()
                    + "; check that libusrsctp2 is installed and initialised");
        }
        Socket socket = new Socket(so);
        try {
            check(Holder.LIB.usrsctp_set_non_blocking(so, 1), "non-blocking");
            setInt(so, SOL_SOCKET, SO_SNDBUF, bufferBytes, "SO_SNDBUF");
            setInt(so, SOL_SOCKET, SO_RCVBUF, bufferBytes, "SO_RCVBUF");
            Memory linger = new Memory(8);
            linger.setInt(0, 1);
            linger.setInt(4, 0);
            check(Holder.LIB.usrsctp_setsockopt(so, SOL_SOCKET, SO_LINGER, linger, 8), "SO_LINGER");
            setInt(so, IPPROTO_SCTP, SCTP_NODELAY, 1, "SCTP_NODELAY");
            setInt(so, IPPROTO_SCTP, SCTP_RECVRCVINFO, 1, "SCTP_RECVRCVINFO");
            Memory reset = new Memory(8);
            reset.setInt(0, SCTP_ALL_ASSOC);
            reset.setInt(4, SCTP_ENABLE_RESET_STREAM_REQ | SCTP_ENABLE_CHANGE_ASSOC_REQ);
            check(Holder.LIB.usrsctp_setsockopt(so, IPPROTO_SCTP, SCTP_ENABLE_STREAM_RESET, reset, 8),
                    "SCTP_ENABLE_STREAM_RESET");
            for (int type : new int[] {SCTP_ASSOC_CHANGE, SCTP_REMOTE_ERROR, SCTP_SHUTDOWN_EVENT,
                    SCTP_STREAM_RESET_EVENT, SCTP_SEND_FAILED_EVENT}) {
                Memory event = new Memory(8);
                event.clear();
                event.setInt(0, SCTP_ALL_ASSOC);
                event.setShort(4, (short) type);
                event.setByte(6, (byte) 1);
                check(Holder.LIB.usrsctp_setsockopt(so, IPPROTO_SCTP, SCTP_EVENT, event, 8), "SCTP_EVENT " + type);
            }
            Memory init = new Memory(8);
            init.clear();
            init.setShort(0, (short) streams);
            init.setShort(2, (short) streams);
            check(Holder.LIB.usrsctp_setsockopt(so, IPPROTO_SCTP, SCTP_INITMSG, init, 8), "SCTP_INITMSG");
            Memory paddr = new Memory(PADDRPARAMS_SIZE);
            paddr.clear();
            paddr.setShort(0, (short) AF_CONN);
            paddr.setInt(128 + 8, mtu);
            paddr.setInt(128 + 12, SPP_PMTUD_DISABLE);
            check(Holder.LIB.usrsctp_setsockopt(so, IPPROTO_SCTP, SCTP_PEER_ADDR_PARAMS, paddr, PADDRPARAMS_SIZE),
                    "SCTP_PEER_ADDR_PARAMS");
            return socket;
        } catch (RuntimeException e) {
            close(socket);
            throw e;
        }
    }

    /** Binds the socket to {@code (id, port)}. */
    public static void bind(Socket socket, long id, int port) {
        LIBRARY.lock();
        try {
            requireOpen(socket, "bind");
            check(Holder.LIB.usrsctp_bind(socket.pointer, sockaddrConn(id, port), (int) sockaddrConnSize()), "bind");
        } finally {
            LIBRARY.unlock();
        }
    }

    /**
     * Starts the association towards {@code port} on connection {@code id} (non-blocking: the
     * handshake goes on through the output callback).
     */
    public static void connect(Socket socket, long id, int port) {
        LIBRARY.lock();
        try {
            requireOpen(socket, "connect");
            int rc = Holder.LIB.usrsctp_connect(socket.pointer, sockaddrConn(id, port), (int) sockaddrConnSize());
            int errno = Native.getLastError();
            if (rc < 0 && errno != EINPROGRESS) {
                throw new IllegalStateException("usrsctp_connect to port " + port + " failed with errno " + errno);
            }
        } finally {
            LIBRARY.unlock();
        }
    }

    /**
     * Sends one whole message of at least one byte (SCTP has no empty messages).
     *
     * @param flags {@code snd_flags}, e.g. {@link #SCTP_UNORDERED}
     * @param prPolicy {@link #PR_NONE}, {@link #PR_TTL} or {@link #PR_RTX}
     * @return the bytes accepted, or {@code -errno} (e.g. {@code -}{@link #EWOULDBLOCK}, or
     *     {@code -}{@link #EBADF} once the socket is closed)
     */
    public static long sendv(Socket socket, int streamId, int ppid, int flags, int prPolicy, int prValue, byte[] data,
            int offset, int length) {
        byte[] payload = offset == 0 && length == data.length ? data : Arrays.copyOfRange(data, offset, offset + length);
        // struct sctp_sendv_spa: flags; sndinfo {sid, flags, ppid (network order), context, assoc};
        // prinfo {policy, value}; authinfo
        Memory spa = new Memory(32);
        spa.clear();
        spa.setInt(0, SCTP_SEND_SNDINFO_VALID | (prPolicy == PR_NONE ? 0 : SCTP_SEND_PRINFO_VALID));
        spa.setShort(4, (short) streamId);
        spa.setShort(6, (short) flags);
        spa.setInt(8, toNetworkOrder(ppid));
        spa.setShort(20, (short) prPolicy);
        spa.setInt(24, prValue);
        LIBRARY.lock();
        try {
            if (socket.closed) {
                return -EBADF;
            }
            NativeLong rc = Holder.LIB.usrsctp_sendv(socket.pointer, payload, new NativeLong(payload.length), null, 0,
                    spa, 32, SCTP_SENDV_SPA, 0);
            return rc.longValue() < 0 ? -Native.getLastError() : rc.longValue();
        } finally {
            LIBRARY.unlock();
        }
    }

    /**
     * Resets the outgoing direction of the given streams (RFC 6525), as closing a data channel
     * needs (RFC 8831 §6.7).
     *
     * @return 0, or {@code -errno} ({@code -}{@link #EBADF} once the socket is closed)
     */
    public static int resetOutgoing(Socket socket, int... streamIds) {
        // struct sctp_reset_streams: assoc_id, flags, number, list
        Memory srs = new Memory(8 + 2L * streamIds.length);
        srs.clear();
        srs.setShort(4, (short) SCTP_STREAM_RESET_OUTGOING);
        srs.setShort(6, (short) streamIds.length);
        for (int i = 0; i < streamIds.length; i++) {
            srs.setShort(8 + 2L * i, (short) streamIds[i]);
        }
        LIBRARY.lock();
        try {
            if (socket.closed) {
                return -EBADF;
            }
            int rc = Holder.LIB.usrsctp_setsockopt(socket.pointer, IPPROTO_SCTP, SCTP_RESET_STREAMS, srs,
                    (int) srs.size());
            return rc < 0 ? -Native.getLastError() : 0;
        } finally {
            LIBRARY.unlock();
        }
    }

    /** Closes the socket (an ABORT goes out while the association is up); later calls do nothing. */
    public static void close(Socket socket) {
        LIBRARY.lock();
        try {
            if (socket.closed) {
                return;
            }
            socket.closed = true;
            Holder.LIB.usrsctp_close(socket.pointer);
        } finally {
            LIBRARY.unlock();
        }
    }

    /** Feeds one inbound SCTP packet for connection {@code id}; callbacks may run before it returns. */
    public static void conninput(long id, byte[] packet, int offset, int length) {
        byte[] copy = offset == 0 ? packet : Arrays.copyOfRange(packet, offset, offset + length);
        LIBRARY.lock();
        try {
            Holder.LIB.usrsctp_conninput(new Pointer(id), copy, new NativeLong(length), (byte) 0);
        } finally {
            LIBRARY.unlock();
        }
    }

    private static int onOutput(Pointer addr, Pointer buffer, NativeLong length, byte tos, byte setDf) {
        try {
            Output out = output;
            if (out == null || addr == null || buffer == null) {
                return -1;
            }
            return out.send(Pointer.nativeValue(addr), buffer.getByteArray(0, length.intValue()));
        } catch (Throwable t) {
            // Never unwind through the library; the association sees a lost packet.
            return -1;
        }
    }

    private static int onReceive(Pointer socket, SockStore addr, Pointer data, NativeLong length, RcvInfo rcv,
            int flags, Pointer ulpInfo) {
        byte[] copy = null;
        try {
            if (data != null) {
                copy = data.getByteArray(0, length.intValue());
            }
        } finally {
            if (data != null) {
                Native.free(Pointer.nativeValue(data));
            }
        }
        try {
            Receiver in = receiver;
            if (in != null && ulpInfo != null) {
                in.received(Pointer.nativeValue(ulpInfo), copy, rcv.sid & 0xFFFF, fromNetworkOrder(rcv.ppid), flags);
            }
        } catch (Throwable t) {
            // Never unwind through the library; the Receiver counts and logs its own failures.
        }
        return 1;
    }

    private static Memory sockaddrConn(long id, int port) {
        Memory sconn = new Memory(sockaddrConnSize());
        sconn.clear();
        sconn.setShort(0, (short) AF_CONN);
        sconn.setShort(2, (short) toNetworkOrder16(port));
        sconn.setPointer(Native.POINTER_SIZE == 8 ? 8 : 4, new Pointer(id));
        return sconn;
    }

    private static long sockaddrConnSize() {
        return Native.POINTER_SIZE == 8 ? 16 : 8;
    }

    private static void requireOpen(Socket socket, String what) {
        if (socket.closed) {
            throw new IllegalStateException("cannot " + what + " a closed usrsctp socket");
        }
    }

    private static void setInt(Pointer so, int level, int option, int value, String name) {
        Memory m = new Memory(4);
        m.setInt(0, value);
        check(Holder.LIB.usrsctp_setsockopt(so, level, option, m, 4), name);
    }

    private static void check(int rc, String what) {
        if (rc < 0) {
            throw new IllegalStateException("usrsctp refused " + what + " with errno " + Native.getLastError()
                    + "; check that libusrsctp2 is 0.9.5 or newer");
        }
    }

    private static int toNetworkOrder(int value) {
        return ByteOrder.nativeOrder() == ByteOrder.BIG_ENDIAN ? value : Integer.reverseBytes(value);
    }

    private static int fromNetworkOrder(int value) {
        return toNetworkOrder(value);
    }

    private static int toNetworkOrder16(int value) {
        return ByteOrder.nativeOrder() == ByteOrder.BIG_ENDIAN ? value : Short.reverseBytes((short) value) & 0xFFFF;
    }
}

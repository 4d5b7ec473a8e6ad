package dev.salle.rtc.sctp.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The process-wide usrsctp stack: initialised once on first use and kept for the life of the
 * process (usrsctp is global state), a registry from connection id to {@link Connection}, and
 * the one timer thread that drives the library's timers while any connection is attached.
 *
 * <p>Each association {@link #attach attaches} with its own connection id, which is both its
 * AF_CONN address and its socket's {@code ulp_info}; the library's output and receive callbacks
 * find the association by that id. After {@link #detach} the id stays routable for
 * {@value #DETACH_GRACE_MILLIS} ms, because the library may emit the ABORT of a closed socket
 * later, from a timer, when another thread was inside the association at close time; after that,
 * packets it still emits for the id are dropped here.
 *
 * <p>Why a thread of our own and not an injected scheduler: the library's timers are one global
 * wheel, so one ticker serves every association; it is the thread usrsctp would otherwise start
 * itself, without the raw IP sockets {@code usrsctp_init} opens when run as root. It is a daemon
 * thread named {@code usrsctp-timers}, ticking every 10 ms, started when the first connection
 * attaches and ending when no connection is attached or in its grace period.
 */
public final class UsrsctpStack {

    /** One association as the stack sees it. Both methods run inside library calls: never block. */
    public interface Connection {
        /** Sends one outbound SCTP packet (as DTLS application data); 0 if sent, -1 if dropped. */
        int output(byte[] packet);

        /** See {@link Usrsctp.Receiver#received}. */
        void received(byte[] data, int streamId, int ppid, int msgFlags);
    }

    private static final Logger log = LoggerFactory.getLogger(UsrsctpStack.class);
    private static final long TICK_MILLIS = 10;
    static final long DETACH_GRACE_MILLIS = 1000;
    private static final Map<Long, Connection> CONNECTIONS = new ConcurrentHashMap<>();
    /** Detached ids and the {@code System.nanoTime()} after which they are forgotten; guarded by the class. */
    private static final Map<Long, Long> DETACHING = new HashMap<>();
    private static final AtomicLong NEXT_ID = new AtomicLong(1);
    private static Thread ticker;

    private UsrsctpStack() {}

    /**
     * Initialises the library if needed, registers a new connection address and starts the
     * timer thread if it is not running.
     *
     * @return the connection id to use with {@link Usrsctp}
     * @throws IllegalStateException if libusrsctp cannot be loaded
     */
    public static long attach(Connection connection) {
        Usrsctp.loadProblem().ifPresent(problem -> {
            throw new IllegalStateException("libusrsctp cannot be loaded (" + problem
                    + "); install the Debian package libusrsctp2");
        });
        long id = NEXT_ID.getAndIncrement();
        // Library calls are made outside this class's monitor: they take Usrsctp's library lock,
        // and a callback holding that lock may come here (a listener closing its association).
        Usrsctp.init(UsrsctpStack::output, UsrsctpStack::received);
        CONNECTIONS.put(id, connection);
        Usrsctp.registerAddress(id);
        synchronized (UsrsctpStack.class) {
            if (ticker == null) {
                ticker = Thread.ofPlatform().daemon().name("usrsctp-timers").start(UsrsctpStack::tick);
            }
        }
        return id;
    }

    /**
     * Forgets the connection after the grace period (see the class comment); the timer thread
     * ends once no connection is left. Idempotent.
     */
    public static void detach(long id) {
        synchronized (UsrsctpStack.class) {
            if (CONNECTIONS.containsKey(id) && !DETACHING.containsKey(id)) {
                DETACHING.put(id, System.nanoTime() + DETACH_GRACE_MILLIS * 1_000_000);
            }
        }
    }

    /** Forgets detached ids whose grace ended; says whether the ticker should go on. */
    private static boolean expireDetached(long now) {
        List<Long> expired = new ArrayList<>();
        synchronized (UsrsctpStack.class) {
            for (Iterator<Map.Entry<Long, Long>> it = DETACHING.entrySet().iterator(); it.hasNext(); ) {
                Map.Entry<Long, Long> e = it.next();
                if (now - e.getValue() >= 0) {
                    it.remove();
                    CONNECTIONS.remove(e.getKey());
                    expired.add(e.getKey());
                }
            }
        }
        for (long id : expired) {
            Usrsctp.deregisterAddress(id);
        }
        synchronized (UsrsctpStack.class) {
            if (CONNECTIONS.isEmpty()) {
                ticker = null;
                return false;
            }
            return true;
        }
    }

    private static int output(long id, byte[] packet) {
        Connection c = CONNECTIONS.get(id);
        return c == null ? -1 : c.output(packet);
    }

    private static void received(long id, byte[] data, int streamId, int ppid, int msgFlags) {
        Connection c = CONNECTIONS.get(id);
        if (c != null) {
            c.received(data, streamId, ppid, msgFlags);
        }
    }

    private static void tick() {
        long last = System.nanoTime();
        while (!Thread.currentThread().isInterrupted()) {
            try {
                TimeUnit.MILLISECONDS.sleep(TICK_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
            long now = System.nanoTime();
            long elapsedMillis = (now - last) / 1_000_000;
            if (elapsedMillis <= 0) {
                continue;
            }
            last += elapsedMillis * 1_000_000;
            try {
                Usrsctp.handleTimers((int) Math.min(elapsedMillis, Integer.MAX_VALUE));
            } catch (Throwable t) {
                log.warn("usrsctp timer tick failed; SCTP retransmissions may stall", t);
            }
            if (!expireDetached(now)) {
                return;
            }
        }
    }
}

package dev.salle.rtc.sctp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.salle.rtc.sctp.internal.Usrsctp;
import dev.salle.rtc.sctp.internal.UsrsctpStack;
import dev.salle.testkit.RealDependency;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The library is driven from several threads at once (packets fed in, sends, the timer thread,
 * closes), as the bridge and the device do. libusrsctp 0.9.5 corrupted the C heap under exactly
 * this load before {@link Usrsctp} held one lock around every call, and a send could reach a
 * socket another thread had just closed.
 */
class SctpConcurrencyTest {

    private static final Duration WAIT = Duration.ofSeconds(RecordingSctpListener.WAIT_SECONDS);
    private static final int ROUNDS = 25;
    private static final int CHURN_THREADS = 4;
    private static final int CHURN_CYCLES = Integer.getInteger("sctp.churn.cycles", 400);

    @BeforeEach
    void requireLibrary() {
        RealDependency.require(Usrsctp.loadProblem().isEmpty(), "libusrsctp (Debian package libusrsctp2)");
    }

    @Test
    void aClosedSocketRefusesSendsResetsAndBindsWithoutReachingTheLibrary() {
        long id = UsrsctpStack.attach(new UsrsctpStack.Connection() {
            @Override
            public int output(byte[] packet) {
                return -1;
            }

            @Override
            public void received(byte[] data, int streamId, int ppid, int msgFlags) {}
        });
        try {
            Usrsctp.Socket socket = Usrsctp.socket(id, 16, 1 << 16, 1200);
            Usrsctp.close(socket);

            assertThat(Usrsctp.sendv(socket, 0, 51, 0, Usrsctp.PR_NONE, 0, new byte[] {1}, 0, 1))
                    .isEqualTo(-Usrsctp.EBADF);
            assertThat(Usrsctp.resetOutgoing(socket, 0)).isEqualTo(-Usrsctp.EBADF);
            assertThatThrownBy(() -> Usrsctp.bind(socket, id, 5000))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
            assertThatThrownBy(() -> Usrsctp.connect(socket, id, 5000))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
            Usrsctp.close(socket);
        } finally {
            UsrsctpStack.detach(id);
        }
    }

    @Test
    void associationsClosedWhileMessagesFlowBothWaysLeaveTheProcessStanding() throws Exception {
        long delivered = 0;
        for (int round = 0; round < ROUNDS; round++) {
            delivered += closeWhileBusy(round);
        }
        // Every round carried traffic before its close; a heap corruption would have ended the JVM.
        assertThat(delivered).isGreaterThanOrEqualTo(ROUNDS * 20L);
    }

    @Test
    void associationsOpenedAndClosedOnSeveralThreadsAtOnceLeaveTheProcessStanding() throws Exception {
        // Setting associations up while the timer thread tears closed ones down is what
        // corrupted libusrsctp 0.9.5's heap in about one set-up in four hundred.
        List<Thread> workers = new ArrayList<>();
        AtomicLong connected = new AtomicLong();
        List<Throwable> problems = java.util.Collections.synchronizedList(new ArrayList<>());
        for (int w = 0; w < CHURN_THREADS; w++) {
            int worker = w;
            workers.add(Thread.ofPlatform().name("sctp-churn-" + w).start(() -> {
                try {
                    for (int cycle = 0; cycle < CHURN_CYCLES; cycle++) {
                        connectAndClose(worker + "-" + cycle);
                        connected.incrementAndGet();
                    }
                } catch (Throwable t) {
                    problems.add(t);
                }
            }));
        }
        for (Thread t : workers) {
            t.join(Duration.ofMinutes(2).toMillis());
            assertThat(t.isAlive()).as("%s finished", t.getName()).isFalse();
        }
        assertThat(problems).isEmpty();
        assertThat(connected.get()).isEqualTo((long) CHURN_THREADS * CHURN_CYCLES);
    }

    private static void connectAndClose(String name) throws Exception {
        try (Pair pair = Pair.connect(name)) {
            assertThat(pair.serverEvents.connected).succeedsWithin(WAIT);
        }
    }

    /** One pair of associations on a lossy link, senders on both sides, both closed at once mid-flow. */
    private static long closeWhileBusy(int round) throws Exception {
        List<Thread> threads = new ArrayList<>();
        AtomicBoolean stop = new AtomicBoolean();
        try (Pair pair = Pair.connect(String.valueOf(round))) {
            pair.client.openChannel("busy", "", ChannelReliability.reliable());
            DataChannel ours = pair.clientEvents.takeOpened();
            DataChannel theirs = pair.serverEvents.takeOpened();
            // Loss makes the timer thread retransmit while packets are fed in and sent.
            pair.toServer.lose(0.1);
            pair.toClient.lose(0.1);
            AtomicLong attempts = new AtomicLong();
            threads.add(sender("client-sender-" + round, ours, stop, attempts));
            threads.add(sender("server-sender-" + round, theirs, stop, attempts));
            for (int i = 0; i < 200 && pair.serverEvents.messages.size() < 20; i++) {
                Thread.sleep(5);
            }
            assertThat(pair.serverEvents.messages).as("messages before the close, round %d", round)
                    .hasSizeGreaterThanOrEqualTo(20);

            Thread closer = Thread.ofPlatform().name("server-closer-" + round).start(pair.server::close);
            pair.client.close();
            closer.join(WAIT.toMillis());
            assertThat(closer.isAlive()).as("server close returned").isFalse();
            assertThat(pair.client.state()).isEqualTo(SctpAssociation.State.CLOSED);
            assertThat(pair.server.state()).isIn(SctpAssociation.State.CLOSED, SctpAssociation.State.FAILED);
            assertThat(attempts.get()).isPositive();
            return pair.serverEvents.messages.size();
        } finally {
            stop.set(true);
            for (Thread t : threads) {
                t.join(WAIT.toMillis());
            }
        }
    }

    /** Two associations joined by two in-memory pipes, connected; closing closes all four. */
    private record Pair(SctpPipe toServer, SctpPipe toClient, RecordingSctpListener clientEvents,
                        RecordingSctpListener serverEvents, SctpAssociation client, SctpAssociation server)
            implements AutoCloseable {

        static Pair connect(String name) {
            SctpPipe toServer = new SctpPipe("to-server-" + name);
            SctpPipe toClient = new SctpPipe("to-client-" + name);
            RecordingSctpListener clientEvents = new RecordingSctpListener();
            RecordingSctpListener serverEvents = new RecordingSctpListener();
            SctpConfig config = SctpConfig.defaults().withMaxChannels(4);
            Pair pair = new Pair(toServer, toClient, clientEvents, serverEvents,
                    new SctpAssociation(toServer, 5000, 5000, true, config, clientEvents),
                    new SctpAssociation(toClient, 5000, 5000, false, config, serverEvents));
            try {
                pair.client.start();
                pair.server.start();
                toServer.deliverTo(pair.server);
                toClient.deliverTo(pair.client);
                assertThat(clientEvents.connected).succeedsWithin(WAIT);
                return pair;
            } catch (RuntimeException | Error e) {
                pair.close();
                throw e;
            }
        }

        @Override
        public void close() {
            client.close();
            server.close();
            try {
                toServer.close();
                toClient.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Sends until told to stop; refusals once the channel closed are expected. */
    private static Thread sender(String name, DataChannel channel, AtomicBoolean stop, AtomicLong attempts) {
        return Thread.ofPlatform().daemon().name(name).start(() -> {
            byte[] message = new byte[1000];
            for (int i = 0; i < 100_000 && !stop.get(); i++) {
                attempts.incrementAndGet();
                try {
                    if (!channel.send(message)) {
                        Thread.sleep(1);
                    }
                } catch (IllegalStateException closed) {
                    return;
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
    }
}

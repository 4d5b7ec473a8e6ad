package dev.salle.fleet.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * When {@link Transactions#run} runs work again: after a race of two writers or a connection lost
 * during the work, but never after a commit that was cut (it may have been applied), nor after any
 * other failure. A recording connection stands in for the database.
 */
class TransactionsTest {

    private final List<String> calls = new ArrayList<>();
    private String commitFailure;

    private final Connection connection = (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(),
            new Class<?>[] {Connection.class}, (proxy, method, args) -> {
                calls.add(method.getName());
                if (method.getName().equals("commit") && commitFailure != null) {
                    throw new SQLException("cut", commitFailure);
                }
                return null;
            });

    @Test
    void workCutShortByALostConnectionOrARaceIsRunAgainWhole() {
        for (String state : new String[] {"08006", "57P01", "40001", "40P01", "23505"}) {
            calls.clear();
            AtomicInteger runs = new AtomicInteger();
            Transactions.run(connection, "test", () -> {
                if (runs.incrementAndGet() == 1) {
                    throw new SQLException("first try", state);
                }
            });
            assertThat(runs).as(state).hasValue(2);
            assertThat(calls).as(state).containsExactly("setAutoCommit", "rollback", "setAutoCommit",
                    "setAutoCommit", "commit", "setAutoCommit");
        }
    }

    @Test
    void aCommitCutByALostConnectionIsNotRunAgainForItMayHaveBeenApplied() {
        commitFailure = "08006";
        AtomicInteger runs = new AtomicInteger();
        assertThatThrownBy(() -> Transactions.run(connection, "save it", runs::incrementAndGet))
                .isInstanceOf(IllegalStateException.class).hasMessageStartingWith("cannot save it: cut");
        assertThat(runs).hasValue(1);
    }

    @Test
    void anyOtherFailureIsNotRunAgain() {
        AtomicInteger runs = new AtomicInteger();
        assertThatThrownBy(() -> Transactions.run(connection, "save it", () -> {
            runs.incrementAndGet();
            throw new SQLException("syntax", "42601");
        })).isInstanceOf(IllegalStateException.class).hasMessage("cannot save it: syntax");
        assertThat(runs).hasValue(1);
    }
}

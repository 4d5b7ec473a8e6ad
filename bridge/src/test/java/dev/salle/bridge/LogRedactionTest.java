package dev.salle.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The bridge's log configuration keeps access tokens out of the log, in messages and in stack traces. */
class LogRedactionTest {

    @Test
    void tokensInMessagesAndExceptionsAreRedacted() throws Exception {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream original = System.out;
        LoggerContext context = new LoggerContext();
        context.setMDCAdapter(new ch.qos.logback.classic.util.LogbackMDCAdapter());
        try {
            System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
            JoranConfigurator configurator = new JoranConfigurator();
            configurator.setContext(context);
            configurator.doConfigure(getClass().getResource("/logback-bridge.xml"));
            context.getLogger("org.eclipse.jetty.server.HttpChannel").warn(
                    "handling GET /rtc?access_token=eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhIn0.c2ln&protocol=17 failed",
                    new IllegalStateException("Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJiIn0.c2ln"));
        } finally {
            context.stop();
            System.setOut(original);
        }
        assertThat(context.getStatusManager().getCopyOfStatusList())
                .as("logback-bridge.xml configures without errors")
                .noneMatch(status -> status.getLevel() == ch.qos.logback.core.status.Status.ERROR);
        String log = captured.toString(StandardCharsets.UTF_8);
        assertThat(log).contains("access_token=<redacted>&protocol=17").contains("Bearer <redacted>")
                .contains("IllegalStateException").doesNotContain("eyJ");
    }
}

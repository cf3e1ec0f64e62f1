package io.capstan.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.core.ConsoleAppender;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

/** Logging set up in code instead of logback.xml (decision record 107). */
class LogSetupTest {

    @Test
    void logbackFindsItAsAService() {
        assertThat(ServiceLoader.load(Configurator.class).stream().map(ServiceLoader.Provider::type))
                .contains(LogSetup.class);
    }

    @Test
    void infoAndUpToStderrInThePatternTheXmlHadAndTheHttpLibrariesQuieter() {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        LoggerContext context = new LoggerContext();
        try {
            context.setMDCAdapter(new ch.qos.logback.classic.util.LogbackMDCAdapter()); // as the real context gets one
            LogSetup.apply(context);
            ConsoleAppender<?> stderr = (ConsoleAppender<?>) context.getLogger(Logger.ROOT_LOGGER_NAME).getAppender("STDERR");
            assertThat(stderr.getTarget()).isEqualTo("System.err");
            stderr.setOutputStream(captured); // instead of the real stderr, to read what it writes
            context.getLogger("io.capstan.agent.Agent").info("capstan agent listening on {}", "http://127.0.0.1:1");
            context.getLogger("io.capstan.agent.Agent").debug("not shown");
            context.getLogger("org.eclipse.jetty.server.Server").info("not shown either");

            Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
            assertThat(root.getLevel()).isEqualTo(Level.INFO);
            assertThat(root.getAppender("STDERR")).isInstanceOf(ConsoleAppender.class);
            assertThat(context.getLogger("io.javalin").getLevel()).isEqualTo(Level.WARN);
            assertThat(context.getLogger("okhttp3").getLevel()).isEqualTo(Level.WARN);
        } finally {
            context.stop(); // a stopped context resets its levels: asserted above
        }

        assertThat(captured.toString(StandardCharsets.UTF_8))
                .matches("\\d\\d:\\d\\d:\\d\\d\\.\\d{3} INFO  io\\.capstan\\.agent\\.Agent - capstan agent listening on http://127\\.0\\.0\\.1:1\\R");
    }

    @Test
    void theTestsOwnLogbackTestXmlIsStillRead() {
        LoggerContext context = new LoggerContext();

        assertThat(new LogSetup().configure(context)).isEqualTo(Configurator.ExecutionStatus.INVOKE_NEXT_IF_ANY);
        assertThat(context.getLogger(Logger.ROOT_LOGGER_NAME).getAppender("STDERR")).isNull();
    }
}

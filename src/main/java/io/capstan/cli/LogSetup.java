package io.capstan.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ConfiguratorRank;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.spi.ContextAwareBase;
import java.util.Map;

/**
 * Capstan's logging, set up in code (found by logback through {@code META-INF/services}): every line to stderr,
 * {@code HH:mm:ss.SSS LEVEL logger - message}, INFO and up, the HTTP libraries' chatter from WARN. Written in code
 * rather than as {@code logback.xml} because reading an XML configuration loads the JDK's XML parser and logback's
 * Joran, about 500 classes and a few hundred milliseconds of CPU at every start of the console, the agent and the
 * command line (decision record 107). A configuration someone names ({@code -Dlogback.configurationFile}) or a
 * {@code logback-test.xml} on the class path (the tests') is still read as before.
 */
@ConfiguratorRank(ConfiguratorRank.CUSTOM_HIGH_PRIORITY)
public final class LogSetup extends ContextAwareBase implements Configurator {

    static final String PATTERN = "%d{HH:mm:ss.SSS} %-5level %logger{24} - %msg%n";
    /** Libraries that say too much at INFO. */
    static final Map<String, Level> QUIETER = Map.of("org.eclipse.jetty", Level.WARN, "io.javalin", Level.WARN,
            "okhttp3", Level.WARN);

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        if (System.getProperty("logback.configurationFile") != null
                || LogSetup.class.getClassLoader().getResource("logback-test.xml") != null) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        apply(context);
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    /** What a start without a configuration file gets. */
    static void apply(LoggerContext context) {
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern(PATTERN);
        encoder.start();
        ConsoleAppender<ILoggingEvent> stderr = new ConsoleAppender<>();
        stderr.setContext(context);
        stderr.setName("STDERR");
        stderr.setTarget("System.err");
        stderr.setEncoder(encoder);
        stderr.start();
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.INFO);
        root.addAppender(stderr);
        QUIETER.forEach((name, level) -> context.getLogger(name).setLevel(level));
    }
}

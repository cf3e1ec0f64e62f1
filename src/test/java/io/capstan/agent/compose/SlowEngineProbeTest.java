package io.capstan.agent.compose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.capstan.agent.compose.ComposeCli.Engine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Whether a container engine is there (the compose demo is offered on it) when the engine is busy at its start: a
 * {@code docker info} that is only slow is never read as "no engine"; it is asked again with more time, within a
 * bound, and said to be undecided meanwhile. A fake docker CLI (the one edge we cannot otherwise slow down) counts the
 * times it is asked.
 */
class SlowEngineProbeTest {
    @TempDir
    Path tmp;

    private final Logger log = (Logger) LoggerFactory.getLogger(ComposeCli.class);
    private final ListAppender<ILoggingEvent> said = new ListAppender<>();

    @BeforeEach
    void listen() {
        said.start();
        log.addAppender(said);
    }

    @AfterEach
    void stopListening() {
        log.detachAppender(said);
    }

    /**
     * A docker CLI with a compose plugin whose {@code info} writes a line to {@code asked}, then does {@code info}: wait
     * until the file {@code slowness} says {@code fast}, or fail at once as a CLI without an engine does.
     */
    private ComposeCli cli(String info) throws Exception {
        Path docker = tmp.resolve("docker");
        Files.writeString(docker, "#!/bin/sh\n"
                + "case \"$1\" in\n"
                + "  --version) echo 'Docker version 0.0-fake'; exit 0;;\n"
                + "  compose) echo 'Docker Compose version v0.0-fake'; exit 0;;\n"
                + "  info) echo asked >> '" + tmp.resolve("asked") + "'\n"
                + "    " + info + ";;\n"
                + "esac\n"
                + "exit 1\n");
        Files.setPosixFilePermissions(docker, PosixFilePermissions.fromString("rwx------"));
        Files.writeString(tmp.resolve("slowness"), "slow");
        ComposeCli cli = ComposeCli.detect(docker.toString(), List.of(), Map.of(), Duration.ofMinutes(2));
        assertThat(cli.problem()).isNull();
        return cli;
    }

    private String slowUntilFast() {
        return "while [ \"$(cat '" + tmp.resolve("slowness") + "')\" != fast ]; do sleep 0.1; done; echo 20.10.0; exit 0";
    }

    private long asked() throws Exception {
        Path asked = tmp.resolve("asked");
        return Files.exists(asked) ? Files.readAllLines(asked).size() : 0;
    }

    private List<String> warnings() {
        return said.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
    }

    @Test
    void aBusyEngineIsUndecidedAndAskedAgainUntilItAnswers() throws Exception {
        ComposeCli cli = cli(slowUntilFast());
        CompletableFuture<Engine> verdict = CompletableFuture.supplyAsync(() -> cli.awaitEngine(Duration.ofSeconds(1),
                Duration.ofMinutes(5)));

        // The first try ran out of time and the second is asking: no verdict yet, and none of "absent".
        await().atMost(Duration.ofSeconds(60)).until(() -> asked() >= 2);
        assertThat(verdict).isNotDone();
        assertThat(warnings()).first().asString().startsWith("the container engine is undecided: `docker info` did not answer;"
                + " asking again, waiting up to 2 s");

        Files.writeString(tmp.resolve("slowness"), "fast");
        assertThat(verdict.get(2, TimeUnit.MINUTES)).isEqualTo(Engine.ANSWERS);
        assertThat(warnings()).noneMatch(w -> w.contains("taken as not there"));
    }

    @Test
    void anEngineThatAnswersWithAFailureIsAbsentAtOnce() throws Exception {
        ComposeCli cli = cli("echo 'Cannot connect to the Docker daemon at unix:///nowhere.sock.' >&2; exit 1");

        assertThat(cli.awaitEngine(Duration.ofSeconds(30), Duration.ofMinutes(5))).isEqualTo(Engine.ABSENT);
        assertThat(asked()).as("a verdict is not asked again").isEqualTo(1);
        assertThat(cli.engineAnswers()).isFalse();
        assertThat(warnings()).isEmpty();
    }

    @Test
    void anEngineThatNeverAnswersStaysUndecidedUntilTheBoundNeverAbsent() throws Exception {
        ComposeCli cli = cli(slowUntilFast());

        assertThat(cli.awaitEngine(Duration.ofSeconds(1), Duration.ofSeconds(6))).isEqualTo(Engine.UNDECIDED);
        assertThat(asked()).as("asked again within the bound").isGreaterThanOrEqualTo(2);
        assertThat(warnings()).last().asString().isEqualTo("the container engine did not answer `docker info` in 6 s of"
                + " asking: taken as not there");
    }
}

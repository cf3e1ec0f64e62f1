package io.capstan.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.capstan.client.testing.FaultProxy;
import io.capstan.protocol.Action;
import io.capstan.protocol.Job;
import io.capstan.testing.RealAgent;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code capstan logs JOB --follow} started while the agent's port refuses (a real agent behind the fault proxy):
 * it says the agent is not reached yet, never "reconnecting" nor a time it was last heard from, since it never was;
 * when the port opens it goes "live" (not "live again") and prints the job to its end (decision record 159).
 */
class NeverReachedCommandTest {
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path tmp;

    private RealAgent agent;
    private FaultProxy proxy;

    @BeforeEach
    void startAgent() throws Exception {
        agent = RealAgent.in(tmp).deployment("app", """
                services:
                  app:
                    command: ["${java}", "-cp", "${classpath}", "io.capstan.demo.DemoService", "--name", "app"]
                    build:
                      - ["${java}", "-cp", "${classpath}", "io.capstan.demo.DemoBuild", "--steps", "3", "--lines", "2",
                         "--step-millis", "10"]
                """).start();
        proxy = new FaultProxy(agent.port());
    }

    @AfterEach
    void stop() throws Exception {
        proxy.close();
        agent.close();
    }

    @Test
    void followingALogOfAnAgentNotReachedYetSaysSoWithNoTimeThenGoesLive() {
        Job job = agent.client().startDeploymentJob("app", Action.REBUILD);
        await().atMost(WAIT).until(() -> agent.client().job(job.id()).status().isTerminal());
        proxy.refuseNewConnections(true);

        StringWriter out = new StringWriter();
        CommandLine cl = Main.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(out, true));
        String[] args = {"logs", job.id(), "--follow", "--agent", proxy.url(),
                "--token-file", agent.agent().tokenFile().toString()};
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> cl.execute(args));

        await().atMost(WAIT).until(() -> out.toString().contains("not reached yet"));
        assertThat(out.toString()).containsPattern("… not reached yet: [a-z]").doesNotContain("reconnecting", "heard from")
                .doesNotContainPattern("\\d\\d:\\d\\d:\\d\\d");

        proxy.refuseNewConnections(false);
        assertThat(exit.orTimeout(WAIT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS).join())
                .as(out.toString()).isEqualTo(ExitCodes.OK);
        assertThat(out.toString()).contains("… live …").doesNotContain("live again").contains("job " + job.id() + " succeeded");
    }
}

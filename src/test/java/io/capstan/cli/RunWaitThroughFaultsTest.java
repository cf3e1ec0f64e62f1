package io.capstan.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.capstan.client.testing.FaultProxy;
import io.capstan.protocol.Line;
import io.capstan.protocol.LineStream;
import io.capstan.protocol.Messages;
import io.capstan.testing.Demo;
import io.capstan.testing.RealAgent;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code capstan run app rebuild --wait} against a real agent with real processes, through a proxy that cuts the
 * connection at random byte offsets: the terminal shows every line of the job exactly once, in order, and the
 * exit code is the job's result. And {@code capstan logs JOB --follow} started while the proxy refuses: it says the
 * agent is not reached yet, with no time it was last heard from, then "live" (decision record 159).
 */
class RunWaitThroughFaultsTest {
    @TempDir
    Path tmp;

    private static final Duration WAIT = Duration.ofSeconds(60);

    private RealAgent agent;
    private FaultProxy proxy;

    @BeforeEach
    void startAgent() throws Exception {
        agent = RealAgent.in(tmp).deployment("app", Demo.service("app").build("--steps", "20", "--lines", "100", "--step-millis", "20"),
                Demo.service("broken").build("--steps", "5", "--fail-at", "3")).start();
        proxy = agent.proxy();
    }

    @AfterEach
    void stop() {
        agent.close();
    }

    private record Result(int exit, String out) {
    }

    private Result capstan(String... args) {
        StringWriter out = new StringWriter();
        return new Result(capstan(out, args), out.toString());
    }

    /** Runs {@code capstan args...} through the proxy, writing to {@code out} as it goes; returns the exit code. */
    private int capstan(StringWriter out, String... args) {
        CommandLine cl = Main.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(out, true));
        List<String> all = new ArrayList<>(Arrays.asList(args));
        all.addAll(List.of("--agent", proxy.url(), "--token-file", agent.agent().tokenFile().toString()));
        return cl.execute(all.toArray(String[]::new));
    }

    @Test
    void everyLineExactlyOnceAcrossRandomCuts() {
        Random random = new Random(17);
        AtomicInteger cutsLeft = new AtomicInteger(3);
        // The first three stream connections are cut somewhere in their first 40 KB; later ones run free.
        proxy.cutPolicy(() -> cutsLeft.getAndDecrement() > 0 ? 2_000 + random.nextInt(38_000) : -1);

        Result result = capstan("run", "app/app", "rebuild", "--wait");

        assertThat(result.exit()).as(result.out()).isEqualTo(ExitCodes.OK);
        assertThat(proxy.cuts()).isGreaterThanOrEqualTo(1);
        List<String> shown = result.out().lines()
                .filter(l -> !l.startsWith("…") && !l.startsWith("job ")).toList();
        assertThat(shown).containsExactlyElementsOf(storedOutput(lastJobId()));
        assertThat(shown.size()).isGreaterThan(2_000);
    }

    @Test
    void aFailedBuildExitsNonZeroWithItsOutput() {
        Result result = capstan("run", "app/broken", "rebuild", "--wait");

        assertThat(result.exit()).isEqualTo(ExitCodes.JOB_FAILED);
        assertThat(result.out()).contains("Step 3/5").contains("failed");
    }

    @Test
    void busyNamesTheHolderAndExitsThree() {
        String first = capstan("run", "app/app", "rebuild").out().trim();
        Result second = capstan("run", "app", "stop");

        assertThat(second.exit()).isEqualTo(ExitCodes.BUSY);
        assertThat(second.out()).contains(first).contains("capstan logs " + first + " --follow");
    }

    /**
     * The agent was never heard from by this command: "not reached yet", never "reconnecting" nor a time it was last heard
     * from; when the port opens it goes "live" (not "live again") and prints the job to its end.
     */
    @Test
    void followingALogOfAnAgentNotReachedYetSaysSoWithNoTimeThenGoesLive() {
        assertThat(capstan("run", "app/broken", "rebuild", "--wait").exit()).isEqualTo(ExitCodes.JOB_FAILED);
        String id = lastJobId();
        proxy.refuseNewConnections(true);
        StringWriter out = new StringWriter();
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> capstan(out, "logs", id, "--follow"));

        await().atMost(WAIT).until(() -> out.toString().contains("not reached yet"));
        assertThat(out.toString()).containsPattern("… not reached yet: [a-z]").doesNotContain("reconnecting", "heard from")
                .doesNotContainPattern("\\d\\d:\\d\\d:\\d\\d");

        proxy.refuseNewConnections(false);
        assertThat(exit.orTimeout(WAIT.toSeconds(), TimeUnit.SECONDS).join()).as(out.toString()).isEqualTo(ExitCodes.JOB_FAILED);
        assertThat(out.toString()).contains("… live …").doesNotContain("live again").contains("Step 3/5");
    }

    /**
     * Decision record 160: the job's start answered, then its log stream stalls in its first connect until the proxy
     * gives up (504): "not connected yet" with when the agent was last heard from, then "live" and the job to its end;
     * never "not reached yet", "reconnecting" or "live again".
     */
    @Test
    void aJobLogStalledInItsFirstConnectAfterTheStartAnsweredIsNotConnectedYetThenLive() {
        proxy.holdRequests("/log");
        StringWriter out = new StringWriter();
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> capstan(out, "run", "app/broken", "rebuild", "--wait"));
        await().atMost(WAIT).until(() -> proxy.heldRequests() == 1);

        proxy.holdRequests(null);
        proxy.answerHeld(504, "Gateway Timeout");

        assertThat(exit.orTimeout(WAIT.toSeconds(), TimeUnit.SECONDS).join()).as(out.toString()).isEqualTo(ExitCodes.JOB_FAILED);
        assertThat(out.toString()).containsPattern("… not connected yet: HTTP 504; agent last heard from at \\d\\d:\\d\\d:\\d\\d …")
                .contains("… live …").contains("Step 3/5").doesNotContain("not reached", "reconnecting", "live again");
    }

    private String lastJobId() {
        return agent.client().jobs("app", null, 1).get(0).id();
    }

    /** The job's output as the terminal renders it, read straight from the agent (no proxy). */
    private List<String> storedOutput(String jobId) {
        List<String> lines = new ArrayList<>();
        long after = 0;
        while (true) {
            Messages.LogPage page = agent.client().log(jobId, after, 10_000);
            for (Line l : page.lines()) {
                lines.add(l.stream() == LineStream.SYSTEM ? "» " + l.text() : l.text());
            }
            if (page.lines().isEmpty() || page.done()) return lines;
            after = page.next();
        }
    }
}

package io.capstan.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.capstan.client.AgentClient;
import io.capstan.client.logs.ServiceLogStream;
import io.capstan.client.testing.FaultProxy;
import io.capstan.protocol.Action;
import io.capstan.protocol.Job;
import io.capstan.testing.Demo;
import io.capstan.testing.RealAgent;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code capstan logs shop --follow} against a real agent with real processes through the fault proxy: each line
 * behind its service's name, every service's lines exactly once and in order across cuts, {@code --service} to pick.
 */
class DeploymentLogsCommandTest {
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path tmp;

    private RealAgent agent;
    private FaultProxy proxy;
    private AgentClient direct;

    @BeforeEach
    void startAgent() throws Exception {
        agent = RealAgent.in(tmp).deployment("shop", Demo.service("web", "--rate", "30").stopTimeout("3s"),
                Demo.service("worker", "--rate", "12").stopTimeout("3s")).start();
        proxy = agent.proxy();
        direct = agent.client();
        Job start = direct.startDeploymentJob("shop", Action.START);
        await().atMost(WAIT).until(() -> direct.job(start.id()).status().isTerminal());
    }

    @AfterEach
    void stop() {
        agent.close();
    }

    /** A running {@code capstan logs ...}: its output so far, its stop switch, and its exit code when it ends. */
    private record Run(StringWriter out, CompletableFuture<Void> stop, CompletableFuture<Integer> exit) {
        List<String> lines(String service) {
            String prefix = String.format("%-6s | ", service);
            return out.toString().lines().filter(l -> l.startsWith(prefix)).map(l -> l.substring(prefix.length()))
                    .map(l -> l.startsWith("» ") ? l.substring(2) : l).toList(); // the agent's own lines are marked
        }
    }

    private Run capstan(String... args) {
        StringWriter out = new StringWriter();
        CommandLine cl = Main.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(out, true));
        LogsCommand logs = (LogsCommand) cl.getSubcommands().get("logs").getCommand();
        List<String> all = new ArrayList<>(Arrays.asList(args));
        all.addAll(List.of("--agent", proxy.url(), "--token-file", agent.agent().tokenFile().toString()));
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> cl.execute(all.toArray(String[]::new)));
        return new Run(out, logs.stop, exit);
    }

    /** How many times a stream of the run has said it is live again after a cut. */
    private static long backAgain(Run run) {
        return run.out().toString().lines().filter(l -> l.contains(": live again, resuming after line ")).count();
    }

    /** Everything the agent holds of a service's log now, read on a connection of its own. */
    private List<String> stored(String service, int atLeast) {
        List<String> texts = new CopyOnWriteArrayList<>();
        try (ServiceLogStream stream = new ServiceLogStream(direct, "shop", service, 10_000, line -> texts.add(line.text()))) {
            stream.start();
            await().atMost(WAIT).until(() -> texts.size() >= atLeast);
        }
        return List.copyOf(texts);
    }

    @Test
    void followsEveryServiceWithAPrefixExactlyOnceAcrossCutsAndStopsCleanly() {
        Run run = capstan("logs", "shop", "--follow", "--tail", "10000");
        await().atMost(WAIT).until(() -> run.lines("worker").size() >= 5);
        // Each cut is waited out (a stream said it is live again) before lines are counted: lines read before a cut can
        // still be in the merge's window, and under load they alone met the next count, so the run stopped before any
        // stream had reconnected (no "live again" line at load 50).
        long back = backAgain(run);
        proxy.cutAll();
        await().atMost(WAIT).until(() -> backAgain(run) > back && run.lines("worker").size() >= 15);
        long backOnce = backAgain(run);
        proxy.cutAll();
        await().atMost(WAIT).until(() -> backAgain(run) > backOnce && run.lines("worker").size() >= 25
                && run.lines("web").size() >= 60);

        run.stop().complete(null);

        assertThat(run.exit().join()).as(run.out().toString()).isEqualTo(ExitCodes.OK);
        assertThat(proxy.cuts()).isGreaterThanOrEqualTo(2);
        assertThat(run.out().toString()).as("the console's words (StreamWords)").contains(": reconnecting: ")
                .contains(": live again, resuming after line ");
        for (String service : List.of("web", "worker")) {
            List<String> shown = run.lines(service);
            List<String> kept = stored(service, shown.size());
            assertThat(shown).as(service + ": every line once, in order").containsExactlyElementsOf(kept.subList(0, shown.size()));
        }
        assertThat(run.out().toString()).as("no half-written line at the end").endsWith("\n");
    }

    /**
     * Decision record 160: the deployment's fetch answered (the agent was reached), then web's stream stalls in its first
     * connect (the proxy accepts it and never answers) until the proxy gives up (504). It says web's stream is "not
     * connected yet", with when the agent was last heard from, then "live": never "not reached yet" (the agent was),
     * "reconnecting" or "live again" (this stream never connected before).
     */
    @Test
    void aStreamStalledInItsFirstConnectAfterTheFetchAnsweredIsNotConnectedYetNeverNotReached() {
        proxy.holdRequests("/services/web/logs");
        Run run = capstan("logs", "shop", "--follow", "--service", "web");
        await().atMost(WAIT).until(() -> proxy.heldRequests() == 1);

        proxy.holdRequests(null);
        proxy.answerHeld(504, "Gateway Timeout");
        await().atMost(WAIT).until(() -> run.out().toString().lines().filter(l -> l.startsWith("web | ")).count() >= 3);
        run.stop().complete(null);

        assertThat(run.exit().join()).as(run.out().toString()).isEqualTo(ExitCodes.OK);
        String out = run.out().toString();
        assertThat(out).containsPattern("… web: not connected yet: HTTP 504; agent last heard from at \\d\\d:\\d\\d:\\d\\d …")
                .contains("… web: live …").doesNotContain("not reached", "reconnecting", "live again");
    }

    @Test
    void serviceOptionPicksAndAnUnknownServiceIsAUsageError() {
        Run one = capstan("logs", "shop", "--follow", "--service", "worker");
        await().atMost(WAIT).until(() -> one.lines("worker").size() >= 3);
        one.stop().complete(null);
        assertThat(one.exit().join()).isEqualTo(ExitCodes.OK);
        assertThat(one.out().toString()).doesNotContain("web    | ");

        Run wrong = capstan("logs", "shop", "--service", "db");
        assertThat(wrong.exit().join()).isEqualTo(ExitCodes.USAGE);
        assertThat(wrong.out().toString()).contains("shop has no service db; it has web, worker");
    }
}

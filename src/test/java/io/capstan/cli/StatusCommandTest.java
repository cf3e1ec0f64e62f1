package io.capstan.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.capstan.protocol.Action;
import io.capstan.protocol.JobStatus;
import io.capstan.protocol.Names;
import io.capstan.testing.Demo;
import io.capstan.testing.RealAgent;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code capstan status} and {@code capstan jobs} against a running agent with real processes: columns line up by what
 * a terminal shows whether colour is on or off (escape codes of different lengths for running, stopped and exited
 * used to shift every later column), and a folder whose name breaks the rule is listed with its error.
 */
class StatusCommandTest {
    @TempDir
    static Path tmp;

    private static RealAgent agent;

    /** A demo service that prints a line a second; {@code exitAtOnce}: one that exits as soon as it started. */
    private static Demo service(String name, boolean exitAtOnce) {
        Demo service = exitAtOnce ? Demo.service(name, "--rate", "1", "--exit-after", "0") : Demo.service(name, "--rate", "1");
        return service.stopTimeout("3s");
    }

    @BeforeAll
    static void startAgent() {
        Demo[] shop = {service("web", false), service("api", false), service("crashy", true)};
        agent = RealAgent.in(tmp).deployment("shop", shop).deployment("a-deployment-with-a-long-name", shop)
                .deployment("My App", shop)
                .deployment("retry", service("flaky", true).with("restart: {policy: on-failure, backoff: 10m, maxBackoff: 10m}")).start();
        assertThat(agent.run("shop", "web", Action.START).status()).isEqualTo(JobStatus.SUCCEEDED);
        agent.run("shop", "crashy", Action.START);
        // The start job ends when the process is up; it exits on its own a moment later. Every test reads "exited".
        await().atMost(Duration.ofSeconds(60)).until(() -> agent.service("shop", "crashy").exitCode() != null);
        agent.run("retry", "flaky", Action.START);
        await().atMost(Duration.ofSeconds(60)).until(() -> agent.service("retry", "flaky").restartAt() != null);
    }

    @AfterAll
    static void stopAgent() {
        agent.close();
    }

    private static String capstan(String... args) {
        StringWriter out = new StringWriter();
        CommandLine cl = Main.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(out, true));
        String[] all = new String[args.length + 4];
        System.arraycopy(args, 0, all, 0, args.length);
        System.arraycopy(new String[] {"--agent", agent.baseUrl(), "--token-file", agent.agent().tokenFile().toString()}, 0,
                all, args.length, 4);
        assertThat(cl.execute(all)).as(out.toString()).isEqualTo(ExitCodes.OK);
        return out.toString();
    }

    private static String plain(String coloured) {
        return coloured.replaceAll("\u001b\\[[0-9;]*m", "");
    }

    /** Where each line's {@code column}-th field starts on screen (fields split by runs of spaces). */
    private static List<Integer> starts(List<String> lines, int column) {
        return lines.stream().map(l -> {
            String[] fields = l.strip().split(" +");
            int at = l.indexOf(' ' + fields[column] + ' ') + 1;
            return at > 0 ? at : l.indexOf(' ' + fields[column]) + 1;
        }).toList();
    }

    @Test
    void colouredColumnsLineUpAsPlainOnes() {
        String coloured = capstan("status", "--color=always");
        String uncoloured = capstan("status", "--color=never");

        assertThat(coloured).as("coloured at all").contains("\u001b[");
        assertThat(uncoloured).doesNotContain("\u001b");
        assertThat(plain(coloured)).as("colour adds no width").isEqualTo(uncoloured);
        List<String> services = uncoloured.lines().filter(l -> l.contains(" pid ") || l.matches("  \\S+ +(stopped|exited).*"))
                .toList();
        assertThat(services).hasSizeGreaterThanOrEqualTo(6);
        assertThat(uncoloured).contains("running", "stopped", "exited");
        // The column after the status starts at one place on every line that has one.
        List<String> withExit = services.stream().filter(l -> l.contains("exit ")).toList();
        assertThat(withExit.stream().map(l -> l.indexOf("exit ")).distinct()).as(uncoloured).hasSize(1);
        List<String> deploymentLines = uncoloured.lines().filter(l -> !l.startsWith(" ")).toList();
        assertThat(deploymentLines.stream().map(l -> l.indexOf(" process ")).distinct())
                .as("backend column, long name included: " + uncoloured).hasSize(1);
    }

    @Test
    void jobsLineUpWithColourToo() {
        String coloured = capstan("jobs", "--color=always");
        assertThat(coloured).contains("\u001b[");
        assertThat(plain(coloured)).isEqualTo(capstan("jobs", "--color=never"));
        List<String> lines = plain(coloured).lines().toList();
        assertThat(starts(lines, 4).stream().distinct()).as("the column after the status: " + coloured).hasSize(1);
    }

    @Test
    void aServiceWaitingForItsRestartPolicySaysWhenItComesBack() {
        String out = capstan("status", "--color=never");
        String due = java.time.format.DateTimeFormatter.ofPattern("HH:mm:ss")
                .format(agent.service("retry", "flaky").restartAt().atZone(java.time.ZoneId.systemDefault()));
        assertThat(out).containsPattern("(?m)^retry +process +restarting$")
                .containsPattern("(?m)^  flaky +restarting at " + due + " +exit 1 *$");
    }

    @Test
    void aFolderNamedAgainstTheRuleIsListedWithItsError() {
        String out = capstan("status", "--color=never");
        assertThat(out).containsPattern("(?m)^My App +process +unknown$")
                .contains("  error: the folder 'My App' is not a valid deployment name: " + Names.RULE);
    }

    @Test
    void colourIsForATerminalWithoutNoColourOrAsAsked() {
        assertThat(Terminal.When.auto.wanted(true, Map.of())).isTrue();
        assertThat(Terminal.When.auto.wanted(false, Map.of())).as("piped").isFalse();
        assertThat(Terminal.When.auto.wanted(true, Map.of("NO_COLOR", "1"))).isFalse();
        assertThat(Terminal.When.auto.wanted(true, Map.of("TERM", "dumb"))).isFalse();
        assertThat(Terminal.When.always.wanted(false, Map.of("NO_COLOR", "1"))).isTrue();
        assertThat(Terminal.When.never.wanted(true, Map.of())).isFalse();
    }
}

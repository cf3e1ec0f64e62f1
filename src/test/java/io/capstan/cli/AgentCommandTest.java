package io.capstan.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The launcher refuses unclear or unsafe start-ups with a usage error (exit 2) that says why. */
class AgentCommandTest {
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cl = Main.commandLine();
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }

    @Test
    void refusesToGuessWhichDeploymentsToServe() {
        assertThat(run("agent")).isEqualTo(2);
        assertThat(err.toString()).contains("--root DIR, or --demo");
    }

    @Test
    void refusesAMissingRoot(@TempDir Path tmp) {
        assertThat(run("agent", "--root", tmp.resolve("nope").toString())).isEqualTo(2);
        assertThat(err.toString()).contains("is not a folder");
    }

    @Test
    void refusesANonLoopbackBindWithoutTheOptOut(@TempDir Path tmp) {
        assertThat(run("agent", "--root", tmp.toString(), "--state-dir", tmp.resolve("state").toString(),
                "--bind", "0.0.0.0", "--port", "0")).isEqualTo(2);
        assertThat(err.toString()).contains("without TLS");
    }

    @Test
    void versionIsEverywhere() {
        StringWriter out = new StringWriter();
        CommandLine cl = Main.commandLine();
        cl.setOut(new PrintWriter(out, true));
        assertThat(cl.execute("agent", "--version")).isZero();
        assertThat(out.toString()).startsWith("capstan ");
    }

    @Test
    void theAgentLauncherRunsTheAgentSubcommandWithTheUsersArguments() {
        // jpackage replaces a launcher's default arguments when any are given, so the prefix lives in AgentMain.
        assertThat(AgentMain.withAgent(new String[] {"--demo", "--port", "0"}))
                .containsExactly("agent", "--demo", "--port", "0");
        assertThat(AgentMain.withAgent(new String[0])).containsExactly("agent");
    }
}

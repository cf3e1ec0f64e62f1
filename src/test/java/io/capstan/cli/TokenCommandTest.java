package io.capstan.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.capstan.testing.Demo;
import io.capstan.testing.RealAgent;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code capstan agent token add|list|revoke} on a running agent's state folder, and what the other commands then see. */
class TokenCommandTest {
    @TempDir
    Path tmp;
    private RealAgent agent;
    private Path state;

    @BeforeEach
    void startAgent() throws Exception {
        // A build long enough to be followed while a token is revoked (about 30 s; the test ends it sooner).
        agent = RealAgent.in(tmp).deployment("app", Demo.service("app").build("--steps", "100", "--step-millis", "300")).quick()
                .config(b -> b.pingInterval(Duration.ofMillis(200))).start();
        state = agent.state;
    }

    @AfterEach
    void stop() {
        agent.close();
    }

    private record Result(int exit, String out, String err) {
    }

    private Result capstan(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = Main.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return new Result(cl.execute(args), out.toString(), err.toString());
    }

    private Result withToken(Path tokenFile, String... args) {
        List<String> all = new ArrayList<>(Arrays.asList(args));
        all.addAll(List.of("--agent", agent.baseUrl(), "--token-file", tokenFile.toString()));
        return capstan(all.toArray(String[]::new));
    }

    private Path addToken(String name) throws Exception {
        Result added = capstan("agent", "token", "add", name, "--state-dir", state.toString());
        assertThat(added.exit()).isZero();
        String token = added.out().strip();
        assertThat(token).hasSize(43).doesNotContain("\n");
        assertThat(added.err()).contains("shown only now");
        Path file = tmp.resolve(name + ".token");
        Files.writeString(file, token);
        return file;
    }

    @Test
    void addListRevokeAndTheJobsListSaysWhoStartedEachJob() throws Exception {
        Path ci = addToken("ci");
        String token = Files.readString(ci);

        Result run = withToken(ci, "run", "app", "stop", "--wait");
        assertThat(run.exit()).as(run.out() + run.err()).isZero();
        Result jobs = withToken(agent.agent().tokenFile(), "jobs");
        assertThat(jobs.exit()).isZero();
        assertThat(jobs.out().lines().filter(l -> l.contains(" stop ")).findFirst()).get().asString().contains(" ci ");

        Result list = capstan("agent", "token", "list", "--state-dir", state.toString());
        assertThat(list.exit()).isZero();
        assertThat(list.out()).contains("NAME", "LAST USED").doesNotContain(token).doesNotContain(agent.token());
        assertThat(list.out().lines().filter(l -> l.startsWith("owner ")).findFirst()).get().asString().endsWith("valid");
        String ciRow = list.out().lines().filter(l -> l.startsWith("ci ")).findFirst().orElseThrow();
        assertThat(ciRow).endsWith("valid").doesNotContain("never");

        assertThat(capstan("agent", "token", "revoke", "ci", "--state-dir", state.toString()).exit()).isZero();
        Result refused = withToken(ci, "status");
        assertThat(refused.exit()).isEqualTo(ExitCodes.AGENT_ERROR);
        assertThat(refused.err()).contains("unauthorized", "revoked");
        assertThat(capstan("agent", "token", "list", "--state-dir", state.toString()).out().lines()
                .filter(l -> l.startsWith("ci ")).findFirst()).get().asString().contains("revoked 20");
        assertThat(withToken(agent.agent().tokenFile(), "status").exit()).isZero();
    }

    @Test
    void aFollowedLogEndsWithTheReasonWhenItsTokenIsRevoked() throws Exception {
        Path ci = addToken("ci");
        Result started = withToken(ci, "run", "app/app", "rebuild");
        assertThat(started.exit()).as(started.err()).isZero();
        String job = started.out().lines().filter(l -> l.startsWith("j-")).findFirst()
                .orElseGet(() -> started.out().replaceAll("(?s).*(j-[0-9A-Z]{26}).*", "$1")).strip();
        assertThat(job).startsWith("j-");
        CompletableFuture<Result> follow = CompletableFuture.supplyAsync(() -> withToken(ci, "logs", job, "--follow"));
        await().atMost(Duration.ofSeconds(20)).until(() -> agent.agent().openStreams() >= 1);
        assertThat(capstan("agent", "token", "revoke", "ci", "--state-dir", state.toString()).exit()).isZero();
        Result ended = follow.get(20, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(ended.exit()).isEqualTo(ExitCodes.AGENT_ERROR);
        // The console's words for it (StreamWords), not a wording of the command line's own.
        assertThat(ended.err() + ended.out()).contains("authentication failed: the token \"ci\" was revoked");
        assertThat(withToken(agent.agent().tokenFile(), "run", "app/app", "stop").exit()).isIn(ExitCodes.OK, ExitCodes.BUSY);
    }

    @Test
    void theOwnerTokenIsRotatedNotRevokedAndTheLocalTokenFileFollows() throws Exception {
        String before = agent.token();
        Result revoke = capstan("agent", "token", "revoke", "owner", "--state-dir", state.toString());
        assertThat(revoke.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(revoke.err()).contains("rotate it instead", "capstan agent token rotate owner");
        assertThat(withToken(agent.agent().tokenFile(), "status").exit()).as("nothing changed").isZero();

        Result rotate = capstan("agent", "token", "rotate", "owner", "--state-dir", state.toString());
        assertThat(rotate.exit()).as(rotate.err()).isZero();
        String fresh = rotate.out().strip();
        assertThat(fresh).hasSize(43).isNotEqualTo(before);
        assertThat(rotate.err()).contains("rotated", agent.agent().tokenFile().toString());
        assertThat(Files.readString(agent.agent().tokenFile()).strip()).isEqualTo(fresh);
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(agent.agent().tokenFile())))
                .isEqualTo("rw-------");
        try (java.util.stream.Stream<Path> left = Files.list(state)) {
            assertThat(left.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".next") || n.endsWith(".tmp"));
        }
        // The default token file is what the command line and the console read: it works at once; the old token not.
        assertThat(withToken(agent.agent().tokenFile(), "status").exit()).isZero();
        Path old = Files.writeString(tmp.resolve("old.token"), before);
        assertThat(withToken(old, "status").exit()).isEqualTo(ExitCodes.AGENT_ERROR);
        assertThat(capstan("agent", "token", "list", "--state-dir", state.toString()).out().lines()
                .filter(l -> l.startsWith("owner ")).findFirst()).get().asString().endsWith("valid");

        Path ci = addToken("ci");
        assertThat(capstan("agent", "token", "revoke", "ci", "--state-dir", state.toString()).exit()).isZero();
        Result revoked = capstan("agent", "token", "rotate", "ci", "--state-dir", state.toString());
        assertThat(revoked.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(revoked.err()).contains("was revoked", "token add ci");
        assertThat(capstan("agent", "token", "rotate", "nobody", "--state-dir", state.toString()).err())
                .contains("no valid token named \"nobody\"");
        assertThat(ci).exists();
    }

    @Test
    void namesAreCheckedAndAFolderThatIsNotAnAgentsIsRefused() {
        Result bad = capstan("agent", "token", "add", "Not/Valid", "--state-dir", state.toString());
        assertThat(bad.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(bad.err()).contains("invalid token name");
        assertThat(capstan("agent", "token", "add", "agent", "--state-dir", state.toString()).err()).contains("reserved");
        Result none = capstan("agent", "token", "list", "--state-dir", tmp.resolve("nothing").toString());
        assertThat(none.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(none.err()).contains("no agent state folder");
        assertThat(capstan("agent", "token", "revoke", "nobody", "--state-dir", state.toString()).err()).contains("no token named");
        assertThat(capstan("agent", "token").exit()).isEqualTo(ExitCodes.USAGE);
    }
}

package io.capstan.client.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.capstan.client.AgentClient;
import io.capstan.client.AgentEndpoint;
import io.capstan.client.FailureReasons;
import io.capstan.client.SshRoute;
import io.capstan.client.logs.JobLogStream;
import io.capstan.client.testing.SshServer;
import io.capstan.protocol.Action;
import io.capstan.protocol.Job;
import io.capstan.protocol.JobStatus;
import io.capstan.protocol.Line;
import io.capstan.protocol.Messages;
import io.capstan.testing.Demo;
import io.capstan.testing.RealAgent;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The SSH connection type against a real OpenSSH server on loopback and a real agent behind it: the system's
 * {@code ssh} opens the tunnel, a job's log streams through it, the tunnel is cut (its {@code ssh} killed) and comes
 * back on the same local port by itself, and the log resumes with every line exactly once. A tunnel whose server is
 * gone says so in {@code ssh}'s words, while an agent that is down behind a working tunnel leaves the tunnel open.
 */
class SshTunnelTest {
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path tmp;

    private SshServer sshd;
    private RealAgent agent;
    private SshTunnel tunnel;
    private final List<SshTunnel.State> states = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws Exception {
        sshd = SshServer.start(tmp.resolve("sshd"));
        agent = RealAgent.in(tmp).deployment("app", Demo.service("web").stopTimeout("3s")
                .build("--steps", "40", "--lines", "50", "--step-millis", "100")).start();
        tunnel = new SshTunnel("remote", new SshRoute(sshd.destination(), sshd.port()), agent.baseUrl(), sshd.sshCommand(),
                states::add);
        tunnel.start();
        await().atMost(WAIT).until(() -> tunnel.state() instanceof SshTunnel.State.Open);
    }

    @AfterEach
    void stop() {
        if (tunnel != null) tunnel.close();
        if (agent != null) agent.close();
        if (sshd != null) sshd.close();
    }

    @Test
    void aJobLogResumesExactlyOnceAfterTheTunnelIsCutAndReopened() throws Exception {
        AgentEndpoint remote = new AgentEndpoint("remote", agent.baseUrl(), agent.token(), null, false,
                new SshRoute(sshd.destination(), sshd.port()));
        try (AgentClient client = new AgentClient(remote.at(tunnel.localUrl()))) {
            assertThat(client.info().agent().id()).isNotBlank();
            Job job = client.startServiceJob("app", "web", Action.REBUILD);
            List<Line> seen = new CopyOnWriteArrayList<>();
            CompletableFuture<Job> ended = new CompletableFuture<>();
            try (JobLogStream stream = new JobLogStream(client, job.id(), new JobLogStream.Listener() {
                @Override
                public void onLine(Line line) {
                    seen.add(line);
                }

                @Override
                public void onEnd(Job j) {
                    ended.complete(j);
                }
            })) {
                stream.start();
                await().atMost(WAIT).until(() -> seen.size() >= 200);
                long pid = tunnel.pid();
                int localPort = ((SshTunnel.State.Open) tunnel.state()).localPort();
                ProcessHandle.of(pid).orElseThrow().destroyForcibly(); // the cut
                await().atMost(WAIT).until(() -> states.stream().anyMatch(s -> s instanceof SshTunnel.State.Down));
                await().atMost(WAIT).until(() -> tunnel.state() instanceof SshTunnel.State.Open o && o.localPort() == localPort
                        && tunnel.pid() != pid);
                stream.reconnectNow();
                assertThat(ended.get(WAIT.toSeconds(), TimeUnit.SECONDS).status()).isEqualTo(JobStatus.SUCCEEDED);
            }
            List<Line> stored = new ArrayList<>();
            long after = 0;
            while (true) {
                Messages.LogPage page = client.log(job.id(), after, 10_000);
                stored.addAll(page.lines());
                if (page.lines().isEmpty() || page.done()) break;
                after = page.next();
            }
            assertThat(seen).extracting(Line::seq).doesNotHaveDuplicates().isSorted();
            assertThat(seen).extracting(Line::text).containsExactlyElementsOf(stored.stream().map(Line::text).toList());
            assertThat(seen.size()).isGreaterThan(2000);
        }
    }

    @Test
    void sshDownIsToldApartFromAgentDown() throws Exception {
        try (AgentClient client = new AgentClient(new AgentEndpoint("remote", tunnel.localUrl(), agent.token()))) {
            assertThat(client.health().status()).isEqualTo("ok");
            agent.close(); // the agent goes; SSH stays
            agent = null;
            assertThat(org.assertj.core.api.Assertions.catchThrowable(client::health)).isNotNull();
            assertThat(tunnel.state()).isInstanceOf(SshTunnel.State.Open.class);
            sshd.stop(); // now SSH goes too
            await().atMost(WAIT).until(() -> tunnel.state() instanceof SshTunnel.State.Down);
            // Reopening fails while the server is gone, in ssh's words.
            await().atMost(WAIT).until(() -> tunnel.state() instanceof SshTunnel.State.Down d
                    && d.reason().toLowerCase(java.util.Locale.ROOT).contains("refused"));
            assertThat(FailureReasons.describe(org.assertj.core.api.Assertions.catchThrowable(client::health))).isNotBlank();
        }
    }

    @Test
    void theCommandIsAnArgumentVectorAndTheDestinationCannotBeAnOption() {
        assertThat(tunnel.command()).containsSubsequence("-N", "BatchMode=yes", "ExitOnForwardFailure=yes", "--", sshd.destination());
        assertThat(tunnel.command().get(tunnel.command().size() - 2)).isEqualTo("--");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new SshRoute("-oProxyCommand=touch /tmp/x", 22))
                .isInstanceOf(IllegalArgumentException.class);
    }
}

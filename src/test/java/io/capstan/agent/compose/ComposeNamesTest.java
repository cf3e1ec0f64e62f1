package io.capstan.agent.compose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.capstan.protocol.Action;
import io.capstan.protocol.Deployment;
import io.capstan.protocol.DeploymentStatus;
import io.capstan.protocol.Job;
import io.capstan.protocol.JobStatus;
import io.capstan.protocol.Service;
import io.capstan.testing.RealAgent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Names that come from outside the agent's own files (decision record 131). Compose accepts service names Capstan's
 * name rule does not ({@code Web}, 64 characters): such a project is refused at load, listed with the reason and no
 * services, never half-served (before, opening it threw IllegalArgumentException from the service log's key, and
 * the deployment's error was the exception's class). Names both accept ({@code api.v2}, {@code my_worker}) are
 * served like any other. A container the engine reports under the project with a service label no file declares
 * (an odd one, {@code Odd Name}) is ignored: the deployment and its event stream go on.
 */
@RequiresDockerEngine
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ComposeNamesTest {
    private static final Duration SOON = Duration.ofSeconds(60);
    private ComposeAgent agent;

    @BeforeAll
    void startAgent(@TempDir Path tmp) throws Exception {
        agent = new ComposeAgent(tmp);
    }

    @AfterAll
    void stopAgent() {
        if (agent != null) agent.close();
    }

    private Path write(String name, String compose) throws Exception {
        Path dir = Files.createDirectories(agent.root.resolve(name));
        Files.writeString(dir.resolve("compose.yaml"), compose);
        return dir;
    }

    private static String service(String name) {
        return "  " + name + ":\n    image: " + TestEngine.BASE_IMAGE + "\n    network_mode: none\n    stop_grace_period: 2s\n"
                + "    command: [\"/bin/sh\", \"-c\",\n"
                + "      \"trap 'exit 0' TERM; echo " + name + " up; while true; do sleep 1 & wait $$!; done\"]\n";
    }

    @Test
    void anUppercaseServiceNameIsRefusedAtLoadWithTheRuleAndTheOtherDeploymentsGoOn() throws Exception {
        String name = RealAgent.uniqueName("upper");
        write(name, "services:\n" + service("web") + service("Web2"));
        await().atMost(SOON).until(() -> agent.find(name) != null && agent.find(name).error() != null);
        Deployment d = agent.find(name);
        assertThat(d.status()).isEqualTo(DeploymentStatus.UNKNOWN);
        assertThat(d.services()).isEmpty();
        assertThat(d.error()).contains("invalid service name 'Web2'").contains("lower-case letters").contains("rename the service");
        // Nothing of it is served: an action is refused with the same reason, the agent answers everything else.
        Job end = agent.run(name, null, Action.START);
        assertThat(end.status()).isEqualTo(JobStatus.FAILED);
        assertThat(end.error()).contains("invalid service name 'Web2'");
        assertThat(agent.client.deployments().deployments()).isNotEmpty();
    }

    @Test
    void aServiceNameLongerThanTheRuleAllowsIsRefusedAtLoad() throws Exception {
        String name = RealAgent.uniqueName("long");
        String longName = "s".repeat(64);
        write(name, "services:\n" + service(longName));
        await().atMost(SOON).until(() -> agent.find(name) != null && agent.find(name).error() != null);
        assertThat(agent.find(name).error()).contains("invalid service name '" + longName + "'");
    }

    @Test
    void namesBothAcceptAreServedAndTheirLogsStreamAndAnUnknownLabelFromTheEngineIsIgnored() throws Exception {
        String name = RealAgent.uniqueName("dotted");
        write(name, "services:\n" + service("api.v2") + service("my_worker"));
        agent.track(name);
        await().atMost(SOON).until(() -> agent.find(name) != null && agent.find(name).services().size() == 2);
        Job started = agent.run(name, "api.v2", Action.START);
        assertThat(started.status()).as(String.join("\n", agent.output(started.id()))).isEqualTo(JobStatus.SUCCEEDED);
        await().atMost(SOON).until(() -> agent.service(name, "api.v2").status() == io.capstan.protocol.ServiceStatus.RUNNING);

        // The engine reports a container of the project under a service name no file declares, and one Capstan
        // could not even key: it is not a service of the deployment, and nothing breaks.
        CliCommand.Result odd = TestEngine.docker("run", "-d", "--network", "none", "--label",
                "com.docker.compose.project=" + ProjectName.of(name), "--label", "com.docker.compose.service=Odd Name",
                "--label", "com.docker.compose.oneoff=False", TestEngine.BASE_IMAGE,
                "/bin/sh", "-c", "trap 'exit 0' TERM; sleep 300 & wait");
        assertThat(odd.ok()).as(odd.stderr()).isTrue();
        try {
            List<String> names = agent.deployment(name).services().stream().map(Service::name).toList();
            assertThat(names).containsExactlyInAnyOrder("api.v2", "my_worker");
            Job restarted = agent.run(name, "api.v2", Action.RESTART);
            assertThat(restarted.status()).isEqualTo(JobStatus.SUCCEEDED);
            assertThat(agent.deployment(name).error()).isNull();
        } finally {
            TestEngine.docker("rm", "-f", odd.stdout().strip());
        }
        // The service's own log, named in the URL as the file names it.
        okhttp3.Request logs = new okhttp3.Request.Builder()
                .url(agent.baseUrl() + "/api/v1/deployments/" + name + "/services/api.v2/logs?tail=50")
                .header("Authorization", "Bearer " + agent.token()).header("Accept", "text/event-stream").build();
        try (okhttp3.Response r = new okhttp3.OkHttpClient().newCall(logs).execute()) {
            assertThat(r.code()).isEqualTo(200);
            assertThat(r.body().source().readUtf8Line()).isEqualTo(": ok");
        }
    }
}

package io.capstan.console.agents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.capstan.agent.compose.ComposeBackend;
import io.capstan.client.AgentClient;
import io.capstan.protocol.Deployment;
import io.capstan.protocol.Service;
import io.capstan.protocol.ServiceStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What stands between the console's launch and its first list of deployments (issue 12, decision record 53): the
 * container-engine probe and the demo services' JVMs are both off that path. The docker CLI is the one edge faked here
 * (a script), because the probe's slowness is what is under test and no engine runs on these machines.
 */
class EmbeddedAgentStartTest {
    @TempDir
    Path tmp;

    /**
     * A docker CLI whose {@code compose version} answers only once {@code release} exists, and whose {@code info}
     * (the engine) answers only if {@code engine} exists.
     */
    private Path fakeDocker(Path release, Path engine) throws Exception {
        Path docker = tmp.resolve("docker");
        Files.writeString(docker, "#!/bin/sh\n"
                + "case \"$1\" in\n"
                + "  --version) echo 'Docker version 0.0-fake'; exit 0;;\n"
                + "  compose) if [ \"$2\" = version ]; then\n"
                + "      while [ ! -e '" + release + "' ]; do sleep 0.05; done\n"
                + "      echo 'Docker Compose version v0.0-fake'; exit 0\n"
                + "    fi\n"
                + "    echo 'fake compose: there is no engine behind this CLI' >&2; exit 1;;\n"
                + "  info) if [ -e '" + engine + "' ]; then echo 0.0-fake; exit 0; fi\n"
                + "    echo 'Cannot connect to the Docker daemon' >&2; exit 1;;\n"
                + "esac\n"
                + "echo \"fake docker: $1 is not faked\" >&2; exit 1\n");
        Files.setPosixFilePermissions(docker, PosixFilePermissions.fromString("rwx------"));
        return docker;
    }

    @Test
    void theDeploymentsAreServedBeforeTheEngineProbeAnswersAndTheServicesWaitForTheConsole() throws Exception {
        Path release = tmp.resolve("release-probe");
        ComposeBackend compose = ComposeBackend.detect(fakeDocker(release, tmp.resolve("no-engine")).toString(), List.of(),
                Map.of());
        Path demo = tmp.resolve("demo");
        try (EmbeddedAgent agent = EmbeddedAgent.startDemo(demo, tmp.resolve("state"), compose);
             AgentClient client = new AgentClient(agent.endpoint())) {
            List<Deployment> first = client.deployments().deployments();
            assertThat(first).extracting(Deployment::name).containsExactly("analytics", "shop");
            assertThat(compose.detected()).as("the probe is still held, yet the deployments are served").isNotDone();
            assertThat(first).flatExtracting(Deployment::services).extracting(Service::status)
                    .as("held until the console has shown them").containsOnly(ServiceStatus.STOPPED);
            assertThat(client.jobs(null, null, 10)).as("no autostart job yet").isEmpty();

            agent.startServices();
            await().atMost(Duration.ofSeconds(60)).until(() -> status(client, "shop", "web"), ServiceStatus.RUNNING::equals);
            agent.startServices(); // a second call starts nothing more
            assertThat(client.jobs(null, null, 50)).hasSize(4);

            Files.createFile(release);
            assertThat(agent.composeDemo().get(60, TimeUnit.SECONDS)).as("no engine answers: no compose example").isEmpty();
            assertThat(demo.resolve("relay")).doesNotExist();
            assertThat(client.jobs(null, null, 50)).hasSize(4);
        }
    }

    @Test
    void theComposeExampleJoinsTheServedDeploymentsOnceAnEngineAnswers() throws Exception {
        Path release = Files.createFile(tmp.resolve("release-probe"));
        Path engine = Files.createFile(tmp.resolve("engine"));
        ComposeBackend compose = ComposeBackend.detect(fakeDocker(release, engine).toString(), List.of(), Map.of());
        Path demo = tmp.resolve("demo");
        try (EmbeddedAgent agent = EmbeddedAgent.startDemo(demo, tmp.resolve("state"), compose);
             AgentClient client = new AgentClient(agent.endpoint())) {
            assertThat(agent.composeDemo().get(60, TimeUnit.SECONDS)).contains(demo.resolve("relay").resolve("compose.yaml"));
            // The catalogue notices the new folder like any other; this fake engine cannot read it, so it is listed broken.
            await().atMost(Duration.ofSeconds(30)).until(() -> client.deployments().deployments().stream().map(Deployment::name)
                    .toList(), names -> names.equals(List.of("analytics", "relay", "shop")));
        }
    }

    private static ServiceStatus status(AgentClient client, String deployment, String service) {
        return client.deployment(deployment).deployment().services().stream().filter(s -> s.name().equals(service))
                .map(Service::status).findFirst().orElseThrow();
    }
}

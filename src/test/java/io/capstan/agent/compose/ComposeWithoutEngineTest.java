package io.capstan.agent.compose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.capstan.protocol.Action;
import io.capstan.protocol.Deployment;
import io.capstan.protocol.DeploymentStatus;
import io.capstan.protocol.Job;
import io.capstan.protocol.JobStatus;
import io.capstan.protocol.ServiceStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What an operator sees when Compose or the engine is missing: a clear message at start-up and in the
 * deployment's listing, and actions that fail with it. No engine needed; a real agent.
 */
class ComposeWithoutEngineTest {
    @TempDir
    Path tmp;

    private static void writeProject(Path root, String name) throws Exception {
        Path dir = Files.createDirectories(root.resolve(name));
        Files.writeString(dir.resolve("docker-compose.yml"), "services:\n  web:\n    image: capstan-test/busybox\n");
    }

    private static Deployment awaitListed(ComposeAgent agent, String name) {
        return await().atMost(Duration.ofSeconds(30)).until(() -> agent.find(name), d -> d != null);
    }

    @Test
    void withoutADockerCliTheDeploymentIsListedWithTheReasonAndActionsFailWithIt() throws Exception {
        ComposeCli cli = ComposeCli.detect(tmp.resolve("no-docker").toString(), List.of(tmp.resolve("no-compose").toString()), Map.of());
        assertThat(cli.problem()).contains("the docker CLI does not work").contains("no-docker");
        assertThat(cli.summary()).startsWith("compose: ");
        try (ComposeAgent agent = new ComposeAgent(tmp, new ComposeBackend(cli))) {
            writeProject(agent.root, "shop");
            Deployment d = awaitListed(agent, "shop");
            assertThat(d.backend()).isEqualTo("compose");
            assertThat(d.status()).isEqualTo(DeploymentStatus.UNKNOWN);
            assertThat(d.error()).isEqualTo(cli.problem());

            Job job = agent.run("shop", null, Action.START);
            assertThat(job.status()).isEqualTo(JobStatus.FAILED);
            assertThat(job.error()).isEqualTo(cli.problem());
        }
    }

    @Test
    void withoutAComposeCliTheMessageSaysWhatWasTried() throws Exception {
        // A docker CLI without the compose plugin, and no standalone docker-compose.
        Path docker = tmp.resolve("docker");
        Files.writeString(docker, "#!/bin/sh\nif [ \"$1\" = --version ]; then echo 'Docker version 0.0'; exit 0; fi\n"
                + "echo \"docker: '$1' is not a docker command.\" >&2\nexit 1\n");
        Files.setPosixFilePermissions(docker, PosixFilePermissions.fromString("rwx------"));
        ComposeCli cli = ComposeCli.detect(docker.toString(), List.of(tmp.resolve("docker-compose").toString()), Map.of());
        assertThat(cli.problem()).startsWith("no working Docker Compose CLI (tried `" + docker + " compose version`: "
                + "docker: 'compose' is not a docker command.; `" + tmp.resolve("docker-compose") + " version`: ");
    }

    @Test
    void whenTheEngineDoesNotAnswerTheServicesAreUnknownWithTheEnginesMessage() throws Exception {
        ComposeCli cli = ComposeCli.detect("docker", List.of("docker-compose"),
                Map.of("DOCKER_HOST", "unix://" + tmp.resolve("none.sock")));
        Assumptions.assumeTrue(cli.problem() == null, () -> "needs the docker and compose CLIs: " + cli.problem());
        assertThat(cli.engineAnswers()).isFalse();
        try (ComposeAgent agent = new ComposeAgent(tmp, new ComposeBackend(cli))) {
            writeProject(agent.root, "shop");
            Deployment d = awaitListed(agent, "shop");
            assertThat(d.status()).isEqualTo(DeploymentStatus.UNKNOWN);
            assertThat(d.error()).startsWith("container engine unavailable: ").contains("none.sock");
            assertThat(d.services()).singleElement().satisfies(s -> {
                assertThat(s.name()).isEqualTo("web");
                assertThat(s.status()).isEqualTo(ServiceStatus.UNKNOWN);
            });
            Job job = agent.run("shop", "web", Action.START);
            assertThat(job.status()).isEqualTo(JobStatus.FAILED);
            assertThat(job.error()).isEqualTo(d.error());
            assertThat(agent.output(job.id())).contains(d.error());
        }
    }

    @Test
    void twoDeploymentsThatWouldShareAProjectAreRefused() throws Exception {
        ComposeCli cli = ComposeCli.detect("docker", List.of("docker-compose"),
                Map.of("DOCKER_HOST", "unix://" + tmp.resolve("none.sock")));
        Assumptions.assumeTrue(cli.problem() == null, () -> "needs the docker and compose CLIs: " + cli.problem());
        try (ComposeAgent agent = new ComposeAgent(tmp, new ComposeBackend(cli))) {
            writeProject(agent.root, "api.v2");
            writeProject(agent.root, "apiv2");
            Deployment dotted = awaitListed(agent, "api.v2");
            Deployment plain = awaitListed(agent, "apiv2");
            // Folders are opened in name order: the first keeps the project.
            assertThat(dotted.error()).startsWith("container engine unavailable: ");
            assertThat(plain.error())
                    .isEqualTo("compose project name 'apiv2' is already used by deployment api.v2; rename one of the folders");
        }
    }
}

package io.capstan.agent.compose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.capstan.protocol.Deployment;
import io.capstan.protocol.DeploymentStatus;
import io.capstan.testing.RealAgent;
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
 * The agent's own Compose probe on a loaded host, on a running agent: a {@code docker} whose {@code compose version} is
 * slower than the probe's time (a fake executable, the one edge we cannot otherwise slow down) is never read as "no
 * Compose". The deployment says it is still being checked and what did not answer, the probe retries with more time,
 * other deployments are served meanwhile, and once the CLI answers the deployment is opened again with the verdict.
 */
class SlowComposeProbeTest {
    @TempDir
    Path tmp;

    /** A docker CLI whose {@code compose version} does not answer until the file {@code slowness} says {@code fast}. */
    private Path fakeDocker(Path slowness) throws Exception {
        Path docker = tmp.resolve("docker");
        Files.writeString(docker, "#!/bin/sh\n"
                + "case \"$1\" in\n"
                + "  --version) echo 'Docker version 0.0-fake'; exit 0;;\n"
                + "  compose) if [ \"$2\" = version ]; then\n"
                + "      while [ \"$(cat '" + slowness + "')\" != fast ]; do sleep 0.1; done\n"
                + "      echo 'Docker Compose version v0.0-fake';"
                + " exit 0; fi\n"
                + "    echo 'fake compose: there is no engine behind this CLI' >&2; exit 1;;\n"
                + "esac\n"
                + "echo \"fake docker: $1 is not faked\" >&2; exit 1\n");
        Files.setPosixFilePermissions(docker, PosixFilePermissions.fromString("rwx------"));
        return docker;
    }

    @Test
    void aSlowProbeIsNeverReadAsAbsentAndTheDeploymentIsOpenedOnceItAnswers() throws Exception {
        Path slowness = Files.writeString(tmp.resolve("slowness"), "slow");
        ComposeBackend compose = ComposeBackend.detect(fakeDocker(slowness).toString(), List.of(), Map.of(), Duration.ofSeconds(1));
        Path root = Files.createDirectories(tmp.resolve("deployments"));
        Files.writeString(Files.createDirectories(root.resolve("relay")).resolve("compose.yaml"), "services:\n  web:\n    image: x\n");
        try (RealAgent agent = RealAgent.in(tmp).folders(root, tmp.resolve("state")).backend(() -> compose).start()) {
            Deployment relay = agent.find("relay");
            assertThat(relay.status()).isEqualTo(DeploymentStatus.UNKNOWN);
            // Which attempt is going on depends on the machine's load; each says what did not answer, and in what time.
            assertThat(relay.error()).startsWith("Docker Compose is still being checked on this host: ")
                    .containsPattern("compose version` did not answer within \\d+ s; trying again, waiting up to \\d+ s")
                    .doesNotContain("no working Docker Compose");
            assertThat(compose.summary()).startsWith("compose: Docker Compose is still being checked");

            // Retried with more time, still undecided: said so, never "absent"; the catalogue is not held meanwhile.
            String first = relay.error();
            await().atMost(Duration.ofSeconds(150)).until(() -> agent.find("relay").error(),
                    e -> !e.equals(first) && e.startsWith("Docker Compose is still being checked"));
            Files.writeString(Files.createDirectories(root.resolve("shop")).resolve("capstan.yaml"), "services: {}\n");
            await().atMost(Duration.ofSeconds(30)).until(() -> agent.find("shop") != null);
            assertThat(compose.detected()).isNotDone();

            Files.writeString(slowness, "fast");

            ComposeCli found = compose.detected().get(60, TimeUnit.SECONDS);
            assertThat(found.problem()).isNull();
            assertThat(found.undecided()).isFalse();
            // Opened again with the verdict: now what this fake engine says, not "being checked".
            await().atMost(Duration.ofSeconds(30)).until(() -> agent.find("relay").error(),
                    e -> e == null || !e.contains("being checked"));
        }
    }

    @Test
    void aCliThatAnswersWithAFailureIsAVerdictAtOnce() throws Exception {
        Path docker = tmp.resolve("docker-without-compose");
        Files.writeString(docker, "#!/bin/sh\n[ \"$1\" = --version ] && { echo 'Docker version 0.0-fake'; exit 0; }\n"
                + "echo \"docker: '$1' is not a docker command.\" >&2; exit 1\n");
        Files.setPosixFilePermissions(docker, PosixFilePermissions.fromString("rwx------"));
        ComposeBackend compose = ComposeBackend.detect(docker.toString(), List.of(), Map.of(), Duration.ofSeconds(30));
        ComposeCli verdict = compose.detected().get(60, TimeUnit.SECONDS);
        assertThat(verdict.undecided()).isFalse();
        assertThat(verdict.problem()).startsWith("no working Docker Compose CLI").contains("is not a docker command");
    }
}

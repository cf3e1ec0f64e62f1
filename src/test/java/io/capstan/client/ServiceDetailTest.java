package io.capstan.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.capstan.protocol.Action;
import io.capstan.protocol.Job;
import io.capstan.protocol.Messages;
import io.capstan.protocol.ServiceDetail;
import io.capstan.protocol.ServiceStatus;
import io.capstan.testing.RealAgent;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code GET /deployments/{d}/services/{s}} through the client against a real agent and a real process. */
class ServiceDetailTest {
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path tmp;

    @Test
    void theDetailSaysHowTheServiceRunsWhatItListensOnAndHowItLastEnded() throws Exception {
        try (RealAgent agent = RealAgent.in(tmp).deployment("app", """
                # the app
                services:
                  web:
                    command: ["${java}", "-cp", "${classpath}", "io.capstan.demo.DemoService", "--name", "web",
                              "--health-port", "${port.web}"]
                    env: {DB_PASSWORD: "hunter2", LOG_LEVEL: "debug"}
                    stopTimeout: 3s
                    health: {http: "http://127.0.0.1:${port.web}/health", interval: 200ms, startPeriod: 30s}
                    restart: on-failure
                """).start()) {
            AgentClient client = agent.client();
            Path app = agent.root.resolve("app");
            await().atMost(WAIT).until(() -> client.deployments().deployments().size() == 1);
            Job job = client.startServiceJob("app", "web", Action.START);
            await().atMost(WAIT).until(() -> client.job(job.id()).status().isTerminal());
            assertThat(client.job(job.id()).status()).isEqualTo(io.capstan.protocol.JobStatus.SUCCEEDED);

            Messages.ServiceEnvelope answer = client.service("app", "web");
            ServiceDetail d = answer.detail();
            assertThat(answer.service().status()).isEqualTo(ServiceStatus.RUNNING);
            assertThat(d.command()).contains("io.capstan.demo.DemoService", "--health-port");
            String port = d.command().get(d.command().size() - 1);
            assertThat(d.workdir()).isEqualTo(app.toAbsolutePath().normalize().toString());
            assertThat(d.env()).containsExactly(new ServiceDetail.EnvVar("DB_PASSWORD", "hunter2", true),
                    new ServiceDetail.EnvVar("LOG_LEVEL", "debug", false));
            assertThat(d.ports()).as("the health endpoint's port, found in /proc").contains(Integer.parseInt(port));
            assertThat(d.definitionFile()).isEqualTo(app.resolve("capstan.yaml").toString());
            assertThat(d.definitionLine()).isEqualTo(3);
            assertThat(d.pid()).isEqualTo(answer.service().pid());
            assertThat(d.startedAt()).isNotNull();
            assertThat(d.healthCheck()).isEqualTo("GET http://127.0.0.1:" + port + "/health");
            assertThat(d.lastHealthCheck()).isEqualTo("HTTP 200: ok");
            assertThat(d.restartPolicy()).startsWith("on-failure (backoff 1s up to 30s");

            Job stop = client.startServiceJob("app", "web", Action.STOP);
            await().atMost(WAIT).until(() -> client.job(stop.id()).status().isTerminal());
            ServiceDetail after = client.service("app", "web").detail();
            assertThat(after.lastExitCode()).isEqualTo(143);
            assertThat(after.lastExit()).isEqualTo("exited 143 (SIGTERM)");
            assertThat(after.pid()).isNull();
            assertThat(after.ports()).isEmpty();

            assertThatThrownBy(() -> client.service("app", "nope")).isInstanceOf(NotFoundException.class);
        }
    }
}

package io.capstan.console.format;

import static org.assertj.core.api.Assertions.assertThat;

import io.capstan.protocol.ClusterNode;
import io.capstan.protocol.Replicas;
import io.capstan.protocol.Service;
import io.capstan.protocol.ServiceStatus;
import io.capstan.protocol.ServiceTask;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class SwarmTextTest {
    private static final Instant T = Instant.parse("2026-12-01T10:15:30.123Z");

    @Test
    void replicasAndTasksOfASwarmService() {
        Service web = new Service("web", ServiceStatus.STARTING, T, null, null, null, null, null, new Replicas(3, 2),
                List.of(new ServiceTask("a", 1, "node-a", "running", "running", null, null, T),
                        new ServiceTask("b", 2, "node-b", "failed", "shutdown", "task: non-zero exit (3)", 3, T)));
        assertThat(SwarmText.replicas(web)).isEqualTo("2/3");
        assertThat(SwarmText.tasks(web)).isEqualTo("1 running on node-a, 2 failed on node-b: task: non-zero exit (3)");
    }

    @Test
    void otherBackendsShowNothingOfIt() {
        Service web = new Service("web", ServiceStatus.RUNNING, T, 42L, null, null, null, null);
        assertThat(SwarmText.replicas(web)).isNull();
        assertThat(SwarmText.tasks(web)).isEmpty();
        assertThat(SwarmText.nodes(null)).isNull();
    }

    @Test
    void nodesSayStateDrainAndTasks() {
        assertThat(SwarmText.nodes(List.of(new ClusterNode("1", "node-a", "manager", "ready", "active", 3),
                new ClusterNode("2", "node-b", "worker", "down", "drain", 1))))
                .isEqualTo("Nodes: node-a ready · 3 tasks, node-b down, drain · 1 task");
    }
}

package io.capstan.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The swarm additions to the wire records: written as docs/protocol.md says, read back, and absent for other backends. */
class OrchestratedFieldsTest {
    private static final Instant T = Instant.parse("2026-12-01T10:15:30.123Z");

    @Test
    void replicasTasksAndNodesRoundTrip() throws Exception {
        Service web = new Service("web", ServiceStatus.RUNNING, T, null, null, null, null, null, new Replicas(3, 2),
                List.of(new ServiceTask("abc123def456", 1, "node-a", "running", "running", null, null, T),
                        new ServiceTask("0123456789ab", 2, "node-b", "failed", "shutdown", "task: non-zero exit (3)", 3, T)));
        Deployment d = new Deployment("shop", "swarm", DeploymentStatus.PARTIAL, List.of(web), null, T, null,
                List.of(new ClusterNode("n1", "node-a", "manager", "ready", "active", 1),
                        new ClusterNode("n2", "node-b", "worker", "down", "drain", 0)));
        String json = ProtocolJson.mapper().writeValueAsString(d);
        JsonNode tree = ProtocolJson.mapper().readTree(json);
        assertThat(tree.at("/services/0/replicas/desired").asInt()).isEqualTo(3);
        assertThat(tree.at("/services/0/replicas/running").asInt()).isEqualTo(2);
        assertThat(tree.at("/services/0/tasks/1/error").asText()).isEqualTo("task: non-zero exit (3)");
        assertThat(tree.at("/services/0/tasks/1/node").asText()).isEqualTo("node-b");
        assertThat(tree.at("/nodes/1/availability").asText()).isEqualTo("drain");
        assertThat(ProtocolJson.mapper().readValue(json, Deployment.class)).isEqualTo(d);
    }

    @Test
    void aDeploymentWithoutThemReadsNull() throws Exception {
        String older = "{\"name\":\"shop\",\"backend\":\"process\",\"status\":\"running\",\"services\":[{\"name\":\"web\","
                + "\"status\":\"running\",\"since\":\"2026-12-01T10:15:30.123Z\",\"pid\":42}],\"updatedAt\":\"2026-12-01T10:15:30.123Z\"}";
        Deployment d = ProtocolJson.mapper().readValue(older, Deployment.class);
        assertThat(d.nodes()).isNull();
        assertThat(d.services().get(0).replicas()).isNull();
        assertThat(d.services().get(0).tasks()).isNull();
        assertThat(d.services().get(0).withActiveJob("j-1").pid()).isEqualTo(42L);
    }
}

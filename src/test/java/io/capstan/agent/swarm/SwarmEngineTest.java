package io.capstan.agent.swarm;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** How the agent reads the other nodes' engines from CAPSTAN_SWARM_NODE_ENGINES (no engine needed). */
class SwarmEngineTest {
    @Test
    void nodeEnginesAreACommaSeparatedListOfDockerHosts() {
        assertThat(SwarmEngine.nodeEngines(null)).isEmpty();
        assertThat(SwarmEngine.nodeEngines("  ")).isEmpty();
        assertThat(SwarmEngine.nodeEngines(" ssh://deploy@node-b, tcp://node-c:2376,,unix:///run/b.sock "))
                .containsExactly("ssh://deploy@node-b", "tcp://node-c:2376", "unix:///run/b.sock");
    }
}

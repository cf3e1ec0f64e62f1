package io.capstan.agent.swarm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.capstan.agent.backend.DeploymentConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A stack file's service names are checked against the name rule when the deployment is opened, as compose and
 * capstan.yaml names are (decision record 131): the reason says which name and what the rule is. No swarm needed.
 */
class StackFileNamesTest {
    private static Path stack(Path dir, String service) throws Exception {
        Files.writeString(dir.resolve("docker-stack.yml"), "services:\n  \"" + service + "\":\n    image: busybox\n");
        return dir;
    }

    @Test
    void oddServiceNamesAreRefusedWithTheRule(@TempDir Path tmp) throws Exception {
        for (String odd : new String[] {"Web", "-web", "web server", "s".repeat(64), "café"}) {
            Path dir = Files.createDirectories(tmp.resolve("d" + Integer.toHexString(odd.hashCode())));
            assertThatThrownBy(() -> StackFile.read(stack(dir, odd))).as(odd).isInstanceOf(DeploymentConfigException.class)
                    .hasMessageContaining("invalid service name '" + odd + "'").hasMessageContaining("lower-case letters");
        }
    }

    @Test
    void namesTheRuleAndTheSwarmBothAcceptAreRead(@TempDir Path tmp) throws Exception {
        assertThat(StackFile.read(stack(tmp, "api.v2_x-1")).serviceNames()).containsExactly("api.v2_x-1");
    }
}

package io.capstan.agent.process;

import static org.assertj.core.api.Assertions.assertThat;

import io.capstan.agent.backend.DeploymentRuntime;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoSetTest {
    @TempDir
    Path target;

    @Test
    void copiesTheBundledDeploymentsAndTheyAllOpen() throws Exception {
        List<Path> written = DemoSet.copyTo(target);
        assertThat(written).contains(target.resolve("shop/capstan.yaml"), target.resolve("analytics/capstan.yaml"));
        ProcessBackend backend = new ProcessBackend();
        for (String name : List.of("shop", "analytics")) {
            assertThat(backend.claims(target.resolve(name))).isTrue();
            try (DeploymentRuntime rt = backend.open(name, target.resolve(name), new RecordingContext())) {
                assertThat(rt.serviceNames()).isNotEmpty();
            }
        }
        try (DeploymentRuntime shop = backend.open("shop", target.resolve("shop"), new RecordingContext())) {
            assertThat(shop.serviceNames()).containsExactly("worker", "api", "web");
            assertThat(shop.autostartServices()).containsExactly("api", "web");
        }
    }

    @Test
    void leavesAnOperatorsEditsAlone() throws Exception {
        Path shop = target.resolve("shop/capstan.yaml");
        Files.createDirectories(shop.getParent());
        Files.writeString(shop, "# mine\n");
        assertThat(DemoSet.copyTo(target)).doesNotContain(shop);
        assertThat(Files.readString(shop)).isEqualTo("# mine\n");
    }
}

package io.capstan.agent.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.capstan.agent.backend.DeploymentRuntime;
import io.capstan.protocol.Action;
import io.capstan.protocol.DeploymentStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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
            assertThat(shop.autostartServices()).containsExactly("worker", "api", "web");
        }
    }

    @Test
    void theAnalyticsDemoRunsWithTheDefaultPlaceholders() throws Exception {
        DemoSet.copyTo(target);
        RecordingContext context = new RecordingContext();
        try (DeploymentRuntime rt = new ProcessBackend().open("analytics", target.resolve("analytics"), context)) {
            RecordingContext.RecordingSink out = new RecordingContext.RecordingSink();
            rt.perform(Action.START, null, out);
            assertThat(rt.snapshot().status()).isEqualTo(DeploymentStatus.RUNNING);
            await().atMost(Duration.ofSeconds(10)).until(() -> context.log("dashboard").has("warming caches… 1/2"));
            rt.perform(Action.STOP, null, out);
            assertThat(rt.snapshot().status()).isEqualTo(DeploymentStatus.STOPPED);
        }
    }

    @Test
    void theComposeExampleIsCopiedOnlyWhenAnEngineIsThere() throws Exception {
        assertThat(DemoSet.copyTo(target, false)).noneMatch(p -> p.startsWith(target.resolve("relay")));
        assertThat(target.resolve("relay")).doesNotExist();
        assertThat(DemoSet.copyTo(target, true)).containsExactlyInAnyOrder(
                target.resolve("relay/compose.yaml"), target.resolve("relay/app/Dockerfile"));
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

package io.capstan.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.capstan.testing.RealAgent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Services that make stopping hard, run for real by the process backend: one that ignores SIGTERM is killed after its
 * stop timeout and the job says so; one that left a grandchild behind (a double fork, re-parented away from it, as a
 * daemon does) has the grandchild stopped too, also when its own process already ended.
 */
class StubbornServicesTest {
    @TempDir
    Path tmp;

    private static final String MARK_DEAF = "4242.17";
    private static final String MARK_DAEMON = "4242.23";
    private static final String MARK_LEFT = "4242.29";

    private static String yaml() {
        return "services:\n"
                + "  deaf:\n    command: [\"sh\", \"-c\", \"trap '' TERM; echo deaf; exec sleep " + MARK_DEAF + "\"]\n    stopTimeout: 1s\n"
                + "  daemon:\n    command: [\"sh\", \"-c\", \"(sleep " + MARK_DAEMON + " &) ; echo forked; exec sleep 3600\"]\n"
                + "    stopTimeout: 3s\n"
                + "  leaver:\n    command: [\"sh\", \"-c\", \"(sleep " + MARK_LEFT + " &) ; echo left\"]\n    stopTimeout: 3s\n";
    }

    private static Optional<ProcessHandle> running(String mark) {
        return ProcessHandle.allProcesses().filter(h -> h.info().arguments().map(a -> String.join(" ", a).contains(mark)).orElse(false))
                .findFirst();
    }

    @Test
    void aServiceIgnoringSigtermIsKilledAndDoubleForkedGrandchildrenAreStoppedWithTheirService() throws Exception {
        Path root = Files.createDirectories(tmp.resolve("root"));
        Files.createDirectories(root.resolve("shop"));
        Files.writeString(root.resolve("shop").resolve("capstan.yaml"), yaml());
        try (RealAgent agent = ScriptedAgent.processAgent(root, tmp.resolve("state"))) {
            Client c = new Client(agent.baseUrl(), agent.token());
            String start = c.startJob("/api/v1/deployments/shop/jobs", "start");
            await().atMost(Duration.ofSeconds(30)).until(() -> terminal(c, start));
            await().atMost(Duration.ofSeconds(10)).until(() -> running(MARK_DEAF).isPresent() && running(MARK_DAEMON).isPresent()
                    && running(MARK_LEFT).isPresent());
            ProcessHandle deaf = running(MARK_DEAF).orElseThrow();
            ProcessHandle grandchild = running(MARK_DAEMON).orElseThrow();
            ProcessHandle left = running(MARK_LEFT).orElseThrow();
            assertThat(grandchild.parent().map(ProcessHandle::pid)).as("re-parented away from its service")
                    .isNotEqualTo(Optional.of(ProcessHandle.current().pid()));

            String stop = c.startJob("/api/v1/deployments/shop/jobs", "stop");
            await().atMost(Duration.ofSeconds(60)).until(() -> terminal(c, stop));
            List<String> out = c.get("/api/v1/jobs/" + stop + "/log?limit=10000").body().path("lines").findValuesAsText("text");
            assertThat(c.get("/api/v1/jobs/" + stop).body().path("job").path("status").asText()).as("%s", out).isEqualTo("succeeded");
            assertThat(out).contains("deaf did not stop within 1s; killing it");
            await().atMost(Duration.ofSeconds(15)).until(() -> !deaf.isAlive() && !grandchild.isAlive() && !left.isAlive());
        } finally {
            running(MARK_DEAF).ifPresent(ProcessHandle::destroyForcibly);
            running(MARK_DAEMON).ifPresent(ProcessHandle::destroyForcibly);
            running(MARK_LEFT).ifPresent(ProcessHandle::destroyForcibly);
        }
    }

    private static boolean terminal(Client c, String id) {
        return List.of("succeeded", "failed", "canceled", "interrupted")
                .contains(c.get("/api/v1/jobs/" + id).body().path("job").path("status").asText());
    }
}

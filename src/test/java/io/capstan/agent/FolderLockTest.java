package io.capstan.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.capstan.agent.state.FolderInUseException;
import io.capstan.agent.state.FolderLock;
import io.capstan.testing.RealAgent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One owner per folder: a second agent on the same state folder or the same deployment root refuses to start, names
 * the holder, and touches nothing of the first (its jobs, their output, its services and their pid files).
 */
class FolderLockTest {
    private static final String WEB = "services:\n  web:\n    command: [\"${java}\", \"-cp\", \"${classpath}\", "
            + "\"io.capstan.demo.DemoService\", \"--name\", \"web\"]\n    stopTimeout: 3s\n";

    @TempDir
    Path tmp;

    private static String status(Client c, String id) {
        return c.get("/api/v1/jobs/" + id).body().path("job").path("status").asText();
    }

    @Test
    void aSecondAgentOnTheSameStateFolderRefusesNamingTheFirstAndTouchesNothing() throws Exception {
        Path state = ScriptedAgent.tempState();
        try (ScriptedAgent first = ScriptedAgent.start(ScriptedAgent.testConfig(state).build())) {
            TestRuntime rt = first.catalog.add("shop", "web");
            CountDownLatch release = new CountDownLatch(1);
            rt.behaviour = (a, s, out) -> {
                out.system("working");
                release.await();
            };
            String id = first.http.startJob("/api/v1/deployments/shop/jobs", "restart");
            await().until(() -> status(first.http, id).equals("running"));
            Map<String, String> before = contents(state);

            assertThatThrownBy(() -> ScriptedAgent.start(ScriptedAgent.testConfig(state).build()))
                    .isInstanceOf(FolderInUseException.class)
                    .hasMessageContaining("state folder " + state)
                    .hasMessageContaining("pid " + ProcessHandle.current().pid())
                    .hasMessageContaining(first.agent().baseUrl());

            assertThat(contents(state)).isEqualTo(before);
            assertThat(status(first.http, id)).isEqualTo("running");
            release.countDown();
            await().until(() -> status(first.http, id).equals("succeeded"));
        }
        // Released with the agent: the next one starts.
        try (ScriptedAgent next = ScriptedAgent.start(ScriptedAgent.testConfig(state).build())) {
            assertThat(next.http.get("/api/v1/jobs").body().path("jobs").size()).isEqualTo(1);
        }
    }

    @Test
    void aSecondAgentOnTheSameRootRefusesAndLeavesItsServicesRunning() throws Exception {
        Path root = Files.createDirectories(tmp.resolve("root"));
        Files.createDirectories(root.resolve("shop"));
        Files.writeString(root.resolve("shop").resolve("capstan.yaml"), WEB);
        try (RealAgent first = ScriptedAgent.processAgent(root, tmp.resolve("state1"))) {
            Client c = new Client(first.baseUrl(), first.token());
            String id = c.startJob("/api/v1/deployments/shop/jobs", "start");
            await().until(() -> status(c, id).equals("succeeded"));
            long pid = c.get("/api/v1/deployments/shop").body().path("deployment").path("services").get(0).path("pid").asLong();
            Map<String, String> before = contents(root);

            assertThatThrownBy(() -> ScriptedAgent.processAgent(root, tmp.resolve("state2")))
                    .isInstanceOf(FolderInUseException.class)
                    .hasMessageContaining("deployment root " + root)
                    .hasMessageContaining(first.baseUrl());

            assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive)).contains(true);
            assertThat(contents(root)).isEqualTo(before);
            // The refused agent wrote no job history of its own either.
            assertThat(tmp.resolve("state2").resolve("jobs")).doesNotExist();
        }
    }

    @Test
    void theLockFileNamesTheHolderForLocalClients() throws Exception {
        Path state = ScriptedAgent.tempState();
        try (ScriptedAgent fx = ScriptedAgent.start(ScriptedAgent.testConfig(state).build())) {
            String text = Files.readString(state.resolve(FolderLock.FILE));
            assertThat(text).contains("pid=" + ProcessHandle.current().pid())
                    .contains("address=" + fx.agent().baseUrl().replace(":", "\\:"))
                    .contains("tokenFile=");
        }
    }

    /** Every file under {@code dir} (but the lock file) with its contents. */
    static Map<String, String> contents(Path dir) {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                if (!Files.isRegularFile(f) || f.getFileName().toString().equals(FolderLock.FILE)) continue;
                out.put(dir.relativize(f).toString(), Files.readString(f));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }
}

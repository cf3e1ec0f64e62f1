package io.capstan.console.agents;

import static org.assertj.core.api.Assertions.assertThat;

import io.capstan.agent.state.FolderLock;
import io.capstan.testing.RealAgent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The console's embedded agent and {@code capstan agent --demo} serve the same demo folder: when an agent already
 * owns it, the console connects to that agent instead of starting a second one over it.
 */
class EmbeddedAgentTest {
    @TempDir
    Path tmp;

    @Test
    void connectsToTheLocalAgentAlreadyServingTheFolderInsteadOfStartingItsOwn() throws Exception {
        Path demo = Files.createDirectories(tmp.resolve("demo"));
        try (RealAgent running = RealAgent.in(tmp).folders(demo, tmp.resolve("agent-state")).start()) {
            try (EmbeddedAgent embedded = EmbeddedAgent.startDemo(demo, tmp.resolve("embedded-state"))) {
                assertThat(embedded.owned()).isFalse();
                assertThat(embedded.endpoint().baseUrl()).isEqualTo(running.baseUrl());
                assertThat(embedded.endpoint().token()).isEqualTo(running.token());
                // Nothing was copied into the folder another agent owns, and no state of its own was started.
                try (Stream<Path> files = Files.list(demo)) {
                    assertThat(files.map(p -> p.getFileName().toString())).containsOnly(".capstan-agent.lock");
                }
                assertThat(tmp.resolve("embedded-state").resolve("jobs")).doesNotExist();
            }
            // Closing the console leaves the agent it did not start running.
            assertThat(running.client().info().agent()).isNotNull();
        }
    }

    @Test
    void waitsForAHolderThatIsStillStartingToSayWhereItListens() throws Exception {
        // What a second console sees while the first one's agent starts: the folder is held, the address not written yet.
        Path demo = Files.createDirectories(tmp.resolve("demo"));
        Path token = Files.writeString(tmp.resolve("token"), "a-token-of-the-starting-agent\n");
        long self = ProcessHandle.current().pid();
        try (FolderLock held = FolderLock.acquire(demo, "deployment root")) {
            held.describe(new FolderLock.Holder(self, null, tmp, token));
            CompletableFuture<EmbeddedAgent> embedded = CompletableFuture.supplyAsync(() -> {
                try {
                    return EmbeddedAgent.startDemo(demo, tmp.resolve("embedded-state"));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            held.describe(new FolderLock.Holder(self, "http://127.0.0.1:9", tmp, token));
            try (EmbeddedAgent connected = embedded.get(60, TimeUnit.SECONDS)) {
                assertThat(connected.owned()).isFalse();
                assertThat(connected.endpoint().baseUrl()).isEqualTo("http://127.0.0.1:9");
                assertThat(connected.endpoint().token()).isEqualTo("a-token-of-the-starting-agent");
            }
        }
    }
}

package io.capstan.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * The state folder on a file system that really fills up (a 2 MiB tmpfs), seen through HTTP: a job whose output
 * cannot be written fails with the reason and a gap for what was lost, warns once, releases its target; a job that
 * cannot be recorded is refused with 507 and holds nothing; the failed status survives a restart; no temporary or
 * empty files are left.
 */
class DiskFullTest {
    private static final int LINES = 60_000; // about 4.5 MiB of stored lines: more than the disk holds

    private static JsonNode job(Client c, String id) {
        return c.get("/api/v1/jobs/" + id).body().path("job");
    }

    @Test
    void aFullDiskFailsTheJobWithAGapAndRefusesTheNextOneCleanly() throws Exception {
        Logger agentLog = (Logger) LoggerFactory.getLogger("io.capstan");
        ListAppender<ILoggingEvent> warnings = new ListAppender<>();
        warnings.start();
        agentLog.addAppender(warnings);
        try (Tmpfs disk = Tmpfs.mount("2m")) {
            Path state = disk.dir.resolve("state");
            Path otherUse = disk.dir.resolve("other-use"); // what an operator deletes to give space back
            Files.write(otherUse, new byte[256 * 1024]);
            AgentConfig cfg = ScriptedAgent.testConfig(state).build();
            String id;
            Path filler;
            try (ScriptedAgent fx = ScriptedAgent.start(cfg)) {
                TestRuntime rt = fx.catalog.add("shop", "web");
                CountDownLatch printed = new CountDownLatch(1);
                CountDownLatch release = new CountDownLatch(1);
                rt.behaviour = (a, s, out) -> {
                    TestRuntime.run(out, "seq", "1", String.valueOf(LINES));
                    printed.countDown();
                    release.await();
                };
                Client c = fx.http;
                id = c.startJob("/api/v1/deployments/shop/jobs", "rebuild");
                printed.await();
                assertThat(job(c, id).path("lines").asLong()).isEqualTo(LINES + 1);
                assertThat(job(c, id).path("droppedLines").asLong()).isPositive();
                // Whatever the failed write gave back is taken too: the job ends on a disk with no room at all.
                filler = disk.fill();
                release.countDown();
                await().until(() -> job(c, id).path("status").asText().equals("failed"));
                JsonNode failed = job(c, id);
                assertThat(failed.path("error").asText()).contains("output could not be stored", "No space left on device",
                        "lines lost");

                // The stream: the lines that were stored, one gap with the count of those that were not, then end.
                long stored;
                try (Client.Stream log = c.stream("/api/v1/jobs/" + id + "/log")) {
                    List<Client.Event> events = log.rest();
                    List<Client.Event> gaps = events.stream().filter(e -> e.type().equals("gap")).toList();
                    assertThat(gaps).hasSize(1);
                    stored = gaps.get(0).json().path("from").asLong() - 1;
                    assertThat(stored).isBetween(1_000L, (long) LINES);
                    assertThat(gaps.get(0).json().path("to").asLong()).isEqualTo(failed.path("lines").asLong());
                    assertThat(events.stream().filter(e -> e.type().equals("line")).count()).isEqualTo(stored);
                    Client.Event end = events.get(events.size() - 1);
                    assertThat(end.type()).isEqualTo("end");
                    assertThat(end.json().path("status").asText()).isEqualTo("failed");
                }

                // The target is free, and a job that cannot be recorded is refused without holding it.
                assertThat(c.get("/api/v1/deployments/shop").body().path("deployment").path("activeJob").isNull()).isTrue();
                Client.Answer refused = c.post("/api/v1/deployments/shop/jobs", "{\"action\":\"restart\"}");
                assertThat(refused.status()).isEqualTo(507);
                assertThat(refused.contentType()).startsWith("application/json");
                assertThat(refused.body().path("error").path("code").asText()).isEqualTo("insufficient_storage");
                assertThat(refused.body().path("error").path("message").asText()).contains("No space left on device");
                assertThat(c.get("/api/v1/jobs").body().path("jobs").findValuesAsText("id")).containsExactly(id);
                assertThat(c.get("/api/v1/deployments/shop").body().path("deployment").path("activeJob").isNull()).isTrue();
                assertNoTemporaryOrEmptyFiles(state.resolve("jobs"));
            }
            List<ILoggingEvent> about = warnings.list.stream().filter(e -> e.getLevel() == Level.WARN).toList();
            assertThat(about).noneMatch(e -> e.getThrowableProxy() != null);
            assertThat(about.stream().filter(e -> e.getFormattedMessage().contains(id))).hasSize(1);
            assertThat(about).hasSizeLessThan(5);

            // Restarted on the still full disk: the job is still failed, not interrupted, and reads the same.
            try (ScriptedAgent fx = ScriptedAgent.start(cfg)) {
                fx.catalog.add("shop", "web");
                Client c = fx.http;
                assertThat(job(c, id).path("status").asText()).isEqualTo("failed");
                assertThat(job(c, id).path("error").asText()).contains("No space left on device");
                try (Client.Stream log = c.stream("/api/v1/jobs/" + id + "/log")) {
                    List<Client.Event> events = log.rest();
                    assertThat(events.stream().filter(e -> e.type().equals("gap"))).hasSize(1);
                    assertThat(events.get(events.size() - 1).json().path("status").asText()).isEqualTo("failed");
                }
                // Space returns: jobs run again.
                Files.delete(filler);
                Files.delete(otherUse);
                String next = c.startJob("/api/v1/deployments/shop/jobs", "restart");
                await().until(() -> job(c, next).path("status").asText().equals("succeeded"));
                assertNoTemporaryOrEmptyFiles(state.resolve("jobs"));
            }
        } finally {
            agentLog.detachAppender(warnings);
        }
    }

    private static void assertNoTemporaryOrEmptyFiles(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.toList()).allSatisfy(f -> {
                assertThat(f.getFileName().toString()).doesNotEndWith(".tmp");
                assertThat(Files.size(f)).as("size of %s", f).isPositive();
            });
        }
    }
}

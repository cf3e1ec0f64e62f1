package io.capstan.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent killed for real, in a JVM of its own: a second agent on its folders refuses and touches nothing; after
 * {@code kill -9} and a restart, the build that was running is stopped (its whole tree) and its job says so; SIGTERM
 * stops everything the agent started. Linux: the build step is a small process tree made with {@code sh}.
 */
class AgentCrashTest {
    /** web: a long-running service; its build step: sh with two sleeping children (a tree, silent). */
    private static final String YAML = "services:\n  web:\n"
            + "    command: [\"${java}\", \"-cp\", \"${classpath}\", \"io.capstan.demo.DemoService\", \"--name\", \"web\"]\n"
            + "    stopTimeout: 3s\n"
            + "    build:\n      - [\"sh\", \"-c\", \"sleep 300 & sleep 301; wait\"]\n";

    @TempDir
    Path tmp;

    private Path root;
    private Path state;

    private void deployment() throws Exception {
        root = Files.createDirectories(tmp.resolve("root"));
        state = tmp.resolve("state");
        Files.createDirectories(root.resolve("shop"));
        Files.writeString(root.resolve("shop").resolve("capstan.yaml"), YAML);
    }

    @Test
    void aBuildLeftRunningByAKilledAgentIsStoppedOnRestartAndItsJobSaysSo() throws Exception {
        deployment();
        String rebuild;
        long webPid;
        List<ProcessHandle> build;
        try (AgentProcess first = AgentProcess.start(root, state, tmp.resolve("first.log"))) {
            Client c = first.client(state);
            String start = c.startJob("/api/v1/deployments/shop/jobs", "start");
            await().until(() -> status(c, start).equals("succeeded"));
            webPid = c.get("/api/v1/deployments/shop").body().path("deployment").path("services").get(0).path("pid").asLong();
            rebuild = c.startJob("/api/v1/deployments/shop/jobs", "rebuild");
            ProcessHandle agent = first.process.toHandle();
            await().until(() -> sleeps(agent).size() == 2);
            build = tree(sleeps(agent));
            // The record is written just after the build's process starts: wait for it, so the snapshot below is
            // of a settled folder.
            await().until(() -> Files.exists(state.resolve("jobs").resolve(rebuild + ".procs")));

            // A second agent on the same folders: refused, naming the first, and the first's job, services and files
            // are as they were.
            Map<String, String> jobsBefore = contents(state.resolve("jobs"));
            int code = AgentProcess.refused(root, state, tmp.resolve("second.log"));
            assertThat(code).isEqualTo(3);
            assertThat(Files.readString(tmp.resolve("second.log")))
                    .contains("is in use by another capstan agent (pid " + first.pid() + ", " + first.baseUrl() + ")");
            assertThat(contents(state.resolve("jobs"))).isEqualTo(jobsBefore);
            assertThat(status(c, rebuild)).isEqualTo("running");
            assertThat(ProcessHandle.of(webPid).map(ProcessHandle::isAlive)).contains(true);

            first.kill();
            // What SIGKILL leaves behind: the build runs on without its agent.
            assertThat(build).allMatch(ProcessHandle::isAlive);
        }
        try (AgentProcess restarted = AgentProcess.start(root, state, tmp.resolve("restarted.log"))) {
            Client c = restarted.client(state);
            await().atMost(Duration.ofSeconds(30)).until(() -> build.stream().noneMatch(ProcessHandle::isAlive));
            await().atMost(Duration.ofSeconds(30)).until(() -> ProcessHandle.of(webPid).map(h -> !h.isAlive()).orElse(true));
            assertThat(status(c, rebuild)).isEqualTo("interrupted");
            List<String> texts = c.get("/api/v1/jobs/" + rebuild + "/log").body().path("lines").findValuesAsText("text");
            assertThat(texts).contains("stopped build of web, step 1/1 (pid " + build.get(0).pid()
                    + "), left running when the agent stopped");
            assertThat(texts).last().asString().startsWith("interrupted:");
            assertThat(state.resolve("jobs").resolve(rebuild + ".procs")).doesNotExist();
        }
    }

    @Test
    void sigtermStopsTheServicesAndTheRunningBuild() throws Exception {
        deployment();
        AgentProcess agent = AgentProcess.start(root, state, tmp.resolve("agent.log"));
        try {
            Client c = agent.client(state);
            String start = c.startJob("/api/v1/deployments/shop/jobs", "start");
            await().until(() -> status(c, start).equals("succeeded"));
            c.startJob("/api/v1/deployments/shop/jobs", "rebuild");
            ProcessHandle handle = agent.process.toHandle();
            await().until(() -> sleeps(handle).size() == 2);
            List<ProcessHandle> everything = handle.descendants().toList();
            assertThat(everything).hasSizeGreaterThanOrEqualTo(4);

            long t0 = System.nanoTime();
            assertThat(agent.terminate(60)).as("the agent exits on SIGTERM").isTrue();
            System.out.printf("SIGTERM to exit: %d ms%n", (System.nanoTime() - t0) / 1_000_000);
            // SIGKILL is delivered before the agent exits; the OS may take a moment to finish the processes off.
            await().atMost(Duration.ofSeconds(15)).until(() -> everything.stream().noneMatch(ProcessHandle::isAlive));
        } finally {
            agent.close();
        }
    }

    private static String status(Client c, String id) {
        return c.get("/api/v1/jobs/" + id).body().path("job").path("status").asText();
    }

    private static List<ProcessHandle> sleeps(ProcessHandle agent) {
        return agent.descendants().filter(h -> h.info().command().map(s -> s.endsWith("/sleep")).orElse(false)).toList();
    }

    /** The build step's root (the sh, parent of the sleeps) first, then the sleeps. */
    private static List<ProcessHandle> tree(List<ProcessHandle> sleeps) {
        ProcessHandle sh = sleeps.get(0).parent().orElseThrow();
        return Stream.concat(Stream.of(sh), sleeps.stream()).toList();
    }

    private static Map<String, String> contents(Path dir) throws Exception {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.toList()) out.put(f.getFileName().toString(), Files.readString(f));
        }
        return out;
    }
}

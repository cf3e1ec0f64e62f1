package io.capstan.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The state folder is the agent user's alone: job output can hold secrets a build printed. */
class PrivateStateTest {

    private static String perms(Path p) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }

    private static List<Path> jobFiles(Path state) throws IOException {
        try (Stream<Path> files = Files.list(state.resolve("jobs"))) {
            return files.toList();
        }
    }

    private static void runOneJob(ScriptedAgent fx) {
        fx.catalog.add("shop", "web");
        String id = fx.http.startJob("/api/v1/deployments/shop/jobs", "restart");
        await().until(() -> fx.http.get("/api/v1/jobs/" + id).body().path("job").path("status").asText().equals("succeeded"));
    }

    @Test
    void aNewStateFolderAndEverythingInItIsPrivate() throws IOException {
        Path state = ScriptedAgent.tempState().resolve("nested").resolve("state");
        try (ScriptedAgent fx = ScriptedAgent.start(ScriptedAgent.testConfig(state).build())) {
            runOneJob(fx);
            assertThat(perms(state)).isEqualTo("rwx------");
            assertThat(perms(state.getParent())).isEqualTo("rwx------");
            assertThat(perms(state.resolve("jobs"))).isEqualTo("rwx------");
            assertThat(perms(state.resolve(Agent.TOKEN_FILE))).isEqualTo("rw-------");
            assertThat(perms(state.resolve(Agent.ID_FILE))).isEqualTo("rw-------");
            List<Path> files = jobFiles(state);
            assertThat(files).extracting(f -> f.getFileName().toString()).anyMatch(n -> n.endsWith(".json"))
                    .anyMatch(n -> n.endsWith(".log.jsonl"));
            for (Path f : files) assertThat(perms(f)).as(f.toString()).isEqualTo("rw-------");
        }
    }

    @Test
    void looserFoldersAndFilesFoundAtStartAreTightened() throws IOException {
        Path state = ScriptedAgent.tempState();
        try (ScriptedAgent fx = ScriptedAgent.start(ScriptedAgent.testConfig(state).build())) {
            runOneJob(fx);
        }
        // As an older agent, or an operator's chmod -R, left them.
        Files.setPosixFilePermissions(state, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(state.resolve("jobs"), PosixFilePermissions.fromString("rwxrwxr-x"));
        Files.setPosixFilePermissions(state.resolve(Agent.TOKEN_FILE), PosixFilePermissions.fromString("rw-r--r--"));
        for (Path f : jobFiles(state)) Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-rw-r--"));

        try (ScriptedAgent fx = ScriptedAgent.start(ScriptedAgent.testConfig(state).build())) {
            assertThat(perms(state)).isEqualTo("rwx------");
            assertThat(perms(state.resolve("jobs"))).isEqualTo("rwx------");
            assertThat(perms(state.resolve(Agent.TOKEN_FILE))).isEqualTo("rw-------");
            for (Path f : jobFiles(state)) assertThat(perms(f)).as(f.toString()).isEqualTo("rw-------");
            assertThat(fx.http.get("/api/v1/jobs").body().path("jobs")).hasSize(1);
        }
    }
}

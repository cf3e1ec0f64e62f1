package io.capstan.agent.process;

import static org.assertj.core.api.Assertions.assertThat;

import io.capstan.agent.backend.DeploymentRuntime;
import io.capstan.protocol.Action;
import io.capstan.protocol.ServiceStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An agent killed with SIGKILL cannot stop its services. The next agent opening the same deployment finds the
 * recorded process and stops it before anything else, so a service never runs twice (two web servers on one port).
 */
class LeftoverProcessTest {
    private static final String YAML = "services:\n  web:\n    command: [\"${java}\", \"-cp\", \"${classpath}\", "
            + "\"io.capstan.demo.DemoService\", \"--name\", \"web\"]\n    stopTimeout: 3s\n";

    @TempDir
    Path dir;

    private ProcessBackend backend() {
        return new ProcessBackend(Map.of("java", ProcessBackend.javaExecutable(),
                "classpath", Path.of("target", "classes").toAbsolutePath().toString()), Duration.ofMillis(300));
    }

    @Test
    void theNextAgentStopsAServiceAKilledAgentLeftRunning() throws Exception {
        Files.writeString(dir.resolve("capstan.yaml"), YAML);
        // The first "agent" starts web and then vanishes without closing anything: what SIGKILL leaves behind.
        DeploymentRuntime killed = backend().open("shop", dir, new RecordingContext());
        killed.perform(Action.START, "web", new RecordingContext.RecordingSink());
        long orphan = killed.snapshot().services().get(0).pid();
        ProcessHandle handle = ProcessHandle.of(orphan).orElseThrow();

        RecordingContext context = new RecordingContext();
        try (DeploymentRuntime next = backend().open("shop", dir, context)) {
            assertThat(handle.isAlive()).isFalse();
            assertThat(context.log("web").has("left running by an earlier agent")).isTrue();
            assertThat(next.snapshot().services().get(0).status()).isEqualTo(ServiceStatus.STOPPED);
            assertThat(dir.resolve(".capstan").resolve("web.pid")).doesNotExist();

            next.perform(Action.START, "web", new RecordingContext.RecordingSink());
            assertThat(dir.resolve(".capstan").resolve("web.pid")).exists();
        }
        assertThat(dir.resolve(".capstan").resolve("web.pid")).doesNotExist();
    }

    @Test
    void aReusedPidIsNeverTouched() throws Exception {
        // A pid file naming a live process that started at another instant (the OS reused the pid): left alone.
        ProcessHandle self = ProcessHandle.current();
        Files.createDirectories(dir.resolve(".capstan"));
        Files.writeString(dir.resolve(".capstan").resolve("web.pid"), self.pid() + " 12345\n");
        Files.writeString(dir.resolve("capstan.yaml"), YAML);
        RecordingContext context = new RecordingContext();
        try (DeploymentRuntime rt = backend().open("shop", dir, context)) {
            assertThat(self.isAlive()).isTrue();
            assertThat(context.log("web").has("left running")).isFalse();
        }
    }
}

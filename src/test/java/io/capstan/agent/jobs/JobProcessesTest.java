package io.capstan.agent.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A job's processes on disk: what a killed agent leaves running is stopped by the next one (the whole tree), only when
 * it is still the very process recorded (pid and start instant), and the record is gone once nothing runs.
 */
class JobProcessesTest {
    @TempDir
    Path jobs;

    private Process started;

    @AfterEach
    void killLeftovers() {
        if (started != null) {
            started.descendants().forEach(ProcessHandle::destroyForcibly);
            started.destroyForcibly();
        }
    }

    private ProcessHandle tree() throws Exception {
        started = new ProcessBuilder("sh", "-c", "sleep 300 & sleep 301; wait").start();
        await().until(() -> started.descendants().count() == 2);
        return started.toHandle();
    }

    @Test
    void aProcessTheJobLeftRunningIsStoppedWithEverythingItStartedAndSaidSo() throws Exception {
        ProcessHandle build = tree();
        List<ProcessHandle> children = build.descendants().toList();
        // The agent records the step, then dies before it ends: no processEnded, no finish.
        new JobProcesses(jobs, "j-1").started(build, "build of web, step 1/1");

        List<String> said = JobProcesses.stopLeftovers(jobs, "j-1", Duration.ofSeconds(5));

        assertThat(said).containsExactly("stopped build of web, step 1/1 (pid " + build.pid()
                + "), left running when the agent stopped");
        await().atMost(Duration.ofSeconds(15)).until(() -> !build.isAlive() && children.stream().noneMatch(ProcessHandle::isAlive));
        assertThat(jobs.resolve("j-1.procs")).doesNotExist();
    }

    @Test
    void aReusedPidIsNeverTouched() throws Exception {
        // The recorded pid now belongs to another process (here: this JVM), started at another instant.
        ProcessHandle self = ProcessHandle.current();
        Files.writeString(jobs.resolve("j-2.procs"), self.pid() + " 12345 build of web, step 1/1\n");

        assertThat(JobProcesses.stopLeftovers(jobs, "j-2", Duration.ofSeconds(5))).isEmpty();
        assertThat(self.isAlive()).isTrue();
        assertThat(jobs.resolve("j-2.procs")).doesNotExist();
    }

    @Test
    void theRecordHoldsOnlyWhatRunsAndIsGoneWhenNothingDoes() throws Exception {
        JobProcesses processes = new JobProcesses(jobs, "j-3");
        ProcessHandle build = tree();
        processes.started(build, "step");
        assertThat(Files.readString(jobs.resolve("j-3.procs"))).startsWith(build.pid() + " ");
        processes.ended(build);
        assertThat(jobs.resolve("j-3.procs")).doesNotExist();

        // An action that outlived its cancel grace: whatever it still runs is killed when the job ends anyway.
        processes.started(build, "step");
        processes.finish();
        await().atMost(Duration.ofSeconds(15)).until(() -> !build.isAlive());
        try (Stream<Path> left = Files.list(jobs)) {
            assertThat(left).isEmpty();
        }
    }
}

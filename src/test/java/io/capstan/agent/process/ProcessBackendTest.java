package io.capstan.agent.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.capstan.agent.backend.ActionFailedException;
import io.capstan.agent.backend.DeploymentRuntime;
import io.capstan.protocol.Action;
import io.capstan.protocol.DeploymentStatus;
import io.capstan.protocol.Service;
import io.capstan.protocol.ServiceStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real processes: the demo programs through ${java}/${classpath}, and /bin/sh for tree and signal cases. */
class ProcessBackendTest {
    private static final String DEMO = "[\"${java}\", \"-cp\", \"${classpath}\", \"io.capstan.demo.DemoService\"";
    private static final String BUILD = "[\"${java}\", \"-cp\", \"${classpath}\", \"io.capstan.demo.DemoBuild\"";

    @TempDir
    Path dir;

    private final RecordingContext context = new RecordingContext();
    private final RecordingContext.RecordingSink out = new RecordingContext.RecordingSink();
    private final List<DeploymentRuntime> opened = new ArrayList<>();

    @AfterEach
    void closeAll() {
        opened.forEach(DeploymentRuntime::close);
    }

    private DeploymentRuntime open(String yaml) throws Exception {
        Files.writeString(dir.resolve("capstan.yaml"), yaml);
        Map<String, String> placeholders = Map.of("java", ProcessBackend.javaExecutable(),
                "classpath", Path.of("target", "classes").toAbsolutePath().toString());
        ProcessBackend backend = new ProcessBackend(placeholders, Duration.ofMillis(500));
        assertThat(backend.claims(dir)).isTrue();
        DeploymentRuntime runtime = backend.open("shop", dir, context);
        opened.add(runtime);
        return runtime;
    }

    private static Service service(DeploymentRuntime runtime, String name) {
        return runtime.snapshot().services().stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void startsStopsAndRestartsAServiceWithItsOutputInTheServiceLog() throws Exception {
        DeploymentRuntime rt = open("services:\n  web:\n    command: " + DEMO + ", \"--name\", \"web\", \"--rate\", \"50\"]\n");
        assertThat(rt.snapshot().status()).isEqualTo(DeploymentStatus.STOPPED);

        rt.perform(Action.START, "web", out);
        Service web = service(rt, "web");
        assertThat(web.status()).isEqualTo(ServiceStatus.RUNNING);
        assertThat(web.pid()).isNotNull();
        assertThat(rt.snapshot().status()).isEqualTo(DeploymentStatus.RUNNING);
        assertThat(out.has("starting web (pid " + web.pid() + ")")).isTrue();
        RecordingContext.RecordingSink log = context.log("web");
        await().atMost(Duration.ofSeconds(10)).until(() -> log.has("web: ready") && log.has("HTTP/1.1"));
        assertThat(log.has("system: starting web (pid " + web.pid() + ")")).isTrue();

        rt.perform(Action.START, "web", out);
        assertThat(out.has("web is already running")).isTrue();

        long firstPid = web.pid();
        rt.perform(Action.RESTART, null, out);
        long secondPid = service(rt, "web").pid();
        assertThat(secondPid).isNotEqualTo(firstPid);
        assertThat(ProcessHandle.of(firstPid).map(ProcessHandle::isAlive).orElse(false)).isFalse();

        int changesBefore = context.changes.get();
        rt.perform(Action.STOP, "web", out);
        assertThat(service(rt, "web").status()).isEqualTo(ServiceStatus.STOPPED);
        assertThat(service(rt, "web").pid()).isNull();
        assertThat(ProcessHandle.of(secondPid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
        assertThat(context.changes.get()).isGreaterThanOrEqualTo(changesBefore + 2);
        assertThat(out.has("stopping web (pid " + secondPid + ")")).isTrue();
        assertThat(out.has("web stopped")).isTrue();
        await().atMost(Duration.ofSeconds(5)).until(() -> log.has("web: shutting down"));
        // The JVM ends with 128 + 15 on SIGTERM: the service log names the signal.
        await().atMost(Duration.ofSeconds(5)).until(() -> log.has("system: web stopped (exit code 143, SIGTERM)"));
        assertThat(rt.snapshot().status()).isEqualTo(DeploymentStatus.STOPPED);

        rt.perform(Action.STOP, "web", out);
        assertThat(out.has("web is already stopped")).isTrue();
    }

    @Test
    void wholeDeploymentStartsInOrderAndStopsInReverse() throws Exception {
        DeploymentRuntime rt = open("services:\n"
                + "  b:\n    command: " + DEMO + ", \"--name\", \"b\"]\n    order: 2\n"
                + "  a:\n    command: " + DEMO + ", \"--name\", \"a\"]\n    order: 1\n    autostart: true\n");
        assertThat(rt.serviceNames()).containsExactly("a", "b");
        assertThat(rt.autostartServices()).containsExactly("a");
        rt.perform(Action.START, "a", out);
        assertThat(rt.snapshot().status()).isEqualTo(DeploymentStatus.PARTIAL);
        rt.perform(Action.START, null, out);
        rt.perform(Action.STOP, null, out);
        List<String> order = out.lines().stream().filter(l -> l.matches("system: (starting|stopping) [ab] .*"))
                .map(l -> l.substring(8, 18)).toList();
        assertThat(order).containsExactly("starting a", "starting b", "stopping b", "stopping a");
        assertThatThrownBy(() -> rt.perform(Action.START, "nope", out)).isInstanceOf(ActionFailedException.class)
                .hasMessageContaining("no service 'nope'");
    }

    @Test
    void aServiceThatEndsOnItsOwnIsExitedWithItsCode() throws Exception {
        DeploymentRuntime rt = open("services:\n  worker:\n    command: " + DEMO
                + ", \"--name\", \"worker\", \"--exit-after\", \"1\", \"--exit-code\", \"3\"]\n");
        rt.perform(Action.START, "worker", out);
        int changes = context.changes.get();
        // The watcher thread publishes state, then the log line, then the change notice: wait for the last.
        await().atMost(Duration.ofSeconds(10)).until(() -> service(rt, "worker").status() == ServiceStatus.EXITED
                && context.changes.get() > changes);
        Service worker = service(rt, "worker");
        assertThat(worker.exitCode()).isEqualTo(3);
        assertThat(worker.pid()).isNull();
        assertThat(rt.snapshot().status()).isEqualTo(DeploymentStatus.FAILED);
        assertThat(context.log("worker").has("system: worker exited with code 3")).isTrue();
        assertThat(context.log("worker").has("stderr: worker: exiting with code 3 as asked")).isTrue();

        rt.perform(Action.STOP, "worker", out);
        assertThat(service(rt, "worker").status()).isEqualTo(ServiceStatus.STOPPED);
        assertThat(rt.snapshot().status()).isEqualTo(DeploymentStatus.STOPPED);
    }

    @Test
    void aStartThatDiesAtOnceFailsWithTheExitCode() throws Exception {
        // A shell, not a JVM: it must end well inside the start grace even on a loaded machine.
        DeploymentRuntime rt = open("services:\n  api:\n    command: [\"/bin/sh\", \"-c\", \"echo cannot bind port >&2; exit 7\"]\n");
        assertThatThrownBy(() -> rt.perform(Action.START, "api", out)).isInstanceOf(ActionFailedException.class)
                .satisfies(e -> assertThat(((ActionFailedException) e).exitCode()).isEqualTo(7))
                .hasMessageContaining("api exited with code 7");
        assertThat(service(rt, "api").status()).isEqualTo(ServiceStatus.EXITED);
        assertThat(service(rt, "api").exitCode()).isEqualTo(7);
        assertThat(context.log("api").lines()).containsSubsequence("stderr: cannot bind port", "system: api exited with code 7");
    }

    @Test
    void aProgramThatCannotBeFoundFailsTheStart() throws Exception {
        DeploymentRuntime rt = open("services:\n  web:\n    command: [\"" + dir.resolve("no-such-program") + "\"]\n");
        assertThatThrownBy(() -> rt.perform(Action.START, "web", out)).isInstanceOf(ActionFailedException.class)
                .hasMessageContaining("cannot start web");
        assertThat(service(rt, "web").status()).isEqualTo(ServiceStatus.STOPPED);
    }

    @Test
    void stopEndsTheWholeProcessTree() throws Exception {
        DeploymentRuntime rt = open("services:\n  tree:\n    command: [\"/bin/sh\", \"-c\", \"sleep 300 & sleep 300 & wait\"]\n");
        rt.perform(Action.START, "tree", out);
        ProcessHandle root = ProcessHandle.of(service(rt, "tree").pid()).orElseThrow();
        await().atMost(Duration.ofSeconds(5)).until(() -> root.descendants().count() == 2);
        List<ProcessHandle> children = root.descendants().toList();

        rt.perform(Action.STOP, "tree", out);
        assertThat(root.isAlive()).isFalse();
        assertThat(children).noneMatch(ProcessHandle::isAlive);
        assertThat(out.has("did not stop")).isFalse();
    }

    @Test
    void aTreeThatIgnoresTermIsKilledAfterTheStopTimeout() throws Exception {
        DeploymentRuntime rt = open("services:\n  stubborn:\n"
                + "    command: [\"/bin/sh\", \"-c\", \"trap '' TERM; sleep 300 & wait\"]\n    stopTimeout: 500ms\n");
        rt.perform(Action.START, "stubborn", out);
        ProcessHandle root = ProcessHandle.of(service(rt, "stubborn").pid()).orElseThrow();
        await().atMost(Duration.ofSeconds(5)).until(() -> root.descendants().count() == 1);
        ProcessHandle child = root.descendants().findFirst().orElseThrow();

        long t0 = System.nanoTime();
        rt.perform(Action.STOP, "stubborn", out);
        long tookMs = (System.nanoTime() - t0) / 1_000_000;
        assertThat(out.has("stubborn did not stop within 500ms; killing it")).isTrue();
        assertThat(tookMs).isGreaterThanOrEqualTo(450).isLessThan(8000);
        assertThat(root.isAlive()).isFalse();
        assertThat(child.isAlive()).isFalse();
        assertThat(service(rt, "stubborn").status()).isEqualTo(ServiceStatus.STOPPED);
    }

    @Test
    void rebuildStreamsTheBuildAndRestartsTheService() throws Exception {
        DeploymentRuntime rt = open("services:\n  web:\n    command: " + DEMO + ", \"--name\", \"web\"]\n"
                + "    build:\n      - " + BUILD + ", \"--steps\", \"3\", \"--step-millis\", \"30\"]\n");
        rt.perform(Action.START, "web", out);
        long before = service(rt, "web").pid();
        rt.perform(Action.REBUILD, null, out);
        assertThat(out.has("system: build of web, step 1/1:")).isTrue();
        assertThat(out.has("stdout: Step 3/3 : COPY pom.xml .")).isTrue();
        assertThat(out.has("stdout: Successfully built")).isTrue();
        assertThat(out.has("system: exit code 0")).isTrue();
        assertThat(service(rt, "web").status()).isEqualTo(ServiceStatus.RUNNING);
        assertThat(service(rt, "web").pid()).isNotEqualTo(before);
    }

    @Test
    void aFailingBuildStepFailsTheRebuildAndLeavesTheServiceAlone() throws Exception {
        DeploymentRuntime rt = open("services:\n  web:\n    command: " + DEMO + ", \"--name\", \"web\"]\n"
                + "    build:\n      - " + BUILD + ", \"--steps\", \"4\", \"--step-millis\", \"10\", \"--fail-at\", \"2\"]\n"
                + "      - [\"/bin/sh\", \"-c\", \"echo never\"]\n");
        rt.perform(Action.START, "web", out);
        long pid = service(rt, "web").pid();
        assertThatThrownBy(() -> rt.perform(Action.REBUILD, "web", out)).isInstanceOf(ActionFailedException.class)
                .hasMessageContaining("step 1/2 failed with exit code 2")
                .satisfies(e -> assertThat(((ActionFailedException) e).exitCode()).isEqualTo(2));
        assertThat(out.has("stderr: make: *** [Makefile:12: build/module2_1.o] Error 1")).isTrue();
        assertThat(out.has("never")).isFalse();
        assertThat(service(rt, "web").pid()).isEqualTo(pid);
    }

    @Test
    void interruptingTheJobKillsTheRunningBuildStep() throws Exception {
        DeploymentRuntime rt = open("services:\n  web:\n    command: " + DEMO + "]\n"
                + "    build:\n      - [\"/bin/sh\", \"-c\", \"echo pid $$; sleep 300 & wait\"]\n");
        CompletableFuture<Throwable> result = new CompletableFuture<>();
        Thread job = new Thread(() -> {
            try {
                rt.perform(Action.REBUILD, "web", out);
                result.complete(null);
            } catch (Throwable t) {
                result.complete(t);
            }
        });
        job.start();
        await().atMost(Duration.ofSeconds(5)).until(() -> out.has("stdout: pid "));
        long shPid = Long.parseLong(out.lines().stream().filter(l -> l.startsWith("stdout: pid ")).findFirst().orElseThrow()
                .substring("stdout: pid ".length()));
        ProcessHandle sh = ProcessHandle.of(shPid).orElseThrow();
        await().atMost(Duration.ofSeconds(5)).until(() -> sh.descendants().count() == 1);
        ProcessHandle sleep = sh.descendants().findFirst().orElseThrow();

        job.interrupt();
        assertThat(result.get(5, TimeUnit.SECONDS)).isInstanceOf(InterruptedException.class);
        await().atMost(Duration.ofSeconds(5)).until(() -> !sh.isAlive() && !sleep.isAlive());
        assertThat(service(rt, "web").status()).isEqualTo(ServiceStatus.STOPPED);
    }

    @Test
    void interruptingAStartKillsTheNewProcessAndLeavesTheServiceStopped() throws Exception {
        Files.writeString(dir.resolve("capstan.yaml"), "services:\n  slow:\n    command: [\"/bin/sh\", \"-c\", \"sleep 300\"]\n");
        ProcessBackend backend = new ProcessBackend(ProcessBackend.defaultPlaceholders(), Duration.ofSeconds(60));
        DeploymentRuntime rt = backend.open("shop", dir, context);
        opened.add(rt);
        CompletableFuture<Throwable> result = new CompletableFuture<>();
        Thread job = new Thread(() -> {
            try {
                rt.perform(Action.START, "slow", out);
                result.complete(null);
            } catch (Throwable t) {
                result.complete(t);
            }
        });
        job.start();
        await().atMost(Duration.ofSeconds(5)).until(() -> service(rt, "slow").status() == ServiceStatus.STARTING);
        ProcessHandle proc = ProcessHandle.of(service(rt, "slow").pid()).orElseThrow();
        job.interrupt();
        assertThat(result.get(5, TimeUnit.SECONDS)).isInstanceOf(InterruptedException.class);
        await().atMost(Duration.ofSeconds(5)).until(() -> service(rt, "slow").status() == ServiceStatus.STOPPED);
        assertThat(proc.isAlive()).isFalse();
        assertThat(out.has("start of slow canceled")).isTrue();
    }

    @Test
    void closeStopsEverything() throws Exception {
        DeploymentRuntime rt = open("services:\n  a:\n    command: " + DEMO + "]\n  b:\n    command: " + DEMO + "]\n");
        rt.perform(Action.START, null, out);
        List<Long> pids = rt.snapshot().services().stream().map(Service::pid).toList();
        rt.close();
        assertThat(pids).allSatisfy(p -> assertThat(ProcessHandle.of(p).map(ProcessHandle::isAlive).orElse(false)).isFalse());
        assertThat(rt.snapshot().status()).isEqualTo(DeploymentStatus.STOPPED);
    }

    @Test
    void aBrokenDefinitionIsAConfigErrorNamingTheFile() throws IOException {
        Files.writeString(dir.resolve("capstan.yaml"), "services:\n  web:\n    command: \"./server --port 1\"\n");
        assertThatThrownBy(() -> new ProcessBackend().open("shop", dir, context))
                .hasMessageContaining(dir.resolve("capstan.yaml").toString())
                .hasMessageContaining("line 3");
    }

    @Test
    void aClosedDeploymentNeverStartsAServiceAgain() throws Exception {
        // Closed because its folder went away or its definition changed: a job still running on it must not start a
        // process that no route can see, nor write a pid file that would bring the folder back.
        DeploymentRuntime rt = open("services:\n  web:\n    command: " + DEMO + ", \"--name\", \"web\"]\n");
        rt.close();
        assertThatThrownBy(() -> rt.perform(Action.START, "web", out))
                .isInstanceOf(ActionFailedException.class)
                .hasMessageContaining("web not started: its deployment was closed");
        assertThat(service(rt, "web").status()).isEqualTo(ServiceStatus.STOPPED);
        assertThat(dir.resolve(".capstan")).doesNotExist();
    }

    @Test
    void eachBuildStepIsToldToTheJobWhileItRuns() throws Exception {
        DeploymentRuntime rt = open("services:\n  web:\n    command: " + DEMO + ", \"--name\", \"web\"]\n"
                + "    build:\n      - " + BUILD + ", \"--steps\", \"1\", \"--step-millis\", \"10\"]\n");
        rt.perform(Action.REBUILD, "web", out);
        assertThat(out.processes).hasSize(2);
        String pid = out.processes.get(0).split(" ")[1];
        assertThat(out.processes).containsExactly("started " + pid + " build of web, step 1/1", "ended " + pid);
    }
}

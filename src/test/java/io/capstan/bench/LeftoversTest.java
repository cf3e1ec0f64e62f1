package io.capstan.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.capstan.agent.process.ProcessRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The harness stops what its console left running, by the product's pid records, and never a reused pid. */
class LeftoversTest {
    @TempDir
    Path home;

    private static Process demoService() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(java, "-cp", Path.of("target", "classes").toAbsolutePath().toString(),
                "io.capstan.demo.DemoService", "--name", "left").redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    }

    @Test
    void aRecordedLiveServiceIsStoppedAndAMismatchedRecordIsLeftAlone() throws Exception {
        Process recorded = demoService();
        Process stranger = demoService();
        try {
            Path dot = Files.createDirectories(home.resolve("data/demo/shop/.capstan"));
            Files.writeString(dot.resolve("web.pid"), ProcessRecord.of(recorded.toHandle(), "").toLine() + "\n");
            // The same pid with another start instant: a pid the system reused; never touched.
            Files.writeString(dot.resolve("api.pid"), stranger.pid() + " 12345\n");
            Files.writeString(dot.resolve("worker.pid"), "half-writ");

            assertThat(Leftovers.stop(home)).containsExactly(recorded.pid());

            assertThat(recorded.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(stranger.isAlive()).isTrue();
        } finally {
            recorded.destroyForcibly();
            stranger.destroyForcibly();
        }
    }
}

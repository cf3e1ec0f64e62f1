package io.capstan.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.capstan.testing.RealAgent;
import io.capstan.testing.TempFolders;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A deployment folder removed or renamed while a job runs on it: the job ends canceled saying why, its build process
 * and the deployment's services are stopped, and nothing is written back into the old path (no recreated
 * {@code .capstan/*.pid}, no service started again as a process no route can see).
 */
class FolderRemovedTest {
    private static final String YAML = "services:\n  web:\n"
            + "    command: [\"${java}\", \"-cp\", \"${classpath}\", \"io.capstan.demo.DemoService\", \"--name\", \"web\"]\n"
            + "    stopTimeout: 3s\n"
            + "    build:\n      - [\"${java}\", \"-cp\", \"${classpath}\", \"io.capstan.demo.DemoBuild\", \"--steps\", \"600\","
            + " \"--step-millis\", \"1000\", \"--lines\", \"1\"]\n";

    @TempDir
    Path tmp;

    @Test
    void aFolderRemovedDuringARebuildCancelsItAndStopsEverything() throws Exception {
        check(folder -> TempFolders.deleteTree(folder));
    }

    @Test
    void aFolderRenamedDuringARebuildCancelsItAndStopsEverything() throws Exception {
        check(folder -> move(folder, folder.resolveSibling("shop2")));
    }

    private interface FolderChange {
        void apply(Path folder) throws IOException;
    }

    private void check(FolderChange change) throws Exception {
        Path root = Files.createDirectories(tmp.resolve("root"));
        Path shop = Files.createDirectories(root.resolve("shop"));
        Files.writeString(shop.resolve("capstan.yaml"), YAML);
        try (RealAgent agent = ScriptedAgent.processAgent(root, tmp.resolve("state"))) {
            Client c = new Client(agent.baseUrl(), agent.token());
            String start = c.startJob("/api/v1/deployments/shop/jobs", "start");
            await().until(() -> status(c, start).equals("succeeded"));
            ProcessHandle web = ProcessHandle.of(c.get("/api/v1/deployments/shop").body().path("deployment")
                    .path("services").get(0).path("pid").asLong()).orElseThrow();

            String rebuild = c.startJob("/api/v1/deployments/shop/jobs", "rebuild");
            await().until(() -> texts(c, rebuild).stream().anyMatch(t -> t.startsWith("Step 1/600")));
            // The build step is recorded with the job while it runs.
            Path procs = agent.agent().stateDir().resolve("jobs").resolve(rebuild + ".procs");
            assertThat(procs).exists();
            ProcessHandle build = ProcessHandle.of(Long.parseLong(Files.readString(procs).split(" ")[0])).orElseThrow();

            change.apply(shop);

            await().atMost(Duration.ofSeconds(60)).until(() -> status(c, rebuild).equals("canceled"));
            assertThat(c.get("/api/v1/jobs/" + rebuild).body().path("job").path("error").asText())
                    .contains("folder was removed or renamed");
            assertThat(texts(c, rebuild)).last().asString().startsWith("canceled: the deployment's folder was removed");
            await().atMost(Duration.ofSeconds(30)).until(() -> !build.isAlive() && !web.isAlive());
            assertThat(procs).doesNotExist();
            await().until(() -> c.get("/api/v1/deployments/shop").status() == 404);
            // Nothing brought the old path back (a pid file written into it would recreate it).
            assertThat(shop).doesNotExist();
            assertThat(ProcessHandle.current().descendants().filter(h -> h.info().arguments()
                    .map(a -> String.join(" ", a).contains("io.capstan.demo.DemoService --name web")).orElse(false)))
                    .as("no web service left running")
                    .isEmpty();
        }
    }

    private static String status(Client c, String id) {
        return c.get("/api/v1/jobs/" + id).body().path("job").path("status").asText();
    }

    private static List<String> texts(Client c, String id) {
        JsonNode lines = c.get("/api/v1/jobs/" + id + "/log?limit=10000").body().path("lines");
        return lines.findValuesAsText("text");
    }

    private static void move(Path from, Path to) {
        try {
            Files.move(from, to);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package io.capstan.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.capstan.testing.RealAgent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code capstan.yaml} edited while a job runs on the deployment (decision record 115): the job finishes against the
 * definition it started with, and the edit is applied once nothing holds the deployment, before the next action.
 * Real processes through the process backend and the real folder catalogue.
 */
class DefinitionChangedTest {
    private static String yaml(String flavour) {
        return "services:\n  web:\n"
                + "    command: [\"${java}\", \"-cp\", \"${classpath}\", \"io.capstan.demo.DemoService\", \"--name\", \"web\"]\n"
                + "    env: {FLAVOUR: \"" + flavour + "\"}\n"
                + "    stopTimeout: 3s\n"
                + "    build:\n      - [\"${java}\", \"-cp\", \"${classpath}\", \"io.capstan.demo.DemoBuild\", \"--steps\", \"6\","
                + " \"--step-millis\", \"700\", \"--lines\", \"1\"]\n";
    }

    @TempDir
    Path tmp;

    @Test
    void aDefinitionEditedDuringARebuildLetsTheJobFinishAndAppliesToTheNextAction() throws Exception {
        Path root = Files.createDirectories(tmp.resolve("root"));
        Path shop = Files.createDirectories(root.resolve("shop"));
        Files.writeString(shop.resolve("capstan.yaml"), yaml("old"));
        try (RealAgent agent = ScriptedAgent.processAgent(root, tmp.resolve("state"))) {
            Client c = new Client(agent.baseUrl(), agent.token());
            String rebuild = c.startJob("/api/v1/deployments/shop/jobs", "rebuild");
            await().until(() -> texts(c, rebuild).stream().anyMatch(t -> t.startsWith("Step 1/6")));

            Files.writeString(shop.resolve("capstan.yaml"), yaml("new"));

            await().atMost(Duration.ofSeconds(60)).until(() -> isTerminal(status(c, rebuild)));
            assertThat(status(c, rebuild)).as("the job ran to its end: %s", texts(c, rebuild)).isEqualTo("succeeded");
            assertThat(texts(c, rebuild)).contains("Step 6/6 : RUN make");

            // The edit is applied once the job released the deployment: the next action runs the new definition.
            await().atMost(Duration.ofSeconds(20)).until(() -> "new".equals(flavour(c)));
            String start = c.startJob("/api/v1/deployments/shop/jobs", "start");
            await().atMost(Duration.ofSeconds(60)).until(() -> isTerminal(status(c, start)));
            assertThat(status(c, start)).isEqualTo("succeeded");
            assertThat(flavour(c)).isEqualTo("new");
        }
    }

    private static String flavour(Client c) {
        JsonNode env = c.get("/api/v1/deployments/shop/services/web").body().path("detail").path("env");
        for (JsonNode e : env) {
            if (e.path("name").asText().equals("FLAVOUR")) return e.path("value").asText();
        }
        return null;
    }

    private static boolean isTerminal(String status) {
        return List.of("succeeded", "failed", "canceled", "interrupted").contains(status);
    }

    private static String status(Client c, String id) {
        return c.get("/api/v1/jobs/" + id).body().path("job").path("status").asText();
    }

    private static List<String> texts(Client c, String id) {
        return c.get("/api/v1/jobs/" + id + "/log?limit=10000").body().path("lines").findValuesAsText("text");
    }
}

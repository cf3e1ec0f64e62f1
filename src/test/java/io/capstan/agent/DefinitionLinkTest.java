package io.capstan.agent;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.capstan.testing.RealAgent;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Definition files reached through symbolic links, against a real agent over its folder catalogue: a
 * {@code capstan.yaml} leading outside its deployment folder is refused unread and the deployment says why; a link
 * inside the folder, and a deployment folder that is itself a link (a release switched by a {@code current} link),
 * are served (docs/deployments.md).
 */
class DefinitionLinkTest {
    private static final String VALID = "services:\n  web:\n    command: [\"sleep\", \"60\"]\n";
    private static final String SECRET = "TOPSECRET-first-line: not yaml at all {{{\n";

    @TempDir
    Path tmp;

    private static JsonNode deployment(RealAgent agent, String name) {
        Client c = new Client(agent.baseUrl(), agent.token());
        Client.Answer a = c.get("/api/v1/deployments/" + name);
        assertThat(a.status()).as(name + ": " + a.body()).isEqualTo(200);
        return a.body().path("deployment");
    }

    @Test
    void aDefinitionLinkedFromOutsideIsRefusedUnreadAndLinkedFoldersAreServed() throws Exception {
        Path root = Files.createDirectories(tmp.resolve("root"));
        Path outside = Files.createDirectories(tmp.resolve("outside"));
        Path secret = Files.writeString(outside.resolve("secret.yaml"), SECRET);

        Path leak = Files.createDirectories(root.resolve("leak"));
        Files.createSymbolicLink(leak.resolve("capstan.yaml"), secret);

        Path inner = Files.createDirectories(root.resolve("inner"));
        Files.writeString(inner.resolve("prod.yaml"), VALID);
        Files.createSymbolicLink(inner.resolve("capstan.yaml"), Path.of("prod.yaml"));

        Path release = Files.createDirectories(outside.resolve("release-1"));
        Files.writeString(release.resolve("capstan.yaml"), VALID);
        Files.createSymbolicLink(root.resolve("linked"), release);

        Path release2 = Files.createDirectories(outside.resolve("release-2"));
        Files.createSymbolicLink(release2.resolve("capstan.yaml"), secret);
        Files.createSymbolicLink(root.resolve("linkedleak"), release2);

        try (RealAgent agent = ScriptedAgent.processAgent(root, tmp.resolve("state"))) {
            for (String name : new String[] {"leak", "linkedleak"}) {
                JsonNode d = deployment(agent, name);
                assertThat(d.path("status").asText()).isEqualTo("unknown");
                assertThat(d.path("services")).isEmpty();
                assertThat(d.path("error").asText()).contains("capstan.yaml").contains("link leading outside the deployment folder")
                        .doesNotContain("TOPSECRET");
            }
            assertThat(deployment(agent, "inner").path("services").get(0).path("name").asText()).isEqualTo("web");
            assertThat(deployment(agent, "inner").path("error").isNull()).isTrue();
            assertThat(deployment(agent, "linked").path("services").get(0).path("name").asText()).isEqualTo("web");
            Client c = new Client(agent.baseUrl(), agent.token());
            assertThat(c.get("/api/v1/deployments").body().toString()).doesNotContain("TOPSECRET");
        }
    }
}

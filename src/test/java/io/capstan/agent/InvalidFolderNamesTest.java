package io.capstan.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.capstan.client.AgentException;
import io.capstan.protocol.Action;
import io.capstan.protocol.Deployment;
import io.capstan.protocol.DeploymentStatus;
import io.capstan.protocol.ErrorCode;
import io.capstan.protocol.JobStatus;
import io.capstan.protocol.Names;
import io.capstan.testing.RealAgent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A deployment folder whose name breaks the name rule is listed, broken, saying what is wrong and the rule (decision
 * record 139), on a running agent with real processes: at start, when a served folder is renamed to such a name and
 * back, as a link, and beside a valid folder of the same name in lower case; its actions, logs and jobs are refused
 * with the rule; files and folders no backend claims are not deployments.
 */
class InvalidFolderNamesTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String SHOP = """
            services:
              web:
                command: ["${java}", "-cp", "${classpath}", "io.capstan.demo.DemoService", "--name", "web", "--rate", "2"]
                stopTimeout: 3s
            """;

    @TempDir
    Path tmp;

    private RealAgent agent;

    @AfterEach
    void stop() {
        if (agent != null) agent.close();
    }

    private RealAgent start() {
        agent = RealAgent.in(tmp).deployment("shop", SHOP).deployment("My App", SHOP).deployment("Shop", SHOP)
                .deployment("app.v2", SHOP).start();
        return agent;
    }

    private void folder(String name) throws Exception {
        Files.writeString(Files.createDirectories(tmp.resolve("deployments").resolve(name)).resolve("capstan.yaml"), SHOP);
    }

    @Test
    void aFolderNamedAgainstTheRuleIsListedBrokenWithTheRuleAndANameThatWouldPass() throws Exception {
        Files.createDirectories(tmp.resolve("deployments").resolve("Notes")); // claimed by no backend
        Files.writeString(Files.createDirectories(tmp.resolve("deployments")).resolve("Read Me.txt"), "a file");
        start();

        Deployment myApp = agent.find("My App");
        assertThat(myApp).as("listed under its folder's name").isNotNull();
        assertThat(myApp.status()).isEqualTo(DeploymentStatus.UNKNOWN);
        assertThat(myApp.services()).isEmpty();
        assertThat(myApp.error()).contains("'My App'", "not a valid deployment name", Names.RULE, "e.g. to 'my-app'");
        assertThat(agent.find("Shop").error()).as("its lower-case name is served already")
                .contains(Names.RULE, "'shop' is taken");
        assertThat(agent.find("shop").error()).isNull();
        assertThat(agent.find("app.v2").error()).as("a dot is within the rule").isNull();
        assertThat(agent.client().deployments().deployments()).extracting(Deployment::name)
                .containsExactlyInAnyOrder("My App", "Shop", "app.v2", "shop");
    }

    @Test
    void actionsLogsAndJobsOfSuchAFolderAreRefusedWithTheRule() {
        start();
        for (Runnable call : List.<Runnable>of(
                () -> agent.client().startDeploymentJob("My App", Action.START),
                () -> agent.client().deployment("My App"),
                () -> agent.client().jobs("My App", null, 10))) {
            assertThatThrownBy(call::run).isInstanceOfSatisfying(AgentException.class, e -> {
                assertThat(e.code()).isEqualTo(ErrorCode.INVALID_NAME);
                assertThat(e.getMessage()).contains("'My App'", Names.RULE);
            });
        }
        assertThat(agent.find("My App").activeJob()).isNull();
    }

    @Test
    void aServedFolderRenamedAgainstTheRuleStopsItsServicesAndIsListedBrokenUntilRenamedBack() throws Exception {
        start();
        assertThat(agent.run("shop", null, Action.START).status()).isEqualTo(JobStatus.SUCCEEDED);
        long pid = agent.service("shop", "web").pid();
        Path deployments = tmp.resolve("deployments");

        Files.move(deployments.resolve("shop"), deployments.resolve("Shop Old"));

        await().atMost(WAIT).until(() -> agent.find("shop") == null && agent.find("Shop Old") != null);
        assertThat(agent.find("Shop Old").error()).contains(Names.RULE, "e.g. to 'shop-old'");
        await().atMost(WAIT).until(() -> ProcessHandle.of(pid).map(h -> !h.isAlive()).orElse(true));

        Files.move(deployments.resolve("Shop Old"), deployments.resolve("shop"));

        await().atMost(WAIT).until(() -> agent.find("Shop Old") == null && agent.find("shop") != null);
        assertThat(agent.find("shop").error()).isNull();
        assertThat(agent.run("shop", "web", Action.START).status()).isEqualTo(JobStatus.SUCCEEDED);
    }

    @Test
    void aLinkNamedAgainstTheRuleIsListedBrokenAndSaysItIsALink() throws Exception {
        start();
        folder("linked-target-x");
        Files.createSymbolicLink(tmp.resolve("deployments").resolve("Linked App"), tmp.resolve("deployments").resolve("linked-target-x"));

        await().atMost(WAIT).until(() -> agent.find("Linked App") != null);
        assertThat(agent.find("Linked App").error()).contains("the link 'Linked App'", Names.RULE, "e.g. to 'linked-app'");
        assertThat(agent.find("linked-target-x").error()).isNull();
    }

    @Test
    void aNameWithAControlCharacterIsListedOnOneLine() throws Exception {
        start();
        folder("tab\there");

        await().atMost(WAIT).until(() -> agent.find("tab\\u0009here") != null);
        assertThat(agent.find("tab\\u0009here").error()).contains(Names.RULE).doesNotContain("\t");
    }
}

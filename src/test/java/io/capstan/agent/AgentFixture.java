package io.capstan.agent;

import io.capstan.agent.backend.CatalogFactory;
import io.capstan.agent.catalog.FolderCatalog;
import io.capstan.agent.process.ProcessBackend;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/** A real agent on an ephemeral port with a temporary state directory and a {@link TestCatalog}. */
final class AgentFixture implements AutoCloseable {
    final Agent agent;
    final TestCatalog catalog;
    final Client client;

    private AgentFixture(Agent agent, TestCatalog catalog) {
        this.agent = agent;
        this.catalog = catalog;
        this.client = new Client(agent.baseUrl(), agent.token());
    }

    static AgentConfig.Builder testConfig(Path state) {
        return AgentConfig.builder(state).port(0).pingInterval(Duration.ofMillis(200))
                .cancelGrace(Duration.ofSeconds(2)).actionTimeout(Duration.ofSeconds(60));
    }

    static Path tempState() {
        try {
            return Files.createTempDirectory("capstan-agent-test");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static AgentFixture start(UnaryOperator<AgentConfig.Builder> tweak) {
        return start(tweak.apply(testConfig(tempState())).build());
    }

    static AgentFixture start(AgentConfig cfg) {
        TestCatalog[] holder = new TestCatalog[1];
        Agent a = Agent.start(cfg, contexts -> {
            holder[0] = new TestCatalog(contexts, List.of());
            return holder[0];
        });
        return new AgentFixture(a, holder[0]);
    }

    /** A real catalogue of {@code root} with the process backend; services run this build's classes. */
    static CatalogFactory processCatalog(Path root) {
        ProcessBackend backend = new ProcessBackend(Map.of("java", Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "classpath", Path.of("target", "classes").toAbsolutePath().toString()), Duration.ofMillis(300));
        return FolderCatalog.factory(root, List.of(backend));
    }

    Client anonymous() {
        return new Client(agent.baseUrl(), null);
    }

    @Override
    public void close() {
        agent.close();
    }
}

package io.capstan.agent.swarm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.capstan.client.AgentClient;
import io.capstan.client.AgentEndpoint;
import io.capstan.client.logs.ServiceLogStream;
import io.capstan.client.testing.FaultProxy;
import io.capstan.protocol.Action;
import io.capstan.protocol.JobStatus;
import io.capstan.protocol.Line;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A swarm service's log survives cuts on both of its legs exactly once: between the agent and the engine (the
 * engine's followed service log, through a fault proxy) and between the client and the agent. Each task counts its
 * lines, so a lost line is a gap in a task's numbers and a repeated one a number seen twice.
 */
@RequiresSwarm
// Real swarm work (builds, rolling updates over two nodes) on a machine shared with other builds: the default
// 120 s per test is too short there; the waits inside each test still bound every step.
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class SwarmServiceLogResumeTest {
    private static final Pattern COUNTED = Pattern.compile("(web\\.[12])@\\S+: n (\\d+)");
    private static final String COUNTING = """
            version: "3.8"
            services:
              web:
                image: capstan-test/busybox
                command: ["/bin/sh", "-c",
                  "trap 'exit 0' TERM; i=0; while true; do i=$$((i+1)); echo n $$i; sleep 0.1 & wait $$!; done"]
                stop_grace_period: 5s
                deploy:
                  replicas: 2
                  endpoint_mode: dnsrr
            """;

    @Test
    void cutsBetweenEngineAgentAndClientLoseAndRepeatNothing(@TempDir Path tmp) throws Exception {
        String host = TestSwarm.engine().host();
        Assumptions.assumeTrue(host.startsWith("unix://"), "the engine proxy bridges a unix socket; engine at " + host);
        Path root = Files.createDirectories(tmp.resolve("deployments"));
        List<Line> lines = new CopyOnWriteArrayList<>();
        try (UnixSocketBridge bridge = new UnixSocketBridge(Path.of(URI.create(host).getPath()));
             FaultProxy toEngine = new FaultProxy(bridge.port());
             SwarmAgent agent = new SwarmAgent(root, tmp.resolve("state"), new SwarmEngine("tcp://127.0.0.1:" + toEngine.port()));
             FaultProxy toAgent = new FaultProxy(URI.create(agent.agent.baseUrl()).getPort());
             AgentClient client = new AgentClient(new AgentEndpoint("proxied", toAgent.url(), agent.agent.token()))) {
            String d = agent.stack("swlr", COUNTING, null);
            assertThat(agent.run(d, null, Action.START).status()).isEqualTo(JobStatus.SUCCEEDED);
            try (ServiceLogStream log = new ServiceLogStream(client, d, "web", 1000, lines::add)) {
                log.start();
                awaitMore(lines, 10);
                toEngine.cutAll();
                awaitMore(lines, 20);
                toAgent.cutAll();
                awaitMore(lines, 20);
                toEngine.cutAll();
                toAgent.cutAll();
                awaitMore(lines, 20);
            }
            assertThat(toEngine.cuts()).isGreaterThanOrEqualTo(2);
            assertThat(toAgent.cuts()).isGreaterThanOrEqualTo(2);
        } finally {
            SwarmAgent.removeStacks(root);
        }
        Map<String, List<Integer>> byTask = counted(lines);
        assertThat(byTask).containsOnlyKeys("web.1", "web.2");
        byTask.forEach((task, numbers) -> {
            int first = numbers.get(0);
            List<Integer> expected = new ArrayList<>();
            for (int i = 0; i < numbers.size(); i++) expected.add(first + i);
            assertThat(numbers).as("%s's lines, each once and in order", task).isEqualTo(expected);
        });
    }

    /** Waits until each task has {@code more} counted lines beyond what it has now. */
    private static void awaitMore(List<Line> lines, int more) {
        Map<String, List<Integer>> now = counted(lines);
        int a = now.getOrDefault("web.1", List.of()).size() + more;
        int b = now.getOrDefault("web.2", List.of()).size() + more;
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            Map<String, List<Integer>> c = counted(lines);
            return c.getOrDefault("web.1", List.of()).size() >= a && c.getOrDefault("web.2", List.of()).size() >= b;
        });
    }

    private static Map<String, List<Integer>> counted(List<Line> lines) {
        Map<String, List<Integer>> out = new TreeMap<>();
        for (Line l : lines) {
            Matcher m = COUNTED.matcher(l.text());
            if (m.matches()) out.computeIfAbsent(m.group(1), k -> new ArrayList<>()).add(Integer.parseInt(m.group(2)));
        }
        return out;
    }
}

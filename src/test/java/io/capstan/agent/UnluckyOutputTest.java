package io.capstan.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.capstan.testing.RealAgent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Output and timing a careful client does not expect: bytes that are not UTF-8 and NUL bytes in a real build's
 * output (through the real line pump, over HTTP: the page and the stream stay valid and say what came), and many
 * clients asking for an action on one target at the same instant (exactly one job; every other answer names it).
 */
class UnluckyOutputTest {
    @TempDir
    Path tmp;

    @Test
    void invalidUtf8AndNulBytesInAProcesssOutputArriveAsReplacementAndNulOnThePageAndTheStream() throws Exception {
        Path root = Files.createDirectories(tmp.resolve("root"));
        Files.createDirectories(root.resolve("shop"));
        Files.writeString(root.resolve("shop").resolve("capstan.yaml"), "services:\n  web:\n"
                + "    command: [\"sleep\", \"3600\"]\n    autostart: false\n"
                + "    build:\n      - [\"printf\", \"bad \\\\377\\\\376 end\\\\nnul a\\\\000b\\\\nok caf\\\\303\\\\251\\\\n\"]\n");
        try (RealAgent agent = ScriptedAgent.processAgent(root, tmp.resolve("state"))) {
            Client c = new Client(agent.baseUrl(), agent.token());
            String id = c.startJob("/api/v1/deployments/shop/services/web/jobs", "rebuild");
            await().atMost(Duration.ofSeconds(30)).until(() -> !List.of("queued", "running")
                    .contains(c.get("/api/v1/jobs/" + id).body().path("job").path("status").asText()));
            List<String> page = c.get("/api/v1/jobs/" + id + "/log").body().path("lines").findValuesAsText("text");
            assertThat(page).contains("bad \uFFFD\uFFFD end", "nul a\u0000b", "ok caf\u00e9");
            List<String> streamed = new ArrayList<>();
            try (Client.Stream s = c.stream("/api/v1/jobs/" + id + "/log")) {
                for (Client.Event e : s.rest()) {
                    if (e.type().equals("line")) streamed.add(e.json().path("text").asText());
                }
            }
            assertThat(streamed).isEqualTo(page);
        }
    }

    @Test
    void manyClientsAskingAtOnceGetExactlyOneJobAndEveryOtherAnswerNamesIt() throws Exception {
        try (ScriptedAgent fx = ScriptedAgent.start(b -> b)) {
            TestRuntime shop = fx.catalog.add("shop", "web", "api");
            CountDownLatch release = new CountDownLatch(1);
            shop.behaviour = (a, s, out) -> release.await(30, TimeUnit.SECONDS);
            int clients = 16;
            CyclicBarrier together = new CyclicBarrier(clients);
            ExecutorService pool = Executors.newFixedThreadPool(clients);
            try {
                List<Future<Client.Answer>> answers = new ArrayList<>();
                for (int i = 0; i < clients; i++) {
                    // Half on the deployment, half on one of its services: they overlap, so one job in all.
                    String path = i % 2 == 0 ? "/api/v1/deployments/shop/jobs" : "/api/v1/deployments/shop/services/web/jobs";
                    Client client = new Client(fx.agent().baseUrl(), fx.agent().token());
                    answers.add(pool.submit(() -> {
                        together.await(30, TimeUnit.SECONDS);
                        return client.post(path, "{\"action\":\"restart\"}");
                    }));
                }
                List<Client.Answer> got = new ArrayList<>();
                for (Future<Client.Answer> f : answers) got.add(f.get(60, TimeUnit.SECONDS));
                List<Client.Answer> accepted = got.stream().filter(a -> a.status() == 202).toList();
                assertThat(accepted).hasSize(1);
                String job = accepted.get(0).body().path("job").path("id").asText();
                assertThat(got.stream().filter(a -> a.status() != 202))
                        .hasSize(clients - 1)
                        .allSatisfy(a -> {
                            assertThat(a.status()).isEqualTo(409);
                            assertThat(a.body().path("error").path("job").asText()).isEqualTo(job);
                        });
                assertThat(fx.http.get("/api/v1/jobs?deployment=shop").body().path("jobs")).hasSize(1);
            } finally {
                release.countDown();
                pool.shutdownNow();
            }
        }
    }
}

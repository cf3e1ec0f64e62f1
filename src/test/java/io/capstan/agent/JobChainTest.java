package io.capstan.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.capstan.protocol.JobStatus;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A finished job has released its target: a script that sends its next action the moment it sees the previous
 * job's {@code end} (or reads a terminal status) is never refused with 409 {@code busy}. Before the fix the status
 * and {@code end} went out before the lock was released, and about a third of such chains failed.
 */
class JobChainTest {
    private static final int CHAIN = 300;

    @Test
    void anActionSentRightAfterTheEndOfTheLastIsNeverBusy() {
        try (ScriptedAgent fx = ScriptedAgent.start(b -> b)) {
            TestRuntime rt = fx.catalog.add("chain", "web");
            rt.behaviour = (a, s, out) -> out.system("did " + a.wire());
            List<String> refused = new ArrayList<>();
            for (int i = 0; i < CHAIN; i++) {
                Client.Answer a = fx.http.post("/api/v1/deployments/chain/jobs", "{\"action\":\"restart\"}");
                if (a.status() != 202) {
                    refused.add(i + ": " + a.status() + " " + a.body());
                    continue;
                }
                String id = a.body().path("job").path("id").asText();
                try (Client.Stream log = fx.http.stream("/api/v1/jobs/" + id + "/log")) {
                    Client.Event e;
                    while ((e = log.next()) != null && !e.type().equals("end")) {
                        // lines of the job; the next action goes out on its end
                    }
                    assertThat(e).as("end of job %s", id).isNotNull();
                }
            }
            assertThat(refused).isEmpty();
        }
    }

    @Test
    void anActionSentRightAfterPollingATerminalStatusIsNeverBusy() {
        try (ScriptedAgent fx = ScriptedAgent.start(b -> b)) {
            TestRuntime rt = fx.catalog.add("chain", "web", "db");
            rt.behaviour = (a, s, out) -> out.system("did " + a.wire());
            List<String> refused = new ArrayList<>();
            for (int i = 0; i < CHAIN; i++) {
                String path = i % 2 == 0 ? "/api/v1/deployments/chain/jobs" : "/api/v1/deployments/chain/services/web/jobs";
                Client.Answer a = fx.http.post(path, "{\"action\":\"restart\"}");
                if (a.status() != 202) {
                    refused.add(i + ": " + a.status() + " " + a.body());
                    continue;
                }
                String id = a.body().path("job").path("id").asText();
                // A tight poll, as a script would do it: the first terminal answer is the go-ahead.
                while (!JobStatus.valueOf(fx.http.get("/api/v1/jobs/" + id).body().path("job").path("status")
                        .asText().toUpperCase()).isTerminal()) {
                    Thread.onSpinWait();
                }
            }
            assertThat(refused).isEmpty();
        }
    }
}

package io.capstan.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.capstan.client.logs.JobLogStream;
import io.capstan.client.sse.StreamState;
import io.capstan.client.testing.RecordedLog;
import io.capstan.protocol.Action;
import io.capstan.protocol.Job;
import io.capstan.protocol.JobStatus;
import io.capstan.protocol.Line;
import io.capstan.testing.Demo;
import io.capstan.testing.RealAgent;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A job log followed from a resume point past the job's end (a pane restored against another job's numbers): the
 * client stops for good with the agent's words (416 {@code past_the_end}), instead of retrying into the same refusal
 * forever or waiting silently.
 */
class JobLogPastTheEndTest {
    @TempDir
    Path tmp;

    @Test
    void aResumePointPastTheEndStopsTheStreamWithTheAgentsReasonAndNoRetry() throws Exception {
        try (RealAgent agent = RealAgent.in(tmp).deployment("app", Demo.service("web")).quick()
                .config(b -> b.pingInterval(Duration.ofMillis(200))).start()) {
            AgentClient client = agent.client();
            Job stop = client.startServiceJob("app", "web", Action.STOP);
            await().atMost(Duration.ofSeconds(30)).until(() -> client.job(stop.id()).status() == JobStatus.SUCCEEDED);
            long last = client.job(stop.id()).lines();

            RecordedLog recorded = new RecordedLog();
            List<StreamState> states = recorded.states;
            List<Line> lines = recorded.lines;
            try (JobLogStream log = new JobLogStream(client, stop.id(), last + 100, recorded, Duration.ofSeconds(10), null, null)) {
                log.start();
                await().atMost(Duration.ofSeconds(20)).until(() -> log.state() instanceof StreamState.Stopped);
                StreamState.Stopped stopped = (StreamState.Stopped) log.state();
                assertThat(stopped.reason()).isEqualTo(StreamState.StopReason.REJECTED);
                assertThat(stopped.message()).startsWith("HTTP 416: ").contains("past the end of job " + stop.id())
                        .endsWith("its output ends at line " + last);
                assertThat(states).noneMatch(s -> s instanceof StreamState.WaitingToRetry);
                assertThat(lines).isEmpty();
            }
        }
    }
}

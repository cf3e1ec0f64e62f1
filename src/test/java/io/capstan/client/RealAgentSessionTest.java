package io.capstan.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.capstan.client.logs.JobLogStream;
import io.capstan.client.sse.StreamState;
import io.capstan.client.testing.FaultProxy;
import io.capstan.protocol.Action;
import io.capstan.protocol.Deployment;
import io.capstan.protocol.Job;
import io.capstan.protocol.JobStatus;
import io.capstan.protocol.Line;
import io.capstan.protocol.Messages;
import io.capstan.protocol.ServiceStatus;
import io.capstan.testing.RealAgent;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole client (session, event subscription, store) against a real agent with real processes, through the
 * fault proxy: state reaches the store from events alone, and a restarted agent on the same address is picked up.
 */
class RealAgentSessionTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path tmp;

    private RealAgent agent;
    private FaultProxy proxy;
    private AgentSession session;
    private final List<StreamState> states = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws Exception {
        agent = RealAgent.in(tmp).deployment("app", """
                services:
                  web:
                    command: ["${java}", "-cp", "${classpath}", "io.capstan.demo.DemoService", "--name", "web"]
                    stopTimeout: 3s
                    build:
                      - ["${java}", "-cp", "${classpath}", "io.capstan.demo.DemoBuild", "--steps", "40", "--lines", "50",
                         "--step-millis", "100"]
                  text:
                    command: ["${java}", "-cp", "${classpath}", "io.capstan.demo.DemoService", "--name", "text"]
                    build:
                      - ["printf", "na\u00efve caf\u00e9 \u2014 \u65e5\u672c\u8a9e \ud83d\ude80\\rcarriage\\nsecond line\\n"]
                """).start();
        proxy = agent.proxy();
        session = new AgentSession(new AgentEndpoint("test", proxy.url(), agent.token()), snapshot -> { }, states::add);
        session.start();
        await().atMost(WAIT).until(() -> session.store().snapshot().live() && service("web") != null);
    }

    @AfterEach
    void stop() throws Exception {
        session.close();
        agent.close();
    }

    private io.capstan.protocol.Service service(String name) {
        for (Deployment d : session.store().snapshot().deployments()) {
            for (io.capstan.protocol.Service s : d.services()) {
                if (s.name().equals(name)) return s;
            }
        }
        return null;
    }

    @Test
    void statusIsCurrentAfterAJobEndsWithoutAManualRefresh() {
        long fetchesBefore = session.store().fetchesStarted();

        Job job = session.client().startServiceJob("app", "web", Action.START);

        await().atMost(WAIT).until(() -> service("web").status() == ServiceStatus.RUNNING && service("web").activeJob() == null);
        await().atMost(WAIT).until(() -> session.store().snapshot().jobs().stream()
                .anyMatch(j -> j.id().equals(job.id()) && j.status() == JobStatus.SUCCEEDED));
        // Events carried it: no list fetch was needed (row 28, and row 11's spirit against a real agent).
        assertThat(session.store().fetchesStarted()).isEqualTo(fetchesBefore);
    }

    @Test
    void infoCountsTheSessionsOwnEventStream() {
        // The session's event stream is live, so the agent counts at least that one; the strict request body
        // check passes the client's own action requests (every test here starts jobs through it).
        Messages.StreamCounts streams = session.client().info().streams();
        assertThat(streams).isNotNull();
        assertThat(streams.events()).isGreaterThanOrEqualTo(1);
        assertThat(streams.open()).isEqualTo(streams.events() + streams.jobLogs() + streams.serviceLogs());
        assertThat(streams.limit()).isEqualTo(256);
    }

    @Test
    void anAgentRestartedOnTheSameAddressIsLiveAgainAndRefetched() throws Exception {
        session.client().startServiceJob("app", "web", Action.START);
        await().atMost(WAIT).until(() -> service("web").status() == ServiceStatus.RUNNING);
        agent.stop();  // a graceful stop stops web
        await().atMost(WAIT).until(() -> session.events().state() instanceof StreamState.WaitingToRetry);
        agent.startAgain();
        states.clear();
        session.reconnectNow();  // row 4: the user's "reconnect now" skips the remaining wait

        // A new epoch: hello says resumed=false, the store refetches and shows the restarted agent's state.
        await().atMost(WAIT).until(() -> session.events().state() instanceof StreamState.Live
                && session.store().snapshot().live() && service("web") != null
                && service("web").status() == ServiceStatus.STOPPED);
        // Immediate means no failed attempt after "reconnect now" (a stale pooled connection once caused one,
        // and the subscription then waited a whole backoff step).
        assertThat(states).noneMatch(st -> st instanceof StreamState.WaitingToRetry);
        Job again = session.client().startServiceJob("app", "web", Action.START);
        await().atMost(WAIT).until(() -> service("web").status() == ServiceStatus.RUNNING);
        assertThat(again.id()).startsWith("j-");
    }

    @Test
    void jobOutputIsDeliveredExactlyOnceAcrossAnAgentRestart() throws Exception {
        Job job = session.client().startServiceJob("app", "web", Action.REBUILD);
        Recorder recorder = new Recorder();
        List<Line> seen = recorder.seen;
        CompletableFuture<Job> ended = recorder.ended;
        try (JobLogStream stream = new JobLogStream(session.client(), job.id(), recorder)) {
            stream.start();
            await().atMost(WAIT).until(() -> seen.size() >= 200);
            agent.stop();  // mid-build: the job becomes interrupted, its output kept
            agent.startAgain();
            stream.reconnectNow();

            Job end = ended.get(WAIT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
            assertThat(end.status()).isEqualTo(JobStatus.INTERRUPTED);
        }
        List<Line> stored = new ArrayList<>();
        long after = 0;
        while (true) {
            Messages.LogPage page = session.client().log(job.id(), after, 10_000);
            stored.addAll(page.lines());
            if (page.lines().isEmpty() || page.done()) break;
            after = page.next();
        }
        assertThat(seen).extracting(Line::seq).doesNotHaveDuplicates().isSorted();
        assertThat(seen).extracting(Line::text).containsExactlyElementsOf(stored.stream().map(Line::text).toList());
        assertThat(seen.get(seen.size() - 1).seq()).isEqualTo(seen.size());
    }

    @Test
    void multiByteTextAndCarriageReturnsArriveWholeOneBytePerWrite() throws Exception {
        proxy.oneBytePerWrite(true);  // rows 13 and 14: every byte in its own write, through the real agent's framing
        Job job = session.client().startServiceJob("app", "text", Action.REBUILD);
        Recorder recorder = new Recorder();
        List<Line> seen = recorder.seen;
        CompletableFuture<Job> ended = recorder.ended;
        try (JobLogStream stream = new JobLogStream(session.client(), job.id(), recorder)) {
            stream.start();
            assertThat(ended.get(WAIT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS).status()).isEqualTo(JobStatus.SUCCEEDED);
        }
        assertThat(seen).extracting(Line::text)
                .contains("na\u00efve caf\u00e9 \u2014 \u65e5\u672c\u8a9e \ud83d\ude80\rcarriage", "second line");
    }

    /** Records what a job log stream delivers; callbacks come on the stream's reading thread. */
    private static final class Recorder implements JobLogStream.Listener {
        final List<Line> seen = new CopyOnWriteArrayList<>();
        final CompletableFuture<Job> ended = new CompletableFuture<>();

        @Override
        public void onLine(Line line) {
            seen.add(line);
        }

        @Override
        public void onEnd(Job job) {
            ended.complete(job);
        }
    }
}

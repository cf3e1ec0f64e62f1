package io.capstan.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.capstan.agent.auth.TokenFile;
import io.capstan.client.logs.JobLogStream;
import io.capstan.client.logs.ServiceLogStream;
import io.capstan.client.sse.StreamState;
import io.capstan.client.testing.FaultProxy;
import io.capstan.client.testing.RecordedLog;
import io.capstan.protocol.Action;
import io.capstan.protocol.Job;
import io.capstan.protocol.Line;
import io.capstan.testing.Demo;
import io.capstan.testing.RealAgent;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A token revoked while the client follows the agent with it: every open stream (events, a job's log, a service's log)
 * stops with the agent's reason, straight from live (no reconnect into a 401, no backoff), and a job it starts carries
 * its name. Given a valid token again ({@link AgentClient#renewToken}), each refused stream resumes from its cursor.
 */
class RevokedTokenStreamsTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path tmp;
    private RealAgent agent;

    @BeforeEach
    void start() {
        agent = RealAgent.in(tmp).deployment("app", Demo.service("web").build("--steps", "100", "--step-millis", "300")).quick()
                .config(b -> b.pingInterval(Duration.ofMillis(200))).start();
    }

    @AfterEach
    void stop() {
        agent.close();
    }

    @Test
    void everyOpenStreamStopsWithTheReasonAndDoesNotReconnect() throws Exception {
        TokenFile tokens = agent.tokens();
        String ci = tokens.add("ci");
        List<StreamState> eventStates = new CopyOnWriteArrayList<>();
        List<StreamState> jobStates = new CopyOnWriteArrayList<>();
        List<StreamState> serviceStates = new CopyOnWriteArrayList<>();
        try (AgentSession session = new AgentSession(new AgentEndpoint("ci", agent.baseUrl(), ci), s -> { }, eventStates::add)) {
            session.start();
            Job job = session.client().startServiceJob("app", "web", Action.REBUILD);
            assertThat(job.startedBy()).isEqualTo("ci");
            List<Line> lines = new CopyOnWriteArrayList<>();
            try (JobLogStream log = new JobLogStream(session.client(), job.id(), new RecordedLog(lines, jobStates));
                 ServiceLogStream service = new ServiceLogStream(session.client(), "app", "web", 10, new ServiceLogStream.Listener() {
                    @Override
                    public void onLine(Line line) {
                    }

                    @Override
                    public void onState(StreamState state) {
                        serviceStates.add(state);
                    }
                })) {
                log.start();
                service.start();
                await().atMost(WAIT).until(() -> !lines.isEmpty() && last(eventStates) instanceof StreamState.Live
                        && last(serviceStates) instanceof StreamState.Live);

                tokens.revoke("ci");

                for (List<StreamState> states : List.of(eventStates, jobStates, serviceStates)) {
                    await().atMost(WAIT).until(() -> last(states) instanceof StreamState.Stopped);
                    StreamState.Stopped stopped = (StreamState.Stopped) last(states);
                    assertThat(stopped.reason()).isEqualTo(StreamState.StopReason.REVOKED);
                    assertThat(stopped.message()).contains("\"ci\" was revoked");
                    // Straight from live: the agent's last event said why, so no attempt met the 401.
                    assertThat(states.get(states.size() - 2)).isInstanceOf(StreamState.Live.class);
                    assertThat(states).noneMatch(s -> s instanceof StreamState.WaitingToRetry);
                }
                await().atMost(WAIT).until(() -> agent.agent().openStreams() == 0);
            }
        }
    }

    @Test
    void aStreamOpenedWithARevokedTokenIsTypedFromThe401sReason() throws Exception {
        TokenFile tokens = agent.tokens();
        String ci = tokens.add("ci");
        String stranger = TokenFile.newToken();
        tokens.revoke("ci");
        for (String token : List.of(ci, stranger)) {
            List<StreamState> states = new CopyOnWriteArrayList<>();
            try (AgentSession session = new AgentSession(new AgentEndpoint("x", agent.baseUrl(), token), s -> { }, states::add)) {
                session.start();
                await().atMost(WAIT).until(() -> last(states) instanceof StreamState.Stopped);
            }
            StreamState.Stopped stopped = (StreamState.Stopped) states.stream().filter(s -> s instanceof StreamState.Stopped)
                    .findFirst().orElseThrow();
            if (token.equals(ci)) {
                assertThat(stopped.reason()).isEqualTo(StreamState.StopReason.REVOKED);
                assertThat(stopped.message()).isEqualTo("the token \"ci\" was revoked");
            } else {
                // A stranger learns nothing: no name, no reason.
                assertThat(stopped.reason()).isEqualTo(StreamState.StopReason.UNAUTHORIZED);
                assertThat(stopped.message()).doesNotContain("ci");
            }
            assertThat(states).noneMatch(s -> s instanceof StreamState.WaitingToRetry);
        }
        try (AgentClient client = new AgentClient(new AgentEndpoint("ci", agent.baseUrl(), ci))) {
            assertThatThrownBy(client::deployments).isInstanceOf(UnauthorizedException.class)
                    .hasMessage("the token \"ci\" was revoked");
        }
    }

    @Test
    void rotatingEndsTheOldTokensStreamsWhileTheNameStaysValidWithTheNewOne() throws Exception {
        TokenFile tokens = agent.tokens();
        String old = tokens.add("ci");
        List<StreamState> states = new CopyOnWriteArrayList<>();
        try (AgentSession session = new AgentSession(new AgentEndpoint("ci", agent.baseUrl(), old), s -> { }, states::add)) {
            session.start();
            await().atMost(WAIT).until(() -> last(states) instanceof StreamState.Live);

            String fresh = tokens.rotate("ci");

            await().atMost(WAIT).until(() -> last(states) instanceof StreamState.Stopped);
            StreamState.Stopped stopped = (StreamState.Stopped) last(states);
            assertThat(stopped.reason()).isEqualTo(StreamState.StopReason.REVOKED);
            assertThat(stopped.message()).isEqualTo("the token \"ci\" was replaced by a new one (rotated)");
            assertThat(fresh).isNotEqualTo(old);
            try (AgentClient client = new AgentClient(new AgentEndpoint("ci", agent.baseUrl(), fresh))) {
                assertThat(client.startServiceJob("app", "web", Action.STOP).startedBy()).isEqualTo("ci");
            }
            try (AgentClient client = new AgentClient(new AgentEndpoint("ci", agent.baseUrl(), old))) {
                // Unknown now (its hash is gone): refused like any wrong token.
                assertThatThrownBy(client::deployments).isInstanceOf(UnauthorizedException.class);
            }
        }
    }

    @Test
    void aRenewedTokenResumesEveryRefusedStreamFromItsCursorEveryLineOnce() throws Exception {
        TokenFile tokens = agent.tokens();
        String old = tokens.add("ci");
        List<StreamState> eventStates = new CopyOnWriteArrayList<>();
        List<StreamState> jobStates = new CopyOnWriteArrayList<>();
        List<Line> lines = new CopyOnWriteArrayList<>();
        try (AgentSession session = new AgentSession(new AgentEndpoint("ci", agent.baseUrl(), old), s -> { }, eventStates::add)) {
            session.start();
            Job job = session.client().startServiceJob("app", "web", Action.REBUILD);
            try (JobLogStream log = new JobLogStream(session.client(), job.id(), new RecordedLog(lines, jobStates))) {
                log.start();
                await().atMost(WAIT).until(() -> lines.size() > 2 && last(eventStates) instanceof StreamState.Live);

                String fresh = tokens.rotate("ci");
                await().atMost(WAIT).until(() -> last(jobStates) instanceof StreamState.Stopped
                        && last(eventStates) instanceof StreamState.Stopped);
                int held = lines.size();
                // The build goes on while the stream is stopped; its lines are not lost, only waiting.
                await().atMost(WAIT).until(() -> agent.client().job(job.id()).lines() > held + 2);
                assertThat(lines).hasSize(held);

                session.client().renewToken(fresh);

                await().atMost(WAIT).until(() -> last(jobStates) instanceof StreamState.Live
                        && last(eventStates) instanceof StreamState.Live);
                await().atMost(WAIT).until(() -> lines.size() > held + 2);
                agent.client().cancel(job.id());
                await().atMost(WAIT).until(() -> last(jobStates) instanceof StreamState.Stopped s
                        && s.reason() == StreamState.StopReason.ENDED);
                long total = agent.client().job(job.id()).lines();
                assertThat(lines).extracting(Line::seq).as("every line once, in order, across the refusal")
                        .isEqualTo(java.util.stream.LongStream.rangeClosed(1, total).boxed().toList());
                assertThat(session.client().endpoint().token()).isEqualTo(fresh);
            }
        }
    }

    /**
     * The race decision 133 handles: the token is renewed while a request made with the old one is on its way, and the
     * refusal arrives after the renewal. The proxy holds the agent's 401s until the renewal has happened, so the order
     * is certain: each stream (the events and a job's log) connects again at once with the new token, instead of
     * stopping and waiting for a renewal that already came.
     */
    @Test
    void aRefusalOfATokenRenewedWhileTheRequestWasOnItsWayConnectsAgainAtOnce() throws Exception {
        TokenFile tokens = agent.tokens();
        String old = tokens.add("ci");
        String fresh = tokens.rotate("ci");
        Job job = agent.client().startServiceJob("app", "web", Action.REBUILD);
        List<StreamState> eventStates = new CopyOnWriteArrayList<>();
        List<StreamState> jobStates = new CopyOnWriteArrayList<>();
        List<Line> lines = new CopyOnWriteArrayList<>();
        try (FaultProxy proxy = new FaultProxy(agent.port());
             AgentSession session = new AgentSession(new AgentEndpoint("ci", proxy.url(), old), s -> { }, eventStates::add);
             JobLogStream log = new JobLogStream(session.client(), job.id(), new RecordedLog(lines, jobStates))) {
            proxy.holdAnswers(true);
            session.start();
            log.start();
            // Both requests carried the old token; both refusals are now at the proxy, not yet at the client.
            await().atMost(WAIT).until(() -> proxy.heldAnswers() == 2);

            session.client().renewToken(fresh);
            proxy.holdAnswers(false);

            await().atMost(WAIT).until(() -> last(eventStates) instanceof StreamState.Live
                    && last(jobStates) instanceof StreamState.Live && lines.size() > 1);
            for (List<StreamState> states : List.of(eventStates, jobStates)) {
                assertThat(states).as("connected again at once: never stopped, never waited").noneMatch(
                        s -> s instanceof StreamState.Stopped || s instanceof StreamState.WaitingToRetry);
            }
            assertThat(proxy.connectionsAccepted()).as("one refused attempt each, then one with the new token")
                    .isLessThanOrEqualTo(4);
            agent.client().cancel(job.id());
        }
    }

    @Test
    void aClosedStreamStaysClosedWhenTheTokenIsRenewed() throws Exception {
        TokenFile tokens = agent.tokens();
        String old = tokens.add("ci");
        List<StreamState> states = new CopyOnWriteArrayList<>();
        try (AgentSession session = new AgentSession(new AgentEndpoint("ci", agent.baseUrl(), old), s -> { }, states::add)) {
            session.start();
            await().atMost(WAIT).until(() -> last(states) instanceof StreamState.Live);
            String fresh = tokens.rotate("ci");
            await().atMost(WAIT).until(() -> last(states) instanceof StreamState.Stopped);
            session.events().close();
            int seen = states.size();

            session.client().renewToken(fresh);

            assertThat(states).as("closed by its owner: a renewal does not bring it back").hasSize(seen);
            assertThat(session.client().deployments().deployments()).isNotEmpty();
        }
    }


    private static StreamState last(List<StreamState> states) {
        return states.isEmpty() ? null : states.get(states.size() - 1);
    }
}

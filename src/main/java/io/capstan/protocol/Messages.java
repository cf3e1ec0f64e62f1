package io.capstan.protocol;

import java.time.Instant;
import java.util.List;

/** Envelopes of requests, responses and stream events, one record each, named as in docs/protocol.md. */
public final class Messages {
    private Messages() {
    }

    public record Health(String status) {
    }

    public record AgentInfo(String id, String name, String version, String epoch, Instant startedAt) {
    }

    /** {@code streams} counts the agent's open streams (null from an agent that predates it). */
    public record Info(AgentInfo agent, long seq, StreamCounts streams) {
    }

    /** Open streams now: all of them, by kind, and the limit above which a new one is refused with 503. */
    public record StreamCounts(int open, int events, int jobLogs, int serviceLogs, int limit) {
    }

    public record DeploymentList(long seq, List<Deployment> deployments) {
    }

    public record DeploymentEnvelope(long seq, Deployment deployment) {
    }

    public record ActionRequest(Action action) {
    }

    public record JobEnvelope(Job job) {
    }

    public record JobList(List<Job> jobs) {
    }

    /** JSON log page: {@code next} is the last seq sent; {@code done} when the job is terminal and nothing is left. */
    public record LogPage(List<Line> lines, long next, boolean done) {
    }

    /** {@code event: gap}: lines from..to are no longer retained. */
    public record Gap(long from, long to) {
    }

    /** {@code event: hello}, first on every event-stream connection. */
    public record Hello(String agent, String epoch, long seq, boolean resumed) {
    }

    /** {@code GET /deployments/{d}/services/{s}}: the service as listed, and its detail. */
    public record ServiceEnvelope(long seq, Service service, ServiceDetail detail) {
    }

    /** {@code event: deployment}. */
    public record DeploymentEvent(long seq, Deployment deployment) {
    }

    /** {@code event: deployment.removed}. */
    public record DeploymentRemoved(long seq, String name) {
    }

    /** {@code event: job}. */
    public record JobEvent(long seq, Job job) {
    }

    /**
     * {@code event: service}: something happened to one service that a snapshot alone would let a client miss or
     * have to work out: {@code kind} is {@code crashed} (it ended on its own; {@code exitCode}), {@code restarted}
     * (started again without an operator; {@code restarts}), {@code crash-looping} (the restart policy gave up) or
     * {@code health} (its health changed to {@code health}). The {@code deployment} event with the new state comes
     * first.
     */
    public record ServiceEvent(long seq, String deployment, String service, String kind, Integer exitCode,
                               Integer restarts, String health, Instant at) {
        public static final String CRASHED = "crashed";
        public static final String RESTARTED = "restarted";
        public static final String CRASH_LOOPING = "crash-looping";
        public static final String HEALTH = "health";
    }
}

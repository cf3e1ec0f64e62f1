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

    /**
     * {@code streams} counts the agent's open streams (null from an agent that predates it); {@code tls} describes the
     * certificate it serves now (null over plain HTTP).
     */
    public record Info(AgentInfo agent, long seq, StreamCounts streams, Tls tls, ConnectionCounts connections) {
        public Info(AgentInfo agent, long seq, StreamCounts streams) {
            this(agent, seq, streams, null, null);
        }

        public Info(AgentInfo agent, long seq, StreamCounts streams, Tls tls) {
            this(agent, seq, streams, tls, null);
        }
    }

    /**
     * The agent's HTTP connections: open now, the limit, and how many it closed since it started because they sent
     * no complete request in time ({@code closedSlow}) or waited for one while the limit was reached
     * ({@code closedOverLimit}). Null from an agent that predates it.
     */
    public record ConnectionCounts(int open, int limit, long closedSlow, long closedOverLimit) {
    }

    /** The certificate an agent serves: SHA-256 fingerprint ({@code Fingerprints}), subject, end of validity. */
    public record Tls(String fingerprint, String subject, Instant notAfter) {
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

    /**
     * {@code GET /deployments/{d}/services/{s}/resources}: the service's samples after {@code since}, oldest first
     * ({@code intervalMillis} apart when nothing was missed), at most the last hour of them.
     */
    public record ResourceSeries(String deployment, String service, long intervalMillis, List<ResourceSample> samples) {
        public ResourceSeries {
            samples = samples == null ? List.of() : List.copyOf(samples);
        }
    }

    /** {@code GET /deployments/{d}/resources}: every service's series in one answer (one fetch per table, not per row). */
    public record DeploymentResources(String deployment, long intervalMillis, List<ResourceSeries> services) {
        public DeploymentResources {
            services = services == null ? List.of() : List.copyOf(services);
        }
    }

    /**
     * An event of the agent's event stream after {@code hello}: numbered in its epoch, named on the wire by
     * {@link #eventName()}. Sealed, so the agent publishes and the client applies exactly these, never an {@code Object}.
     */
    public sealed interface AgentEvent extends Sequenced permits DeploymentEvent, DeploymentRemoved, JobEvent, ServiceEvent {
        @Override
        long seq();

        /** The SSE event name ({@code event: <name>}); not a JSON field. */
        String eventName();

        /** The record an event name stands for, or null for a name this side does not know (the protocol may grow). */
        static Class<? extends AgentEvent> forName(String name) {
            return switch (name) {
                case DeploymentEvent.NAME -> DeploymentEvent.class;
                case DeploymentRemoved.NAME -> DeploymentRemoved.class;
                case JobEvent.NAME -> JobEvent.class;
                case ServiceEvent.NAME -> ServiceEvent.class;
                default -> null;
            };
        }
    }

    /** {@code event: deployment}. */
    public record DeploymentEvent(long seq, Deployment deployment) implements AgentEvent {
        public static final String NAME = "deployment";

        @Override
        public String eventName() {
            return NAME;
        }
    }

    /** {@code event: deployment.removed}. */
    public record DeploymentRemoved(long seq, String name) implements AgentEvent {
        public static final String NAME = "deployment.removed";

        @Override
        public String eventName() {
            return NAME;
        }
    }

    /** {@code event: job}. */
    public record JobEvent(long seq, Job job) implements AgentEvent {
        public static final String NAME = "job";

        @Override
        public String eventName() {
            return NAME;
        }
    }

    /**
     * {@code event: service}: something happened to one service that a snapshot alone would let a client miss or
     * have to work out: {@code kind} is {@code crashed} (it ended on its own; {@code exitCode}), {@code restarted}
     * (started again without an operator; {@code restarts}), {@code crash-looping} (the restart policy gave up) or
     * {@code health} (its health changed to {@code health}). The {@code deployment} event with the new state comes
     * first.
     */
    public record ServiceEvent(long seq, String deployment, String service, ServiceEventKind kind, Integer exitCode,
                               Integer restarts, HealthStatus health, Instant at) implements AgentEvent {
        public static final String NAME = "service";

        @Override
        public String eventName() {
            return NAME;
        }
    }
}

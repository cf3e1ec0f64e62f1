package io.capstan.client;

import io.capstan.client.internal.Http;
import io.capstan.protocol.Action;
import io.capstan.protocol.Job;
import io.capstan.protocol.Messages;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * Typed calls for every route of one agent. One instance per agent, shared by everything that talks to it: it
 * owns one HTTP transport ({@link Http}: one connection pool, one dispatcher, configured on purpose). Ordinary
 * calls connect within 5 s and finish within 15 s; streams have no call timeout and a read timeout equal to the
 * heartbeat window.
 *
 * <p>Every method is blocking and thread-safe, except {@code *Async} ones which complete on an OkHttp thread.
 * Failures are {@link AgentException}s: {@link UnauthorizedException}, {@link BusyException},
 * {@link NotFoundException}, {@link UnavailableException} (unreachable or 5xx), {@link ProtocolException}
 * (an answer that is not the protocol). Whoever creates the client closes it; closing ends its threads.
 */
public final class AgentClient implements AutoCloseable {
    public static final int MAX_REQUESTS_PER_HOST = Http.MAX_REQUESTS_PER_HOST;
    public static final Duration CONNECT_TIMEOUT = Http.CONNECT_TIMEOUT;
    public static final Duration CALL_TIMEOUT = Http.CALL_TIMEOUT;
    /** 45 s of silence on a stream means the connection is dead (the agent pings at least every 15 s). */
    public static final Duration HEARTBEAT_WINDOW = Duration.ofSeconds(45);

    private final Http http;

    public AgentClient(AgentEndpoint endpoint) {
        this(endpoint, Clock.systemUTC());
    }

    /** @param clock what stamps {@link #lastContact()}: a test's clock, the same its streams' scheduler reads */
    public AgentClient(AgentEndpoint endpoint, Clock clock) {
        this.http = new Http(Objects.requireNonNull(endpoint), Objects.requireNonNull(clock));
    }

    /**
     * When this agent was last heard from: the last read that brought bytes on any of this client's streams (lines,
     * events, {@code : ping} comments) or the last successful answer to a call; null before the first. Unlike the moment
     * a stream's failure is noticed (for a paused agent or a dead path, a whole silence window later), this is when the
     * agent went quiet. A {@code WaitingToRetry} state carries it too. Decision record 151.
     */
    public Instant lastContact() {
        return http.contact().last();
    }

    /** Where the agent is, with the token this client sends now. */
    public AgentEndpoint endpoint() {
        return http.endpoint();
    }

    /**
     * Sends {@code token} from now on, to the same agent (its token was rotated, or the user fixed it): every stream of
     * this client that the agent stopped for refusing the old token (revoked, rotated, unknown) resumes from its cursor,
     * so a log pane or the event subscription goes on where it stopped, every line once. Any thread.
     */
    public void renewToken(String token) {
        http.renewToken(token);
    }

    /**
     * Runs {@code listener} whenever a stream of this client (the event subscription, any job or service log) stops
     * because the agent refused the current token: the cue to look for a renewed one ({@link #renewToken}). Runs on the
     * client's reader thread; it must hand off and return at once.
     */
    public void onTokenRefused(Runnable listener) {
        http.onRefusal(listener);
    }

    /**
     * The transport under these calls, for the client's own streams ({@code EventSubscription}, the log streams);
     * {@code io.capstan.client.internal} is the client's alone (LayeringTest).
     */
    public Http transport() {
        return http;
    }

    public Messages.Health health() {
        return http.get("/health", Map.of(), Messages.Health.class);
    }

    public Messages.Info info() {
        return http.get("/info", Map.of(), Messages.Info.class);
    }

    public Messages.DeploymentList deployments() {
        return http.get("/deployments", Map.of(), Messages.DeploymentList.class);
    }

    /** The list, without blocking: completes on an OkHttp thread, exceptionally with an {@link AgentException}. */
    public CompletableFuture<Messages.DeploymentList> deploymentsAsync() {
        return http.getAsync("/deployments", Map.of(), Messages.DeploymentList.class);
    }

    public CompletableFuture<List<Job>> jobsAsync(String deployment, String service, Integer limit) {
        return http.getAsync("/jobs", jobsQuery(deployment, service, limit), Messages.JobList.class)
                .thenApply(l -> l.jobs() == null ? List.of() : List.copyOf(l.jobs()));
    }

    public Messages.DeploymentEnvelope deployment(String name) {
        return http.get("/deployments/" + segment(name), Map.of(), Messages.DeploymentEnvelope.class);
    }

    /** One service as listed and its detail (command, environment, ports, definition, last exit). */
    public Messages.ServiceEnvelope service(String deployment, String service) {
        return http.get("/deployments/" + segment(deployment) + "/services/" + segment(service), Map.of(),
                Messages.ServiceEnvelope.class);
    }

    /**
     * Every service's CPU and memory samples of a deployment taken after {@code since} (null: the last hour the agent
     * keeps), oldest first: one call refreshes a whole services table.
     */
    public Messages.DeploymentResources resources(String deployment, java.time.Instant since) {
        return http.get("/deployments/" + segment(deployment) + "/resources", sinceQuery(since),
                Messages.DeploymentResources.class);
    }

    /** One service's CPU and memory samples taken after {@code since} (null: the last hour), oldest first. */
    public Messages.ResourceSeries serviceResources(String deployment, String service, java.time.Instant since) {
        return http.get("/deployments/" + segment(deployment) + "/services/" + segment(service) + "/resources",
                sinceQuery(since), Messages.ResourceSeries.class);
    }

    /**
     * Starts a whole-deployment job; {@link BusyException} names the job that holds it. A request whose answer was lost
     * (a dropped connection) is sent again, and the agent answers the repeat with the job the first one started: an
     * action that reached the agent runs once ({@link Http#postRepeatable}).
     */
    public Job startDeploymentJob(String deployment, Action action) {
        return http.postRepeatable("/deployments/" + segment(deployment) + "/jobs", new Messages.ActionRequest(action),
                Messages.JobEnvelope.class).job();
    }

    /** Starts a job on one service, as {@link #startDeploymentJob} does. */
    public Job startServiceJob(String deployment, String service, Action action) {
        return http.postRepeatable("/deployments/" + segment(deployment) + "/services/" + segment(service) + "/jobs",
                new Messages.ActionRequest(action), Messages.JobEnvelope.class).job();
    }

    /** Jobs newest first; any filter may be null. */
    public List<Job> jobs(String deployment, String service, Integer limit) {
        Messages.JobList list = http.get("/jobs", jobsQuery(deployment, service, limit), Messages.JobList.class);
        return list.jobs() == null ? List.of() : List.copyOf(list.jobs());
    }

    public Job job(String id) {
        return http.get("/jobs/" + segment(id), Map.of(), Messages.JobEnvelope.class).job();
    }

    /** Asks the agent to cancel; 409 when the job already ended. */
    public Job cancel(String id) {
        return http.post("/jobs/" + segment(id) + "/cancel", null, Messages.JobEnvelope.class).job();
    }

    /** One page of a job's output after {@code after}; {@code limit} may be null. */
    public Messages.LogPage log(String id, long after, Integer limit) {
        Map<String, Object> q = new LinkedHashMap<>();
        q.put("after", after);
        q.put("limit", limit);
        return http.get("/jobs/" + segment(id) + "/log", q, Messages.LogPage.class);
    }

    private static Map<String, Object> sinceQuery(java.time.Instant since) {
        Map<String, Object> q = new LinkedHashMap<>();
        q.put("since", since == null ? null : io.capstan.protocol.Timestamps.format(since));
        return q;
    }

    private static Map<String, Object> jobsQuery(String deployment, String service, Integer limit) {
        Map<String, Object> q = new LinkedHashMap<>();
        q.put("deployment", deployment);
        q.put("service", service);
        q.put("limit", limit);
        return q;
    }

    /** A path segment: never empty, never a slash that would turn one name into two segments. */
    public static String segment(String s) {
        Objects.requireNonNull(s);
        if (s.isEmpty() || s.contains("/")) throw new IllegalArgumentException("not a name: " + s);
        return s;
    }

    /** Ends the dispatcher's threads and the pool's idle connections. Open streams are cancelled. */
    @Override
    public void close() {
        http.close();
    }
}

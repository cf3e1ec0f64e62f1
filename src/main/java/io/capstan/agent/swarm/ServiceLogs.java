package io.capstan.agent.swarm;

import com.github.dockerjava.api.model.Service;
import com.github.dockerjava.api.model.Task;
import com.github.dockerjava.transport.DockerHttpClient;
import io.capstan.agent.backend.LineSink;
import io.capstan.agent.backend.RuntimeContext;
import io.capstan.protocol.LineStream;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Each service's runtime log is the engine's service log (every task's output), each line prefixed with its task
 * and node ({@code web.2@node-b: ...}). The engine's stream ends when the service is removed or the connection
 * drops; it is opened again a little before the newest line's timestamp, and each task's lines at or before the last
 * one seen from that task are dropped, so a reconnect repeats nothing and loses nothing. Per task, because the engine
 * merges the tasks' streams as they arrive: one task's line can carry an earlier timestamp than another's line
 * before it. The first connection starts with the last 100 lines.
 */
final class ServiceLogs implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ServiceLogs.class);
    private static final int FIRST_TAIL = 100;
    /** How far a reconnect reaches back before the newest line: more than one task's lines lag another's. */
    private static final Duration REORDER = Duration.ofSeconds(2);
    private static final String TASK_ID = "com.docker.swarm.task.id=";
    private static final String NODE_ID = "com.docker.swarm.node.id=";

    private final SwarmEngine engine;
    private final String stack;
    private final RuntimeContext context;
    private final Supplier<SwarmState> state;
    private final List<Follower> followers = new ArrayList<>();

    ServiceLogs(SwarmEngine engine, String stack, List<String> services, RuntimeContext context, Supplier<SwarmState> state) {
        this.engine = engine;
        this.stack = stack;
        this.context = context;
        this.state = state;
        for (String s : services) followers.add(new Follower(s));
    }

    void start() {
        followers.forEach(f -> f.thread.start());
    }

    @Override
    public void close() {
        followers.forEach(Follower::close);
    }

    private final class Follower {
        private final String service;
        private final LineSink out;
        private final Thread thread;
        private volatile boolean closed;
        private volatile DockerHttpClient.Response current;
        /** The timestamp of the last line passed on, per task id; only the follower's thread uses it. */
        private final Map<String, Instant> lastByTask = new HashMap<>();
        private Instant newest;

        Follower(String service) {
            this.service = service;
            this.out = context.serviceLog(service);
            this.thread = new Thread(this::run, "capstan-swarm-logs-" + stack + "_" + service);
            thread.setDaemon(true);
        }

        private void run() {
            while (!closed) {
                SwarmState s = state.get();
                Service svc = s == null ? null : s.services().get(service);
                if (svc != null) follow(svc.getId());
                try {
                    TimeUnit.SECONDS.sleep(svc == null ? 2 : 1);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        private void follow(String serviceId) {
            String query = "/services/" + serviceId + "/logs?follow=1&stdout=1&stderr=1&timestamps=1&details=1"
                    + (newest == null ? "&tail=" + FIRST_TAIL : "&since=" + newest.minus(REORDER).getEpochSecond());
            try (DockerHttpClient.Response response = engine.get(query)) {
                current = response;
                if (response.getStatusCode() != 200) return;
                Frames.read(response.getBody(), this::line);
            } catch (IOException | RuntimeException e) {
                LOG.debug("service log of {} ended", service, e);
            } finally {
                current = null;
            }
        }

        /** {@code <timestamp> <details> <text>}: details are {@code key=value,...} and name the task and node. */
        private void line(LineStream stream, String raw) {
            String[] parts = raw.split(" ", 3);
            Instant ts;
            try {
                ts = Instant.parse(parts[0]);
            } catch (DateTimeParseException e) {
                out.line(stream, raw);
                return;
            }
            String details = parts.length > 1 ? parts[1] : "";
            String task = Objects.toString(value(details, TASK_ID), "");
            Instant seen = lastByTask.get(task);
            if (seen != null && !ts.isAfter(seen)) return;
            lastByTask.put(task, ts);
            if (newest == null || ts.isAfter(newest)) newest = ts;
            String text = parts.length > 2 ? parts[2] : "";
            if (!details.contains("=")) {
                text = details + (parts.length > 2 ? " " + parts[2] : "");
                details = "";
            }
            out.line(stream, prefix(details) + text);
        }

        private String prefix(String details) {
            String task = value(details, TASK_ID);
            String node = value(details, NODE_ID);
            SwarmState s = state.get();
            Integer slot = null;
            if (s != null && task != null) {
                for (Task t : s.tasks()) {
                    if (task.equals(t.getId())) slot = t.getSlot();
                }
            }
            String who = service + "." + (slot != null ? slot : SwarmState.shortId(task));
            String host = s == null || node == null ? SwarmState.shortId(node) : s.hostname(node);
            return who + "@" + host + ": ";
        }

        private static String value(String details, String key) {
            for (String kv : details.split(",")) {
                if (kv.startsWith(key)) return kv.substring(key.length());
            }
            return null;
        }

        void close() {
            closed = true;
            DockerHttpClient.Response r = current;
            if (r != null) r.close();
            thread.interrupt();
        }
    }

}

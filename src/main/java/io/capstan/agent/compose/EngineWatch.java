package io.capstan.agent.compose;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.capstan.agent.process.ProcessTree;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows the engine's event stream for one project ({@code docker events}, filtered by the project label, one
 * JSON object a line) on a daemon thread, so a container stopped or started outside the agent is noticed within
 * a moment and without polling. When the stream ends (engine restarted, CLI killed) it is started again after a
 * growing pause (1 s doubling to 30 s, back to 1 s after a stream that lived a minute), and every (re)start is
 * reported through {@link Listener#connected()} so the caller re-reads the state it may have missed.
 */
final class EngineWatch implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EngineWatch.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration MIN_PAUSE = Duration.ofSeconds(1);
    private static final Duration MAX_PAUSE = Duration.ofSeconds(30);
    private static final Duration HEALTHY = Duration.ofMinutes(1);

    /** Called on the watch's thread. */
    interface Listener {
        void connected();

        /** {@code action} as the engine names it: {@code start}, {@code die}, {@code kill}, {@code health_status: healthy}... */
        void event(String action, String containerId, String service, JsonNode attributes);
    }

    private final ComposeCli cli;
    private final String project;
    private final Listener listener;
    private final Thread thread;
    private volatile boolean closed;
    private volatile Process current;
    /** The engine's time of the last event passed on; touched only by the watch's thread. */
    private long lastNanos;

    EngineWatch(ComposeCli cli, String project, Listener listener) {
        this.cli = cli;
        this.project = project;
        this.listener = listener;
        this.thread = new Thread(this::run, "capstan-compose-events-" + project);
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    private void run() {
        Duration pause = MIN_PAUSE;
        while (!closed) {
            long began = System.nanoTime();
            try {
                Process p = CliCommand.builder(argv(), null, cli.env()).redirectErrorStream(true).start();
                current = p;
                if (closed) {
                    ProcessTree.kill(ProcessTree.of(p.toHandle()));
                    break;
                }
                p.getOutputStream().close();
                listener.connected();
                try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String line = r.readLine(); line != null; line = r.readLine()) dispatch(line);
                }
                if (!closed) LOG.info("engine event stream of project {} ended (exit {}); following it again", project, p.waitFor());
            } catch (IOException e) {
                if (!closed) LOG.warn("engine event stream of project {}: {}", project, e.toString());
            } catch (InterruptedException e) {
                break;
            } catch (RuntimeException e) {
                LOG.warn("engine event stream of project {} failed", project, e);
            }
            if (System.nanoTime() - began > HEALTHY.toNanos()) pause = MIN_PAUSE;
            try {
                Thread.sleep(pause.toMillis());  // a pause before reconnecting, not a wait for a result
            } catch (InterruptedException e) {
                break;
            }
            pause = pause.multipliedBy(2).compareTo(MAX_PAUSE) > 0 ? MAX_PAUSE : pause.multipliedBy(2);
        }
    }

    /**
     * Events since the last one passed on, or since a moment before the first start: with the state read after
     * the stream starts, nothing that happens between the two is missed, and nothing is passed on twice.
     */
    private List<String> argv() {
        long since = lastNanos > 0 ? lastNanos : (System.currentTimeMillis() - 1000) * 1_000_000L;
        String sinceText = since / 1_000_000_000L + "." + String.format("%09d", since % 1_000_000_000L);
        return cli.docker(List.of("events", "--since", sinceText, "--filter", "type=container",
                "--filter", "label=" + ContainerState.PROJECT_LABEL + "=" + project, "--format", "{{json .}}"));
    }

    private void dispatch(String line) {
        if (!line.startsWith("{")) {
            LOG.debug("engine events of {}: {}", project, line);
            return;
        }
        try {
            JsonNode e = JSON.readTree(line);
            long nanos = e.path("timeNano").asLong(0);
            if (nanos != 0 && nanos <= lastNanos) return;
            if (nanos != 0) lastNanos = nanos;
            String action = e.path("Action").asText(e.path("status").asText(""));
            JsonNode attributes = e.path("Actor").path("Attributes");
            String id = e.path("Actor").path("ID").asText(e.path("id").asText(""));
            listener.event(action, id, attributes.path(ContainerState.SERVICE_LABEL).asText(null), attributes);
        } catch (IOException | RuntimeException ex) {
            LOG.warn("engine events of {}: cannot use {}", project, line, ex);
        }
    }

    @Override
    public void close() {
        closed = true;
        Process p = current;
        if (p != null) ProcessTree.kill(ProcessTree.of(p.toHandle()));
        thread.interrupt();
    }
}

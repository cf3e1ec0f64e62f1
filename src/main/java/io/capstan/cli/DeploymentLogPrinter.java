package io.capstan.cli;

import io.capstan.client.AgentClient;
import io.capstan.client.StreamWords;
import io.capstan.client.logs.DeploymentLogStream;
import io.capstan.client.sse.StreamState;
import io.capstan.protocol.Line;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@code capstan logs shop [--follow]}: every service's runtime log of a deployment, interleaved by time through
 * {@link DeploymentLogStream}, each line behind its service's name (coloured on a terminal). Each service's stream
 * resumes on its own after a dropped connection or an agent restart, so nothing is lost or printed twice. With
 * {@code --follow} it runs until {@code stop} completes (Ctrl+C); without, it prints the recent lines and exits once
 * every stream is connected and the lines have stopped coming for a moment (the service-log route never ends).
 */
final class DeploymentLogPrinter implements DeploymentLogStream.Listener {

    /** How long all streams must be quiet before a non-following call has printed the recent lines. */
    static final Duration QUIET = Duration.ofMillis(1_000);

    private final Terminal term;
    private final List<String> services;
    private final int width;
    private final Map<String, StreamState> states = new ConcurrentHashMap<>();
    private final java.util.Set<String> lost = ConcurrentHashMap.newKeySet();
    /**
     * The services whose stream was ever live: until then an outage is "not reached yet" (no contact with the agent) or
     * "not connected yet" (the deployment's fetch, or another stream, heard from it; decision record 160), its end no
     * "again".
     */
    private final java.util.Set<String> wasLive = ConcurrentHashMap.newKeySet();
    private final Map<String, Long> lastSeq = new ConcurrentHashMap<>();
    private final CompletableFuture<Integer> failed = new CompletableFuture<>();
    private volatile long lastLineAt = System.nanoTime();

    DeploymentLogPrinter(Terminal term, List<String> services) {
        this.term = term;
        this.services = services;
        this.width = services.stream().mapToInt(String::length).max().orElse(0);
    }

    /**
     * Prints until {@code stop} completes (following) or the recent lines are out (every stream connected, then quiet
     * for {@link #QUIET} and the merge window, or twice that for services that never go quiet); returns the exit code.
     */
    static int print(AgentClient client, String deployment, List<String> services, int tail, boolean follow,
                     Terminal term, CompletableFuture<?> stop) {
        DeploymentLogPrinter printer = new DeploymentLogPrinter(term, services);
        try (DeploymentLogStream stream = new DeploymentLogStream(client, deployment, tail, printer)) {
            stream.follow(services);
            int code = follow ? printer.untilStopped(stop) : printer.untilQuiet(stop);
            stream.flush();
            term.out().flush();
            return code;
        }
    }

    /** Completes with the exit code when a stream stopped for good (refused token, refused log). */
    CompletableFuture<Integer> failed() {
        return failed;
    }

    private int untilStopped(CompletableFuture<?> stop) {
        CompletableFuture.anyOf(stop, failed).join();
        return failed.isDone() ? failed.join() : ExitCodes.OK;
    }

    private int untilQuiet(CompletableFuture<?> stop) {
        long quietNanos = QUIET.plus(DeploymentLogStream.WINDOW).toNanos();
        long allLiveAt = 0;
        while (!stop.isDone() && !failed.isDone()) {
            boolean allLive = services.stream().allMatch(s -> states.get(s) instanceof StreamState.Live
                    || states.get(s) instanceof StreamState.Stopped);
            long now = System.nanoTime();
            allLiveAt = allLive ? (allLiveAt == 0 ? now : allLiveAt) : 0;
            // Busy services never go quiet: then the recent lines are what came in the first moments after connecting.
            if (allLive && (now - lastLineAt > quietNanos || now - allLiveAt > 2 * quietNanos)) return ExitCodes.OK;
            try {
                // A poll on the command's own thread, not a wait for a result: the stream never says "caught up".
                failed.get(100, TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                // not yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return ExitCodes.AGENT_ERROR;
            } catch (ExecutionException e) {
                return ExitCodes.AGENT_ERROR;
            }
        }
        return failed.isDone() ? failed.join() : ExitCodes.OK;
    }

    @Override
    public void onLine(String service, Line line) {
        lastLineAt = System.nanoTime();
        lastSeq.put(service, line.seq());
        if (!wasLive.contains(service)) {
            wasLive.add(service); // a line read is a live stream
        }
        term.prefixed(prefix(service), services.indexOf(service), line.stream(), line.text());
    }

    private String prefix(String service) {
        return String.format("%-" + Math.max(1, width) + "s | ", service);
    }

    @Override
    public void onGap(String service, long from, long to) {
        term.note("… " + service + ": lines " + from + " to " + to + " are no longer kept by the agent …");
    }

    @Override
    public void onNewEpoch(String service, String epoch) {
        term.note("… " + service + ": the agent restarted; its log starts again …");
    }

    @Override
    public void onNotFollowed(List<String> left, int limit) {
        if (!left.isEmpty()) {
            // Said, not a silent hole; the services given with --service are followed if there are few enough.
            term.note("… following " + limit + " of " + (limit + left.size()) + " services; not followed: "
                    + String.join(", ", left) + " (name some with --service) …");
        }
    }

    @Override
    public void onState(String service, StreamState state) {
        states.put(service, state);
        boolean liveBefore = wasLive.contains(service);
        if (state instanceof StreamState.Live) {
            wasLive.add(service);
        }
        // Said once per outage (Waiting, Connecting, Waiting... is one outage), and its end once.
        // In the console's words (StreamWords): "web: reconnecting: connection refused", "web: live again, ...".
        if (state instanceof StreamState.WaitingToRetry w && lost.add(service)) {
            term.out().flush();
            term.note("… " + service + ": " + StreamWords.lost(w.cause(), w.lastContact(), ZoneId.systemDefault(),
                    liveBefore) + " …");
        } else if (state instanceof StreamState.Live && lost.remove(service)) {
            term.note("… " + service + ": " + StreamWords.back(lastSeq.getOrDefault(service, 0L), liveBefore) + " …");
        } else if (state instanceof StreamState.Stopped s) {
            switch (s.reason()) {
                case UNAUTHORIZED, REVOKED -> {
                    term.note(StreamWords.refused(s));
                    failed.complete(ExitCodes.AGENT_ERROR);
                }
                case NOT_FOUND -> term.note("… " + service + ": the agent has no such service (any more) …");
                case REJECTED -> {
                    // A 4xx a retry cannot change (a resume point past the end, a malformed one): the agent's words,
                    // and the command fails as a refused job log does.
                    term.note(service + ": " + StreamWords.rejected(s, lastSeq.getOrDefault(service, 0L)));
                    failed.complete(ExitCodes.AGENT_ERROR);
                }
                default -> {
                    // closed by us
                }
            }
        }
    }
}

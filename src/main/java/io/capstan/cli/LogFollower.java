package io.capstan.cli;

import io.capstan.client.AgentClient;
import io.capstan.client.StreamWords;
import io.capstan.client.logs.JobLogStream;
import io.capstan.client.sse.StreamState;
import io.capstan.protocol.Job;
import io.capstan.protocol.JobStatus;
import io.capstan.protocol.Line;
import java.time.ZoneId;
import java.util.concurrent.CompletableFuture;

/**
 * Prints a job's output live until it ends, through {@link JobLogStream} (so a dropped connection or an agent
 * restart resumes after the last line printed: nothing lost, nothing printed twice). Returns the exit code.
 */
final class LogFollower implements JobLogStream.Listener {
    private final Terminal term;
    /** The exit code, once the stream ended or stopped for good. */
    final CompletableFuture<Integer> result = new CompletableFuture<>();
    /** True from a drop until the stream is live again: the outage is said once, and its end once. */
    private volatile boolean lost;
    /**
     * Whether the stream was ever live: until then an outage is "not reached yet" (the agent never heard from by this
     * command) or "not connected yet" (it was: the job's start answered; decision record 160), and its end no "again".
     */
    private volatile boolean wasLive;
    private volatile long lastSeq;

    LogFollower(Terminal term) {
        this.term = term;
    }

    static int follow(AgentClient client, String jobId, Terminal term) {
        LogFollower follower = new LogFollower(term);
        try (JobLogStream stream = new JobLogStream(client, jobId, follower)) {
            stream.start();
            return follower.result.join();
        }
    }

    @Override
    public void onLine(Line line) {
        lastSeq = line.seq();
        if (!wasLive) {
            wasLive = true; // a line read is a live stream; written once, not a volatile store per line
        }
        term.line(line.stream(), line.text());
    }

    @Override
    public void onGap(long from, long to) {
        term.note("… lines " + from + " to " + to + " are no longer retained by the agent …");
    }

    @Override
    public void onEnd(Job job) {
        term.out().flush();
        term.note("job " + job.id() + " " + term.status(job.status())
                + (job.exitCode() != null ? " (exit code " + job.exitCode() + ")" : "")
                + (job.error() != null ? ": " + job.error() : ""));
        result.complete(job.status() == JobStatus.SUCCEEDED ? ExitCodes.OK : ExitCodes.JOB_FAILED);
    }

    @Override
    public void onNotFound(String jobId) {
        term.note("job " + jobId + " does not exist on this agent (any more)");
        result.complete(ExitCodes.AGENT_ERROR);
    }

    /** In the console's words ({@link StreamWords}): "reconnecting: connection refused", "live again, resuming after...". */
    @Override
    public void onState(StreamState state) {
        if (state instanceof StreamState.WaitingToRetry w) {
            if (!lost) {
                term.out().flush();
                term.note("… " + StreamWords.lost(w.cause(), w.lastContact(), ZoneId.systemDefault(), wasLive) + " …");
            }
            lost = true;
        } else if (state instanceof StreamState.Live) {
            if (lost) {
                term.note("… " + StreamWords.back(lastSeq, wasLive) + " …");
            }
            lost = false;
            wasLive = true;
        } else if (state instanceof StreamState.Stopped s && s.refused()) {
            term.note(StreamWords.refused(s));
            result.complete(ExitCodes.AGENT_ERROR);
        } else if (state instanceof StreamState.Stopped s && s.reason() == StreamState.StopReason.REJECTED) {
            term.note(StreamWords.rejected(s, lastSeq));
            result.complete(ExitCodes.AGENT_ERROR);
        }
    }
}

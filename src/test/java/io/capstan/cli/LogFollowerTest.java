package io.capstan.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.capstan.client.sse.StreamState;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import org.junit.jupiter.api.Test;

/** What {@code capstan run --wait} and {@code logs --follow} print when the agent refuses to go on with a log. */
class LogFollowerTest {
    @Test
    void aRefusedLogSaysTheAgentsReasonAndEndsWithTheAgentErrorCode() {
        StringWriter text = new StringWriter();
        LogFollower follower = new LogFollower(new Terminal(new PrintWriter(text, true), false));
        follower.onState(new StreamState.Live());
        follower.onState(new StreamState.Stopped(StreamState.StopReason.REJECTED,
                "HTTP 416: resume point 90 is past the end of job j-1: its output ends at line 4"));
        assertThat(follower.result.getNow(null)).isEqualTo(ExitCodes.AGENT_ERROR);
        assertThat(text.toString()).contains("stopped before its first line: the agent refused to go on with this log: "
                + "HTTP 416: resume point 90 is past the end of job j-1: "
                + "its output ends at line 4");
    }

    @Test
    void aSilentStreamSaysWhenTheAgentWasLastHeardFromOnceAnOutage() {
        StringWriter text = new StringWriter();
        LogFollower follower = new LogFollower(new Terminal(new PrintWriter(text, true), false));
        Instant lastByte = Instant.parse("2026-12-02T17:02:11Z");
        String at = DateTimeFormatter.ofPattern("HH:mm:ss").format(lastByte.atZone(ZoneId.systemDefault()));
        follower.onState(new StreamState.Live());
        follower.onState(new StreamState.WaitingToRetry(1, lastByte.plusSeconds(46), "timed out", lastByte));
        follower.onState(new StreamState.WaitingToRetry(2, lastByte.plusSeconds(50), "connection refused", lastByte));
        assertThat(text.toString()).contains("reconnecting: timed out; agent last heard from at " + at)
                .doesNotContain("connection refused");

        StringWriter merged = new StringWriter();
        DeploymentLogPrinter printer = new DeploymentLogPrinter(new Terminal(new PrintWriter(merged, true), false),
                java.util.List.of("web"));
        printer.onState("web", new StreamState.Live());
        printer.onState("web", new StreamState.WaitingToRetry(1, lastByte.plusSeconds(46), "timed out", lastByte));
        assertThat(merged.toString()).contains("web: reconnecting: timed out; agent last heard from at " + at);
    }

    @Test
    void aRefusedServiceLogOfAMergedLogSaysTheAgentsReasonWithTheServiceAndEndsWithTheAgentErrorCode() {
        StringWriter text = new StringWriter();
        DeploymentLogPrinter printer = new DeploymentLogPrinter(new Terminal(new PrintWriter(text, true), false),
                java.util.List.of("web", "api"));
        printer.onState("web", new StreamState.Live());
        printer.onState("web", new StreamState.Stopped(StreamState.StopReason.REJECTED,
                "HTTP 416: resume point 0123456789abcdef:90 is past the end of the log of shop/web in this epoch: it ends at line 4"));
        assertThat(printer.failed().getNow(null)).isEqualTo(ExitCodes.AGENT_ERROR);
        assertThat(text.toString()).contains("web: stopped before its first line: the agent refused to go on with this log: "
                + "HTTP 416: resume point 0123456789abcdef:90 is past "
                + "the end of the log of shop/web in this epoch: it ends at line 4");
    }
}

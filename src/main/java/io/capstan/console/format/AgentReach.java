package io.capstan.console.format;

import java.time.Instant;

/**
 * What the console knows of an agent when it words one of that agent's streams (a log pane's): whether the agent was
 * ever heard from on this connection ({@code reached}: its event stream was live, or its client had any contact: a
 * call answered, a byte of any stream), whether its event stream is live now, and since when it is offline once its
 * connection has said so ({@code offlineSince}, decision record 151; null while live, within the grace, or never
 * reached). A pane's own stream knows only itself: stuck in its first connect it cannot tell a paused agent from a
 * stream the agent does not answer, so it asks this (decision record 160).
 *
 * @param known false for a pane with no agent connection to ask (a test's, the benchmark's): it goes by its own stream
 */
public record AgentReach(boolean known, boolean reached, boolean live, Instant offlineSince) {

    /** Nothing known of the agent beyond the pane's own stream. */
    public static final AgentReach UNKNOWN = new AgentReach(false, false, false, null);

    /** What a connection knows of its agent. */
    public static AgentReach of(boolean reached, boolean live, Instant offlineSince) {
        return new AgentReach(true, reached || live, live, offlineSince);
    }
}

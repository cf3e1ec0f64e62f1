package io.capstan.bench;

import io.capstan.protocol.Line;
import java.util.List;
import java.util.function.Supplier;

/**
 * Something downstream of the client that scenario 2 also times: the console's log pane model. In the live run, every
 * line our {@code JobLogStream} delivers is handed to each destination too (on the stream's thread, in order, as the
 * console's pane feeder receives them); the scenario polls {@link #holds} and adds one row per destination, "job start
 * -> last line in" its {@link #name()}, against the same curl baseline.
 */
public interface LogDestination extends AutoCloseable {

    /** Registered destinations; each run gets fresh ones. */
    static List<Supplier<LogDestination>> all() {
        return List.of(PaneModelDestination::new);
    }

    /** Ends the row's name: "log live: job start -> last line in " + name. */
    String name();

    /** The target for this destination, in lines per second (e.g. at least 250,000 for the pane model). */
    Target target();

    /** A line as the client delivered it; must be quick (batch off-thread as the console does). */
    void onLine(Line line);

    /** A batch of lines as the client delivered it ({@code LineListener.onLines}); the console's panes take these. */
    default void onLines(List<Line> lines) {
        lines.forEach(this::onLine);
    }

    /** True once the line numbered {@code seq} is in the destination (visible to its view). Polled; thread-safe. */
    boolean holds(long seq);

    @Override
    default void close() {
    }
}

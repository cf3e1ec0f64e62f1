package io.capstan.client.testing;

import io.capstan.client.logs.JobLogStream;
import io.capstan.client.sse.StreamState;
import io.capstan.protocol.Line;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A job log's listener that keeps every line and every state it was told, in order, for a test to read from any thread. */
public final class RecordedLog implements JobLogStream.Listener {
    public final List<Line> lines;
    public final List<StreamState> states;

    public RecordedLog() {
        this(new CopyOnWriteArrayList<>(), new CopyOnWriteArrayList<>());
    }

    /** Into lists of the test's own (thread-safe ones), read beside other streams' records. */
    public RecordedLog(List<Line> lines, List<StreamState> states) {
        this.lines = lines;
        this.states = states;
    }

    @Override
    public void onLine(Line line) {
        lines.add(line);
    }

    @Override
    public void onState(StreamState state) {
        states.add(state);
    }

    /** The state told last, or null before any. */
    public StreamState last() {
        return states.isEmpty() ? null : states.get(states.size() - 1);
    }
}

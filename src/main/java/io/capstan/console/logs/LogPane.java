package io.capstan.console.logs;

import io.capstan.console.fx.FrameBatcher;
import io.capstan.console.common.LogPaneHandle;
import io.capstan.protocol.Job;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.scene.Node;

/**
 * One open pane: its view model, its view, the per-frame batcher between the stream's threads and the UI, and the
 * stream itself, which it owns and closes. Created by {@link LogPanes}; made directly only where the rows come from
 * elsewhere than an agent's stream (the benchmark's flood, fed through {@link #batcher()}), so that such a pane is the
 * console's own and not a copy of it.
 */
public final class LogPane implements LogPaneHandle {

    private final String key;
    private final LogPaneViewModel model;
    private final LogPaneView view;
    private final FrameBatcher<LogEntry> batcher;
    private AutoCloseable stream;
    private boolean closed;

    /** @param batcher the per-frame hand-off into {@code model} ({@link LogPanes#rowBatcher}); closed with the pane */
    public LogPane(String key, LogPaneViewModel model, LogPaneView view, FrameBatcher<LogEntry> batcher) {
        this.key = key;
        this.model = model;
        this.view = view;
        this.batcher = batcher;
    }

    void attach(AutoCloseable stream) {
        this.stream = stream;
    }

    @Override
    public String key() {
        return key;
    }

    @Override
    public Node node() {
        return view.root();
    }

    @Override
    public ReadOnlyStringProperty titleProperty() {
        return model.titleProperty();
    }

    @Override
    public void jobChanged(Job job) {
        model.jobChanged(job);
    }

    @Override
    public void focusSearch() {
        view.focusSearch();
    }

    @Override
    public void focusLines() {
        view.focusLines();
    }

    @Override
    public void toggleFollow() {
        model.followProperty().set(!model.followProperty().get());
    }

    @Override
    public void toggleWrap() {
        model.wrapProperty().set(!model.wrapProperty().get());
    }

    public LogPaneViewModel model() {
        return model;
    }

    /** Where the pane's rows go in, from any thread. */
    public FrameBatcher<LogEntry> batcher() {
        return batcher;
    }

    public LogPaneView view() {
        return view;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (stream != null) {
                stream.close();
            }
        } catch (Exception e) {
            throw new IllegalStateException("closing the log stream of " + key, e);
        } finally {
            batcher.close();
            view.dispose();
        }
    }
}

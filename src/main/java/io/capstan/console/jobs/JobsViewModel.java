package io.capstan.console.jobs;

import io.capstan.console.agents.AgentConnection;
import io.capstan.console.fx.Background;
import io.capstan.console.common.Dialogs;
import io.capstan.console.common.LogOpener;
import io.capstan.protocol.Job;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import javafx.beans.InvalidationListener;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import javafx.util.Subscription;

/**
 * Recent jobs of every agent, newest first, kept current from the agents' snapshots (which the event stream keeps
 * current), so a job that ends shows its outcome here without a refresh. Also tells a listener when a job it saw
 * running has ended, for the desktop notification. UI thread only.
 */
public final class JobsViewModel {

    private static final Comparator<JobRow> NEWEST_FIRST = Comparator
            .comparing((JobRow row) -> row.job().createdAt(), Comparator.nullsLast(Comparator.<Instant>naturalOrder()))
            .reversed();

    private final ObservableList<AgentConnection> agents;
    private final LogOpener logs;
    private final Background background;
    private final Dialogs dialogs;
    private final ObservableList<JobRow> rows = FXCollections.observableArrayList();
    private final Map<String, Job> lastSeen = new HashMap<>();
    private final InvalidationListener recompute = ignored -> recompute();
    /** Everyone told when a job ends (the toolbar, the desktop notification...): each subscriber hears every end. */
    private final List<Consumer<JobRow>> onEnded = new ArrayList<>();
    /** The row selected in the jobs table, which Actions → Open job log and Cancel job act on. */
    private final ObjectProperty<JobRow> selected = new SimpleObjectProperty<>(this, "selected");
    /** Whether the selected job still runs (or waits), so Cancel job is offered. */
    private final BooleanBinding selectedRunning = Bindings.createBooleanBinding(
            () -> selected.get() != null && !selected.get().job().status().isTerminal(), selected);

    public JobsViewModel(ObservableList<AgentConnection> agents, LogOpener logs, Background background, Dialogs dialogs) {
        this.agents = Objects.requireNonNull(agents);
        this.logs = Objects.requireNonNull(logs);
        this.background = Objects.requireNonNull(background);
        this.dialogs = Objects.requireNonNull(dialogs);
        agents.forEach(this::watch);
        agents.addListener((ListChangeListener<AgentConnection>) change -> {
            while (change.next()) {
                change.getRemoved().forEach(this::unwatch);
                change.getAddedSubList().forEach(this::watch);
            }
            recompute();
        });
        recompute();
    }

    /** A job's row changes with its agent's snapshot and with its agent going offline or coming back. */
    private void watch(AgentConnection agent) {
        agent.snapshotProperty().addListener(recompute);
        agent.offlineSinceProperty().addListener(recompute);
    }

    private void unwatch(AgentConnection agent) {
        agent.snapshotProperty().removeListener(recompute);
        agent.offlineSinceProperty().removeListener(recompute);
    }

    public ObservableList<JobRow> rows() {
        return rows;
    }

    /**
     * Tells {@code listener} once of each job seen running (or queued) that is now seen terminal, beside every other
     * subscriber, in the order they subscribed. A subscriber that throws does not keep the others from hearing of it: its
     * failure is thrown on once all have been told (from the snapshot's listener, so to the UI thread's handler).
     *
     * @return what ends this subscription
     */
    public Subscription subscribeEnded(Consumer<JobRow> listener) {
        Objects.requireNonNull(listener);
        onEnded.add(listener);
        return () -> onEnded.remove(listener);
    }

    /** Opens the job's log: live while it runs, the agent's buffered output after it ended. */
    public void open(JobRow row) {
        if (row != null) {
            logs.openJob(row.agent(), row.job());
        }
    }

    public ObjectProperty<JobRow> selectedProperty() {
        return selected;
    }

    public BooleanBinding selectedRunningProperty() {
        return selectedRunning;
    }

    /** Opens the selected job's log (Actions → Open job log). */
    public void openSelected() {
        open(selected.get());
    }

    /** Cancels the selected job, after asking (Actions → Cancel job). */
    public void cancelSelected() {
        cancel(selected.get());
    }

    /**
     * Asks the agent to cancel a running job, after asking the user: a canceled build or restart cannot be resumed, and
     * the menu's shortcut acts on the jobs table's selection, which may not be what the user looks at. The row updates
     * from the event stream when it ends.
     */
    public void cancel(JobRow row) {
        if (row == null || row.job().status().isTerminal()) {
            return;
        }
        String what = row.job().action().wire() + " " + row.target();
        if (!dialogs.confirm("Cancel job", "Cancel " + what + " on " + row.agent().name() + "?",
                "Job " + row.job().id() + " stops where it is; what it already changed stays as it is.", "Cancel the job")) {
            return;
        }
        background.submit(() -> row.agent().cancel(row.job().id()), job -> { },
                failure -> dialogs.error("Cancel failed", "Could not cancel job " + row.job().id() + " (" + row.target() + "): "
                        + failure.getMessage()));
    }

    /** The newest state of a job, for log panes that follow it; null when no agent lists it any more. */
    public Job latest(AgentConnection agent, String jobId) {
        return lastSeen.get(agent.name() + "/job/" + jobId);
    }

    private void recompute() {
        List<JobRow> next = new ArrayList<>();
        for (AgentConnection agent : agents) {
            for (Job job : agent.snapshot().jobs()) {
                next.add(new JobRow(agent, job, agent.offlineSinceProperty().get()));
            }
        }
        next.sort(NEWEST_FIRST);
        List<JobRow> ended = new ArrayList<>();
        Map<String, Job> seen = new HashMap<>();
        for (JobRow row : next) {
            Job before = lastSeen.get(row.key());
            if (before != null && !before.status().isTerminal() && row.job().status().isTerminal()) {
                ended.add(row);
            }
            seen.put(row.key(), row.job());
        }
        lastSeen.clear();
        lastSeen.putAll(seen);
        if (!next.equals(rows)) {
            rows.setAll(next);
        }
        if (!ended.isEmpty()) {
            tellEnded(ended);
        }
    }

    /** Over a copy: a subscriber may end its subscription, or add one, while it is told. */
    private void tellEnded(List<JobRow> ended) {
        RuntimeException failure = null;
        for (JobRow row : ended) {
            for (Consumer<JobRow> listener : List.copyOf(onEnded)) {
                try {
                    listener.accept(row);
                } catch (RuntimeException e) {
                    if (failure == null) {
                        failure = e;
                    } else {
                        failure.addSuppressed(e);
                    }
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}

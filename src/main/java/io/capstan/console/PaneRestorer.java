package io.capstan.console;

import io.capstan.console.agents.AgentConnection;
import io.capstan.console.agents.Fleet;
import io.capstan.console.fx.Background;
import io.capstan.console.shell.LogDock;
import java.util.ArrayList;
import java.util.List;
import javafx.collections.ListChangeListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reopens the log panes that were open when the console last closed, as each pane's agent appears. A job pane
 * starts again from the agent's buffered output, so the reopened pane holds every retained line once (failure
 * row 29). Panes whose job the agent no longer has are dropped quietly.
 */
final class PaneRestorer {

    private static final Logger LOG = LoggerFactory.getLogger(PaneRestorer.class);
    private static final String JOB = "/job/";
    private static final String SERVICE = "/service/";
    private static final String DEPLOYMENT = "/deployment-log/";

    private final Fleet fleet;
    private final LogDock dock;
    private final Background background;
    private final List<String> pending;

    PaneRestorer(Fleet fleet, LogDock dock, Background background, List<String> keys) {
        this.fleet = fleet;
        this.dock = dock;
        this.background = background;
        this.pending = new ArrayList<>(keys);
    }

    void start() {
        fleet.agents().forEach(this::restoreFor);
        fleet.agents().addListener((ListChangeListener<AgentConnection>) change -> {
            while (change.next()) {
                change.getAddedSubList().forEach(this::restoreFor);
            }
        });
    }

    /** Keys not reopened yet because their agent has not appeared. */
    List<String> pending() {
        return List.copyOf(pending);
    }

    private void restoreFor(AgentConnection agent) {
        for (String key : List.copyOf(pending)) {
            String prefix = agent.name();
            if (key.startsWith(prefix + JOB)) {
                pending.remove(key);
                String id = key.substring((prefix + JOB).length());
                background.submit(() -> agent.job(id), job -> dock.openJob(agent, job),
                        failure -> LOG.info("not reopening {}: {}", key, failure.getMessage()));
            } else if (key.startsWith(prefix + DEPLOYMENT)) {
                pending.remove(key);
                dock.openDeployment(agent, key.substring((prefix + DEPLOYMENT).length()));
            } else if (key.startsWith(prefix + SERVICE)) {
                pending.remove(key);
                String[] parts = key.substring((prefix + SERVICE).length()).split("/", 2);
                if (parts.length == 2) {
                    dock.openService(agent, parts[0], parts[1]);
                }
            }
        }
    }
}

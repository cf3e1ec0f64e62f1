package io.capstan.console.shell;

import io.capstan.console.agents.AgentConnection;
import io.capstan.console.common.LogOpener;
import io.capstan.console.deployments.ActionsViewModel;
import io.capstan.console.deployments.Target;
import io.capstan.console.deployments.TreeRow;
import io.capstan.console.jobs.JobRow;
import io.capstan.console.palette.PaletteEntry;
import io.capstan.protocol.Action;
import io.capstan.protocol.Deployment;
import io.capstan.protocol.Service;
import io.capstan.protocol.TargetName;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * What the command palette offers, made from what the console shows now: each agent (go to it, reconnect), each
 * deployment and service (go to it, the actions that make sense for it, its log), and the recent jobs (open the
 * log). An action goes the toolbar's way: the palette selects its target in the tree and the services table, so the
 * toolbar names it, then runs it through {@link ActionsViewModel#run}, with the same confirmation dialogs.
 */
final class PaletteCommands implements Supplier<List<PaletteEntry>> {

    /** Moves the main window's selection; the palette never acts on anything the user cannot see selected. */
    interface Selection {
        /** Selects the tree row {@code key} (an agent name, or {@code agent/deployment}), clearing a filter hiding it. */
        void selectRow(String key);

        /** Selects a service of the selected deployment in the services table. */
        void selectService(String service);

        /** Opens a service's detail view (its command, environment, charts). */
        void inspect(AgentConnection agent, String deployment, String service);
    }

    private final List<AgentConnection> agents;
    private final List<JobRow> jobs;
    private final Selection selection;
    private final ActionsViewModel actions;
    private final LogOpener logs;
    private final java.util.function.Consumer<JobRow> openJob;
    private final java.util.function.Consumer<AgentConnection> reconnect;

    PaletteCommands(List<AgentConnection> agents, List<JobRow> jobs, Selection selection, ActionsViewModel actions,
                    LogOpener logs, java.util.function.Consumer<JobRow> openJob,
                    java.util.function.Consumer<AgentConnection> reconnect) {
        this.agents = agents;
        this.jobs = jobs;
        this.selection = selection;
        this.actions = actions;
        this.logs = logs;
        this.openJob = openJob;
        this.reconnect = reconnect;
    }

    @Override
    public List<PaletteEntry> get() {
        List<PaletteEntry> entries = new ArrayList<>();
        boolean several = agents.size() > 1;
        for (AgentConnection agent : agents) {
            entries.add(new PaletteEntry("Go to " + agent.name(), "agent", () -> selection.selectRow(agent.name())));
            entries.add(new PaletteEntry("Reconnect " + agent.name(), "agent", () -> reconnect.accept(agent)));
            for (Deployment deployment : agent.snapshot().deployments()) {
                String where = " on " + agent.name();
                String rowKey = TreeRow.deploymentKey(agent.name(), deployment.name());
                entries.add(new PaletteEntry("Go to " + deployment.name(), "deployment" + where, () -> selection.selectRow(rowKey)));
                addActions(entries, new Target(agent, deployment, null), "deployment" + where);
                // The detail names the shortcut, so the palette teaches it.
                if (!deployment.services().isEmpty()) { // a broken deployment has no log to open
                    entries.add(new PaletteEntry("Open log of all services " + deployment.name(),
                            "deployment" + where + " · Ctrl+Shift+A", () -> logs.openDeployment(agent, deployment.name())));
                }
                for (Service service : deployment.services()) {
                    Target target = new Target(agent, deployment, service);
                    addActions(entries, target, "service" + where);
                    entries.add(new PaletteEntry("Open log " + target.label(), "service" + where,
                            () -> logs.openService(agent, deployment.name(), service.name())));
                    entries.add(new PaletteEntry("Inspect " + target.label(), "service" + where,
                            () -> selection.inspect(agent, deployment.name(), service.name())));
                }
            }
        }
        for (JobRow row : jobs) {
            String detail = row.job().action().wire() + " " + row.target() + " · "
                    + row.job().status().name().toLowerCase(Locale.ROOT) + (several ? " on " + row.agent().name() : "");
            entries.add(new PaletteEntry("Open log of job " + row.job().id(), "job: " + detail, () -> openJob.accept(row)));
        }
        return entries;
    }

    private void addActions(List<PaletteEntry> entries, Target target, String detail) {
        for (Action action : Action.values()) {
            if (ActionsViewModel.makesSense(action, target)) {
                entries.add(new PaletteEntry(verb(action) + " " + target.label(), detail, () -> run(action, target)));
            }
        }
    }

    private void run(Action action, Target target) {
        if (select(selection, actions, target.agent(), target.name())) {
            actions.run(action);
        }
    }

    /**
     * Selects {@code target} of {@code agent} in the main window (its deployment in the tree, then its service), and
     * says whether the toolbar now names exactly it: never act on something else because a row was hidden or had gone
     * by the time the entry or key ran.
     */
    static boolean select(Selection selection, ActionsViewModel actions, AgentConnection agent, TargetName target) {
        selection.selectRow(TreeRow.deploymentKey(agent.name(), target.deployment()));
        if (target.service() != null) {
            selection.selectService(target.service());
        }
        Target now = actions.targetProperty().get();
        return now != null && now.agent() == agent && now.label().equals(target.label());
    }

    private static String verb(Action action) {
        String wire = action.wire();
        return wire.substring(0, 1).toUpperCase(Locale.ROOT) + wire.substring(1);
    }
}

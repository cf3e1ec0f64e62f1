package io.capstan.console.deployments;

import io.capstan.client.store.AgentStore;
import io.capstan.console.agents.AgentConnection;
import io.capstan.console.format.ConnectionStatus;
import io.capstan.console.format.Offline;
import io.capstan.protocol.Deployment;
import io.capstan.protocol.DeploymentStatus;
import io.capstan.protocol.Service;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import javafx.beans.InvalidationListener;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.ObjectBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;

/**
 * The fleet as a tree (agents, then their deployments), filtered; the selected deployment's services; and the
 * {@link Target} the action buttons act on. Recomputed from the agents' snapshots whenever one changes, so rows
 * never go stale after a job ends (failure row 28). UI thread only.
 */
public final class DeploymentsViewModel {

    /** One agent and the deployments shown under it. */
    public record AgentTree(TreeRow.AgentRow agent, List<TreeRow.DeploymentRow> deployments) {
    }

    private final ObservableList<AgentConnection> agents;
    private final Clock clock;
    private final StringProperty filter = new SimpleStringProperty(this, "filter", "");
    private final ObjectProperty<List<AgentTree>> tree = new SimpleObjectProperty<>(this, "tree", List.of());
    private final ObjectProperty<String> selectedKey = new SimpleObjectProperty<>(this, "selectedKey");
    private final ObjectProperty<TreeRow> selected = new SimpleObjectProperty<>(this, "selected");
    private final ObjectBinding<AgentConnection> selectedAgent = Bindings.createObjectBinding(
            () -> selected.get() == null ? null : selected.get().agent(), selected);
    private final ObjectProperty<String> selectedService = new SimpleObjectProperty<>(this, "selectedService");
    private final ObservableList<Service> services = FXCollections.observableArrayList();
    private final ObjectProperty<Target> target = new SimpleObjectProperty<>(this, "target");
    private final ReadOnlyStringWrapper unreachable = new ReadOnlyStringWrapper(this, "unreachable");
    private final ReadOnlyObjectWrapper<Instant> frozenAt = new ReadOnlyObjectWrapper<>(this, "frozenAt");
    private final BooleanProperty startingLocalAgent = new SimpleBooleanProperty(this, "startingLocalAgent", false);
    private final InvalidationListener recompute = ignored -> recompute();

    public DeploymentsViewModel(ObservableList<AgentConnection> agents, Clock clock) {
        this.agents = Objects.requireNonNull(agents);
        this.clock = Objects.requireNonNull(clock);
        agents.forEach(this::watch);
        agents.addListener((ListChangeListener<AgentConnection>) change -> {
            while (change.next()) {
                change.getRemoved().forEach(this::unwatch);
                change.getAddedSubList().forEach(this::watch);
            }
            recompute();
        });
        filter.addListener(recompute);
        selectedKey.addListener(recompute);
        selectedService.addListener(recompute);
        recompute();
    }

    public StringProperty filterProperty() {
        return filter;
    }

    public ReadOnlyObjectProperty<List<AgentTree>> treeProperty() {
        return tree;
    }

    /** The view reports the selected tree row's key here; the view model resolves it against fresh data. */
    public ObjectProperty<String> selectedKeyProperty() {
        return selectedKey;
    }

    public ReadOnlyObjectProperty<TreeRow> selectedProperty() {
        return selected;
    }

    /** The agent of the selected row (the agent itself or one of its deployments); null when nothing is selected. */
    public ObjectBinding<AgentConnection> selectedAgentProperty() {
        return selectedAgent;
    }

    /** The view reports the selected service's name here (null for the whole deployment). */
    public ObjectProperty<String> selectedServiceProperty() {
        return selectedService;
    }

    /** The selected deployment's services, in start order; empty when an agent or nothing is selected. */
    public ObservableList<Service> services() {
        return services;
    }

    public ReadOnlyObjectProperty<Target> targetProperty() {
        return target;
    }

    /**
     * "agent offline since 17:02:11: connection refused" while the selected deployment's agent is offline (its
     * services then read as unknown), null while it is live.
     */
    public ReadOnlyStringProperty unreachableProperty() {
        return unreachable.getReadOnlyProperty();
    }

    /** Where the selected deployment's clocks (uptimes) stopped: when its agent went offline; null while live. */
    public ReadOnlyObjectProperty<Instant> frozenAtProperty() {
        return frozenAt.getReadOnlyProperty();
    }

    /**
     * Makes the whole selected deployment the target again, dropping the selected service: what a click on the
     * deployment's row means even when it is already selected (the tree reports no change then).
     */
    public void targetWholeDeployment() {
        selectedService.set(null);
    }

    /** True while the console's own agent starts: the tree says so instead of sitting blank. */
    public BooleanProperty startingLocalAgentProperty() {
        return startingLocalAgent;
    }

    /** Recomputes the uptime-independent rows; called when a snapshot, the filter or the selection changes. */
    void recompute() {
        String needle = filter.get() == null ? "" : filter.get().trim().toLowerCase(Locale.ROOT);
        List<AgentTree> rows = new ArrayList<>();
        for (AgentConnection agent : agents) {
            AgentStore.Snapshot snapshot = agent.snapshot();
            boolean agentMatches = needle.isEmpty() || agent.name().toLowerCase(Locale.ROOT).contains(needle);
            List<TreeRow.DeploymentRow> deployments = new ArrayList<>();
            int running = 0;
            String offline = unreachable(agent);
            for (Deployment deployment : snapshot.deployments()) {
                if (deployment.status() == DeploymentStatus.RUNNING) {
                    running++;
                }
                if (agentMatches || matches(deployment, needle)) {
                    deployments.add(new TreeRow.DeploymentRow(agent, deployment, offline));
                }
            }
            if (agentMatches || !deployments.isEmpty()) {
                ConnectionStatus status = agent.status(clock.instant(), clock.getZone());
                rows.add(new AgentTree(new TreeRow.AgentRow(agent, status, snapshot.deployments().size(), running),
                        List.copyOf(deployments)));
            }
        }
        tree.set(List.copyOf(rows));
        resolveSelection();
    }

    private void resolveSelection() {
        TreeRow row = find(selectedKey.get());
        selected.set(row);
        if (row instanceof TreeRow.DeploymentRow deploymentRow) {
            List<Service> fresh = deploymentRow.deployment().services();
            if (!fresh.equals(services)) {
                services.setAll(fresh);
            }
            Service service = fresh.stream().filter(s -> s.name().equals(selectedService.get())).findFirst().orElse(null);
            unreachable.set(deploymentRow.unreachable());
            frozenAt.set(row.agent().offlineSinceProperty().get());
            target.set(new Target(row.agent(), deploymentRow.deployment(), service, deploymentRow.unreachable()));
        } else {
            services.clear();
            unreachable.set(null);
            frozenAt.set(null);
            target.set(null);
        }
    }

    private String unreachable(AgentConnection agent) {
        Instant since = agent.offlineSinceProperty().get();
        return since == null ? null : Offline.since(since, clock.getZone(), agent.reason());
    }

    private TreeRow find(String key) {
        if (key == null) {
            return null;
        }
        for (AgentConnection agent : agents) {
            if (agent.name().equals(key)) {
                for (AgentTree agentTree : tree.get()) {
                    if (agentTree.agent().agent() == agent) {
                        return agentTree.agent();
                    }
                }
                return null;
            }
            for (Deployment deployment : agent.snapshot().deployments()) {
                if (key.equals(TreeRow.deploymentKey(agent.name(), deployment.name()))) {
                    return new TreeRow.DeploymentRow(agent, deployment, unreachable(agent));
                }
            }
        }
        return null;
    }

    private static boolean matches(Deployment deployment, String needle) {
        if (needle.isEmpty() || deployment.name().toLowerCase(Locale.ROOT).contains(needle)) {
            return true;
        }
        return deployment.services().stream().anyMatch(s -> s.name().toLowerCase(Locale.ROOT).contains(needle));
    }

    private void watch(AgentConnection agent) {
        agent.snapshotProperty().addListener(recompute);
        agent.stateProperty().addListener(recompute);
        agent.offlineSinceProperty().addListener(recompute);
    }

    private void unwatch(AgentConnection agent) {
        agent.snapshotProperty().removeListener(recompute);
        agent.stateProperty().removeListener(recompute);
        agent.offlineSinceProperty().removeListener(recompute);
    }
}

package io.capstan.console.deployments;

import io.capstan.console.agents.AgentConnection;
import io.capstan.console.common.ConnectionCommands;
import io.capstan.console.format.BadgeText;
import io.capstan.console.format.Badges;
import io.capstan.console.format.RowDetails;
import io.capstan.console.fx.Badge;
import io.capstan.console.fx.FittingLabel;
import io.capstan.console.fx.GiveWayRow;
import io.capstan.console.fx.NameLabel;
import io.capstan.protocol.Action;
import io.capstan.protocol.Deployment;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javafx.css.PseudoClass;
import javafx.fxml.FXML;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.Label;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.control.TreeCell;
import javafx.scene.control.TreeItem;
import javafx.scene.control.TreeView;
import javafx.scene.input.MouseButton;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;

/**
 * The agents-and-deployments tree. Binds the filter, reports the selection, and keeps one {@link TreeItem} per row
 * key across snapshots (updating values in place) so selection and expansion survive every refresh.
 */
public final class DeploymentsView {

    /** Greys a row whose agent is offline: what it shows is no longer known to be true. */
    private static final PseudoClass OFFLINE = PseudoClass.getPseudoClass("offline");
    /** The Actions menu's shortcut for a deployment's merged log, shown in the row's menu too. */
    public static final javafx.scene.input.KeyCombination DEPLOYMENT_LOG =
            javafx.scene.input.KeyCombination.keyCombination("Shortcut+Shift+A");

    /** File → Reconnect agent now, shown in an agent row's menu too. */
    public static final javafx.scene.input.KeyCombination RECONNECT =
            javafx.scene.input.KeyCombination.keyCombination("Shortcut+R");
    /** File → Edit agent…, shown in an agent row's menu too. */
    public static final javafx.scene.input.KeyCombination EDIT_AGENT =
            javafx.scene.input.KeyCombination.keyCombination("Shortcut+E");
    /** File → Remove agent… (which asks first), shown in an agent row's menu too. */
    public static final javafx.scene.input.KeyCombination REMOVE_AGENT =
            javafx.scene.input.KeyCombination.keyCombination("Shortcut+Shift+Delete");

    private final DeploymentsViewModel model;
    private final ActionsViewModel actions;
    private final ConnectionCommands connections;
    private final Map<String, TreeItem<TreeRow>> items = new HashMap<>();
    private final TreeItem<TreeRow> root = new TreeItem<>();
    private boolean selectedOnce;
    /** The user clicked or typed in the tree: what is selected is theirs, and the first data does not move it. */
    private boolean userChose;

    @FXML
    private TextField filterField;
    @FXML
    private TreeView<TreeRow> tree;
    @FXML
    private Label startingLabel;

    public DeploymentsView(DeploymentsViewModel model, ActionsViewModel actions, ConnectionCommands connections) {
        this.model = model;
        this.actions = actions;
        this.connections = connections;
    }

    @FXML
    private void initialize() {
        filterField.textProperty().bindBidirectional(model.filterProperty());
        tree.setRoot(root);
        tree.setCellFactory(view -> new RowCell());
        tree.getSelectionModel().selectedItemProperty().addListener((obs, old, now) ->
                model.selectedKeyProperty().set(now == null || now.getValue() == null ? null : now.getValue().key()));
        model.treeProperty().addListener((obs, old, now) -> reconcile(now));
        tree.addEventFilter(javafx.scene.input.MouseEvent.MOUSE_PRESSED, event -> userChose = true);
        tree.addEventFilter(javafx.scene.input.KeyEvent.KEY_PRESSED, event -> userChose = true);
        // A selection made elsewhere (start-up, the palette, a restored pane) shows in the tree too: the highlighted
        // row is always the one the toolbar acts on.
        model.selectedKeyProperty().addListener((obs, old, key) -> {
            if (key != null && !key.equals(selectedKey())) {
                select(key);
            }
        });
        // Shown at once on a first start, until the local agent is up (or failed to start).
        startingLabel.visibleProperty().bind(model.startingLocalAgentProperty());
        startingLabel.managedProperty().bind(startingLabel.visibleProperty());
        reconcile(model.treeProperty().get());
    }

    public void focusFilter() {
        filterField.requestFocus();
        filterField.selectAll();
    }

    private String selectedKey() {
        TreeItem<TreeRow> item = tree.getSelectionModel().getSelectedItem();
        return item == null || item.getValue() == null ? null : item.getValue().key();
    }

    /** The agent of the selected row, which File → Edit, Reconnect and Remove agent act on. */
    public javafx.beans.value.ObservableObjectValue<AgentConnection> selectedAgentProperty() {
        return model.selectedAgentProperty();
    }

    /** Selects a row by key, e.g. {@code This computer/shop}; false when it is not shown. */
    public boolean select(String key) {
        TreeItem<TreeRow> item = items.get(key);
        if (item == null) {
            return false;
        }
        tree.getSelectionModel().select(item);
        return true;
    }

    private void reconcile(List<DeploymentsViewModel.AgentTree> rows) {
        Map<String, TreeItem<TreeRow>> keep = new HashMap<>();
        List<TreeItem<TreeRow>> agentItems = new ArrayList<>();
        for (DeploymentsViewModel.AgentTree agentTree : rows) {
            TreeItem<TreeRow> agentItem = item(agentTree.agent(), keep);
            agentItem.setExpanded(agentItem.isExpanded() || !items.containsKey(agentTree.agent().key()));
            List<TreeItem<TreeRow>> children = new ArrayList<>();
            for (TreeRow.DeploymentRow row : agentTree.deployments()) {
                children.add(item(row, keep));
            }
            setChildren(agentItem, children);
            agentItems.add(agentItem);
        }
        setChildren(root, agentItems);
        items.clear();
        items.putAll(keep);
        selectFirstDeploymentOnce(rows);
    }

    /**
     * On first data, select the first deployment so a new user sees services at once, not an empty table. An agent row
     * the console selected itself (the local agent, as it comes up) gives way to that agent's first deployment; the
     * first run showed "Select a deployment to see its services." under a living demo. A selection the user made, or
     * a deployment selected for a restored pane, stays.
     */
    private void selectFirstDeploymentOnce(List<DeploymentsViewModel.AgentTree> rows) {
        TreeItem<TreeRow> selected = tree.getSelectionModel().getSelectedItem();
        if (selectedOnce || userChose || selected != null && !(selected.getValue() instanceof TreeRow.AgentRow)) {
            return;
        }
        String agentKey = selected == null ? null : selected.getValue().key();
        rows.stream().filter(agentTree -> agentKey == null || agentTree.agent().key().equals(agentKey))
                .flatMap(agentTree -> agentTree.deployments().stream()).findFirst().ifPresent(row -> {
            selectedOnce = true;
            select(row.key());
        });
    }

    private TreeItem<TreeRow> item(TreeRow row, Map<String, TreeItem<TreeRow>> keep) {
        TreeItem<TreeRow> item = items.get(row.key());
        if (item == null) {
            item = new TreeItem<>(row);
        } else if (!item.getValue().equals(row)) {
            item.setValue(row);
        }
        keep.put(row.key(), item);
        return item;
    }

    /** Replaces children only when they differ, so an unchanged tree fires no events and loses no selection. */
    private static void setChildren(TreeItem<TreeRow> parent, List<TreeItem<TreeRow>> children) {
        if (!parent.getChildren().equals(children)) {
            parent.getChildren().setAll(children);
        }
    }

    /** Selects a row by key, clearing the filter first if it hides the row (the command palette's "go to"). */
    public boolean reveal(String key) {
        if (!items.containsKey(key)) {
            model.filterProperty().set("");
        }
        return select(key);
    }

    private ContextMenu menuFor(TreeRow row) {
        List<MenuItem> entries = new ArrayList<>();
        if (row instanceof TreeRow.DeploymentRow) {
            for (Action action : Action.values()) {
                MenuItem item = new MenuItem(ActionsViewModel.verb(action) + " deployment");
                item.setAccelerator(ActionKeys.of(action));
                item.disableProperty().bind(actions.availableProperty(action).not());
                item.setOnAction(event -> actions.run(action));
                entries.add(item);
            }
            MenuItem log = new MenuItem("Open log of all services");
            log.setAccelerator(DEPLOYMENT_LOG);
            log.setOnAction(event -> actions.openDeploymentLog());
            entries.add(new SeparatorMenuItem());
            entries.add(log);
        } else {
            MenuItem reconnect = new MenuItem("Reconnect now");
            reconnect.setAccelerator(RECONNECT);
            reconnect.setOnAction(event -> connections.reconnectNow(row.agent()));
            entries.add(reconnect);
            if (row.agent().embedded()) {
                MenuItem hide = new MenuItem("Stop and hide " + row.agent().name());
                hide.setAccelerator(REMOVE_AGENT);
                hide.setOnAction(event -> connections.removeConnection(row.agent()));
                entries.add(new SeparatorMenuItem());
                entries.add(hide);
            } else {
                MenuItem edit = new MenuItem("Edit connection…");
                edit.setAccelerator(EDIT_AGENT);
                edit.setOnAction(event -> connections.editConnection(row.agent()));
                MenuItem remove = new MenuItem("Remove connection");
                remove.setAccelerator(REMOVE_AGENT);
                remove.setOnAction(event -> connections.removeConnection(row.agent()));
                entries.add(new SeparatorMenuItem());
                entries.add(edit);
                entries.add(remove);
            }
        }
        return new ContextMenu(entries.toArray(MenuItem[]::new));
    }

    /** Name, badge and a quiet detail: "live · 2 of 3 deployments running" for an agent, services for a deployment. */
    private final class RowCell extends TreeCell<TreeRow> {
        private final NameLabel name = new NameLabel();
        private final FittingLabel detail = new FittingLabel();
        private final FittingLabel badge = new FittingLabel();
        /**
         * Short of room the detail gives way first, then the name (down to its first letters, whole in the tooltip),
         * then a long badge says its short word ("auth failed"); a badge is never cut.
         */
        private final GiveWayRow box = new GiveWayRow(8, GiveWayRow.givesWay(name, 2), spacer(), GiveWayRow.givesWay(detail, 1),
                GiveWayRow.givesWay(badge, 3));

        private final Tooltip tooltip = new Tooltip();

        RowCell() {
            // The row fits the tree's width: the detail gives way (a shorter wording, then nothing), then the name (an
            // agent's long name beside "authentication failed"), the badge never; no horizontal scroll bar hides the
            // badges of a narrow tree (issue 12, 1024x700).
            box.setMinWidth(0);
            box.setPrefWidth(0);
            detail.getStyleClass().add("row-detail");
            badge.getStyleClass().add("badge");
            badge.keepShortest();
            box.getStyleClass().add("tree-row");
            // A click on the deployment row, even the one already selected, makes the whole deployment the target.
            setOnMouseClicked(event -> {
                if (event.getButton() == MouseButton.PRIMARY && getItem() instanceof TreeRow.DeploymentRow) {
                    model.targetWholeDeployment();
                }
            });
        }

        @Override
        protected void updateItem(TreeRow row, boolean empty) {
            super.updateItem(row, empty);
            if (empty || row == null) {
                setGraphic(null);
                setText(null);
                setContextMenu(null);
                setTooltip(null);
                return;
            }
            String hint = null;
            boolean offline = false;
            if (row instanceof TreeRow.AgentRow agent) {
                name.setText(agent.agent().name());
                name.getStyleClass().setAll("label", "agent-name");
                detail.setWordings(RowDetails.agentWordings(agent.status(), agent.deployments(), agent.running()));
                show(Badges.agent(agent.status()), agent.status().words());
                // The name first: a narrow tree may show only its first letters.
                hint = agent.status().detail() == null ? agent.agent().name() : agent.agent().name() + ": " + agent.status().detail();
            } else if (row instanceof TreeRow.DeploymentRow deploymentRow) {
                Deployment deployment = deploymentRow.deployment();
                name.setText(deployment.name());
                name.getStyleClass().setAll("label", "deployment-name");
                detail.setWordings(java.util.List.of(RowDetails.deployment(deployment)));
                offline = deploymentRow.unreachable() != null;
                show(Badges.deployment(deployment, offline));
                if (offline) {
                    hint = deploymentRow.unreachable();
                }
            }
            box.pseudoClassStateChanged(OFFLINE, offline);
            tooltip.setText(hint == null ? "" : hint);
            setTooltip(hint == null || hint.isEmpty() ? null : tooltip);
            setText(null);
            setGraphic(box);
            setContextMenu(menuFor(row));
        }

        private void show(BadgeText shown) {
            show(shown, java.util.List.of(shown.text()));
        }

        private void show(BadgeText shown, java.util.List<String> wordings) {
            badge.setWordings(wordings);
            Badge.tone(badge, shown.tone());
        }
    }

    private static Region spacer() {
        Region region = new Region();
        HBox.setHgrow(region, Priority.ALWAYS);
        return region;
    }
}

package io.capstan.console.connections;

import io.capstan.client.AgentEndpoint;
import io.capstan.console.agents.AgentConnection;
import io.capstan.console.agents.Fleet;
import io.capstan.console.fx.Background;
import io.capstan.console.common.ConnectionCommands;
import io.capstan.console.common.Dialogs;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import javafx.stage.Window;

/** Add, edit, remove and reconnect agent connections, with the dialog and the fleet. UI thread only. */
public final class ConnectionsController implements ConnectionCommands {

    private final Fleet fleet;
    private final Background background;
    private final Dialogs dialogs;
    private final ConnectionTester tester;
    private final Supplier<Window> owner;

    public ConnectionsController(Fleet fleet, Background background, Dialogs dialogs, ConnectionTester tester,
                                 Supplier<Window> owner) {
        this.fleet = fleet;
        this.background = background;
        this.dialogs = dialogs;
        this.tester = tester;
        this.owner = owner;
    }

    @Override
    public void addConnection() {
        ConnectionEditorViewModel model = new ConnectionEditorViewModel(null, names(null), background, tester);
        ConnectionDialog.show(owner.get(), "Add agent", model).ifPresent(fleet::add);
    }

    @Override
    public void editConnection(AgentConnection agent) {
        ConnectionEditorViewModel model = new ConnectionEditorViewModel(agent.endpoint(), names(agent), background, tester);
        ConnectionDialog.show(owner.get(), "Edit " + agent.name(), model)
                .ifPresent(endpoint -> fleet.replace(agent, endpoint));
    }

    @Override
    public void removeConnection(AgentConnection agent) {
        if (agent.embedded()) {
            if (dialogs.confirm("Remove agent", "Stop the local agent and hide " + agent.name() + "?",
                    "The demo deployments it runs are stopped. Start the console with --embedded=true to bring it back.",
                    "Stop and hide")) {
                fleet.remove(agent);
            }
            return;
        }
        if (dialogs.confirm("Remove agent", "Remove " + agent.name() + "?",
                "The console stops showing " + agent.name() + " (" + agent.endpoint().baseUrl()
                        + ") and forgets its token. The agent and its deployments are not touched.", "Remove")) {
            fleet.remove(agent);
        }
    }

    @Override
    public void reconnectNow(AgentConnection agent) {
        agent.reconnectNow();
    }

    private Set<String> names(AgentConnection except) {
        return fleet.agents().stream().filter(agent -> agent != except).map(AgentConnection::name)
                .collect(Collectors.toSet());
    }

    /** Exposed for tests that add a connection without the dialog. */
    public AgentConnection add(AgentEndpoint endpoint) {
        return fleet.add(endpoint);
    }
}

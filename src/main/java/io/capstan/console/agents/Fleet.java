package io.capstan.console.agents;

import io.capstan.client.AgentEndpoint;
import io.capstan.client.SavedConnections;
import io.capstan.console.fx.UiThread;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agents the console shows, in one list: the saved connections plus, when there are none, the embedded agent
 * ("This computer"). Adding, editing and removing a saved connection writes {@code connections.json} (readable by
 * the user only) at once, so a crash never loses an edit. UI thread only.
 */
public final class Fleet implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Fleet.class);

    private final UiThread ui;
    private final SavedConnections saved;
    private final ObservableList<AgentConnection> agents = FXCollections.observableArrayList();

    public Fleet(UiThread ui, SavedConnections saved) {
        this.ui = Objects.requireNonNull(ui);
        this.saved = Objects.requireNonNull(saved);
    }

    /** Connects to every saved agent; returns how many there were. */
    public int connectSaved() {
        List<AgentEndpoint> endpoints = saved.load();
        endpoints.forEach(endpoint -> connect(endpoint, false));
        return endpoints.size();
    }

    public ObservableList<AgentConnection> agents() {
        return agents;
    }

    public Optional<AgentConnection> find(String name) {
        return agents.stream().filter(agent -> agent.name().equals(name)).findFirst();
    }

    /** Shows an agent the console started itself; not saved. */
    public AgentConnection addEmbedded(AgentEndpoint endpoint) {
        return connect(endpoint, true);
    }

    /** Adds and saves a connection. */
    public AgentConnection add(AgentEndpoint endpoint) {
        if (find(endpoint.name()).isPresent()) {
            throw new IllegalArgumentException("a connection named " + endpoint.name() + " exists");
        }
        AgentConnection connection = connect(endpoint, false);
        persist();
        return connection;
    }

    /**
     * Replaces a connection (new URL or token); a saved one is saved again. Only a new token for the same agent (a
     * rotation picked up, "fix token…"): the connection stays and takes the token, and every stream the agent refused
     * (the event subscription, each log pane's, in the main window or its own) resumes from its cursor (decision record
     * 133). Anything else: the old session closes and a new one opens in its place.
     */
    public AgentConnection replace(AgentConnection old, AgentEndpoint next) {
        int index = agents.indexOf(old);
        if (index < 0) {
            throw new IllegalArgumentException("unknown connection " + old.name());
        }
        if (old.endpoint().sameAgentAs(next) && old.endpoint().name().equals(next.name())) {
            old.renewToken(next.token());
            if (!old.embedded()) {
                persist();
            }
            return old;
        }
        old.close();
        AgentConnection connection = new AgentConnection(next, old.embedded());
        connection.start(ui);
        agents.set(index, connection);
        if (!connection.embedded()) {
            persist(); // the console's own agent is never saved (its token is read from its state folder)
        }
        return connection;
    }

    public void remove(AgentConnection connection) {
        if (agents.remove(connection)) {
            connection.close();
            persist();
        }
    }

    /** Started before it is listed: whoever reacts to a new agent (restoring its panes) may use its client at once. */
    private AgentConnection connect(AgentEndpoint endpoint, boolean embedded) {
        AgentConnection connection = new AgentConnection(endpoint, embedded);
        connection.start(ui);
        agents.add(connection);
        return connection;
    }

    private void persist() {
        try {
            saved.save(agents.stream().filter(agent -> !agent.embedded()).map(AgentConnection::endpoint).toList());
        } catch (UncheckedIOException e) {
            LOG.warn("could not save connections to {}", saved.file(), e);
            throw e;
        }
    }

    @Override
    public void close() {
        agents.forEach(AgentConnection::close);
    }
}

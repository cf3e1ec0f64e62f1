package io.capstan.console.agents;

import io.capstan.client.AgentClient;
import io.capstan.client.AgentEndpoint;
import io.capstan.client.AgentSession;
import io.capstan.client.sse.StreamState;
import io.capstan.client.store.AgentStore;
import io.capstan.console.fx.UiThread;
import io.capstan.protocol.Action;
import io.capstan.protocol.Job;
import java.util.List;
import java.util.Objects;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.SimpleObjectProperty;

/**
 * One agent as the console sees it: its latest snapshot and its event stream's state as properties that change on
 * the UI thread only, and the calls the console makes on it. The session (client, event stream, store) lives on the
 * client library's threads; this class is where their callbacks cross over, through the {@link UiThread}.
 */
public final class AgentConnection implements AgentActions, AutoCloseable {

    private static final AgentStore.Snapshot EMPTY = new AgentStore.Snapshot(0, List.of(), List.of(), false);

    private final AgentEndpoint endpoint;
    private final boolean embedded;
    private final ObjectProperty<AgentStore.Snapshot> snapshot = new SimpleObjectProperty<>(this, "snapshot", EMPTY);
    private final ObjectProperty<StreamState> state =
            new SimpleObjectProperty<>(this, "state", new StreamState.Connecting(1));
    private AgentSession session;

    /** A connection not yet started: {@link #start(UiThread)} opens its session. */
    public AgentConnection(AgentEndpoint endpoint, boolean embedded) {
        this.endpoint = Objects.requireNonNull(endpoint);
        this.embedded = embedded;
    }

    /** Opens the session; snapshots and states then arrive on {@code ui}. Call once, on the UI thread. */
    public void start(UiThread ui) {
        if (session != null) {
            throw new IllegalStateException("already started");
        }
        session = new AgentSession(endpoint, next -> ui.run(() -> snapshot.set(next)), next -> ui.run(() -> state.set(next)));
        session.start();
    }

    public String name() {
        return endpoint.name();
    }

    public AgentEndpoint endpoint() {
        return endpoint;
    }

    /** True for the console's own loopback agent over the demo set ("This computer"). */
    public boolean embedded() {
        return embedded;
    }

    public ReadOnlyObjectProperty<AgentStore.Snapshot> snapshotProperty() {
        return snapshot;
    }

    public AgentStore.Snapshot snapshot() {
        return snapshot.get();
    }

    public ReadOnlyObjectProperty<StreamState> stateProperty() {
        return state;
    }

    /** For tests and for hosts that feed snapshots themselves; UI thread only. */
    public void publish(AgentStore.Snapshot next, StreamState nextState) {
        snapshot.set(next);
        state.set(nextState);
    }

    /** The client for calls and log streams; null before {@link #start}. */
    public AgentClient client() {
        return session == null ? null : session.client();
    }

    public void reconnectNow() {
        if (session != null) {
            session.reconnectNow();
        }
    }

    /** Blocking; call through a {@code Background}. */
    @Override
    public Job perform(Action action, String deployment, String service) {
        AgentClient client = requireClient();
        return service == null ? client.startDeploymentJob(deployment, action)
                : client.startServiceJob(deployment, service, action);
    }

    /** Blocking; call through a {@code Background}. */
    @Override
    public Job job(String id) {
        return requireClient().job(id);
    }

    /** Blocking; call through a {@code Background}. */
    @Override
    public Job cancel(String id) {
        return requireClient().cancel(id);
    }

    private AgentClient requireClient() {
        if (session == null) {
            throw new IllegalStateException("connection " + name() + " is not started");
        }
        return session.client();
    }

    @Override
    public void close() {
        if (session != null) {
            session.close();
        }
    }

    @Override
    public String toString() {
        return name();
    }
}

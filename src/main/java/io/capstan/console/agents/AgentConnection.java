package io.capstan.console.agents;

import io.capstan.client.AgentClient;
import io.capstan.client.AgentEndpoint;
import io.capstan.client.AgentSession;
import io.capstan.client.StreamWords;
import io.capstan.client.sse.StreamState;
import io.capstan.client.ssh.SshTunnel;
import io.capstan.client.store.AgentStore;
import io.capstan.console.format.AgentReach;
import io.capstan.console.format.ConnectionStatus;
import io.capstan.console.format.Offline;
import io.capstan.console.fx.UiThread;
import io.capstan.protocol.Action;
import io.capstan.protocol.Job;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Objects;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.SimpleObjectProperty;

/**
 * One agent as the console sees it: its latest snapshot and its event stream's state as properties that change on
 * the UI thread only, and the calls the console makes on it. The session (client, event stream, store) lives on the
 * client library's threads; this class is where their callbacks cross over, through the {@link UiThread}.
 */
public final class AgentConnection implements AgentActions, AutoCloseable {

    private static final AgentStore.Snapshot EMPTY = new AgentStore.Snapshot(0, List.of(), List.of(), false);

    /** Replaced only by {@link #renewToken} (UI thread). */
    private AgentEndpoint endpoint;
    private final boolean embedded;
    private final ObjectProperty<AgentStore.Snapshot> snapshot = new SimpleObjectProperty<>(this, "snapshot", EMPTY);
    private final ObjectProperty<StreamState> state =
            new SimpleObjectProperty<>(this, "state", new StreamState.Connecting(1));
    private final ReadOnlyObjectWrapper<Instant> offlineSince = new ReadOnlyObjectWrapper<>(this, "offlineSince");
    private final ReadOnlyIntegerWrapper tokenRefusals = new ReadOnlyIntegerWrapper(this, "tokenRefusals");
    private final Clock clock;
    private AgentSession session;
    /** The SSH tunnel of an SSH connection (null for a direct one), and its latest state (UI thread). */
    private SshTunnel tunnel;
    private final ObjectProperty<SshTunnel.State> tunnelState = new SimpleObjectProperty<>(this, "tunnelState");
    /**
     * When the console noticed the event stream was not live (or when the first try began); null while live. It times
     * the grace only: for a silent connection it is a whole silence window after the agent went quiet.
     */
    private Instant downSince;
    /** When the agent was last heard from, as the client reported it with the stream's last failure; null if unknown. */
    private Instant lastContact;
    /** Why the stream last failed, in plain words; kept while it tries again. */
    private String reason;
    /**
     * Whether the agent was ever heard from on this connection (a live stream, or a contact the client reported): a
     * connection is made when the console starts and again when it is added or changed. Until then there is no time it
     * was last up, so it is "not reached", never "offline since" (decision record 159).
     */
    private boolean reached;

    /** A connection not yet started: {@link #start(UiThread)} opens its session. */
    public AgentConnection(AgentEndpoint endpoint, boolean embedded) {
        this(endpoint, embedded, Clock.systemDefaultZone());
    }

    public AgentConnection(AgentEndpoint endpoint, boolean embedded, Clock clock) {
        this.endpoint = Objects.requireNonNull(endpoint);
        this.embedded = embedded;
        this.clock = Objects.requireNonNull(clock);
        this.downSince = clock.instant();
        state.addListener((obs, old, now) -> stateChanged(now));
    }

    /** Opens the session; snapshots and states then arrive on {@code ui}. Call once, on the UI thread. */
    public void start(UiThread ui) {
        if (session != null) {
            throw new IllegalStateException("already started");
        }
        AgentEndpoint direct = endpoint;
        if (endpoint.ssh() != null) {
            // The console opens the tunnel, watches it and reopens it; the session talks to its local end, which stays
            // the same across reopens, so streams resume there as after any cut.
            tunnel = new SshTunnel(endpoint.name(), endpoint.ssh(), endpoint.baseUrl(), List.of("ssh"),
                    next -> ui.run(() -> tunnelChanged(next)));
            direct = endpoint.at(tunnel.localUrl());
            tunnelState.set(tunnel.state());
            tunnel.start();
        }
        session = new AgentSession(direct, next -> ui.run(() -> snapshot.set(next)), next -> ui.run(() -> state.set(next)));
        session.client().onTokenRefused(() -> ui.run(() -> tokenRefusals.set(tokenRefusals.get() + 1)));
        session.start();
    }

    private void tunnelChanged(SshTunnel.State next) {
        tunnelState.set(next);
        if (next instanceof SshTunnel.State.Open && session != null) {
            session.reconnectNow(); // the way is open again: no need to wait out the stream's backoff
        }
    }

    /**
     * For an SSH connection: true while its tunnel is open, false while SSH is down or still logging in; null for a
     * direct connection. With the stream down, this says which part is: SSH or the agent behind it.
     */
    public Boolean sshUp() {
        SshTunnel.State t = tunnelState.get();
        return tunnel == null ? null : t instanceof SshTunnel.State.Open;
    }

    /** Why SSH is down, in ssh's own words; null while it is up or for a direct connection. */
    public String sshReason() {
        return tunnelState.get() instanceof SshTunnel.State.Down d ? d.reason() : null;
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

    /**
     * Counts the times a stream of this connection stopped because the agent refused its token: the event stream, or
     * any log pane's stream, whichever meets the refusal (a pane opened while the event stream waits out a backoff is
     * refused first). Changes on the UI thread.
     */
    public ReadOnlyIntegerProperty tokenRefusalsProperty() {
        return tokenRefusals.getReadOnlyProperty();
    }

    /**
     * When the agent was last heard from (the client's last contact: the last byte of any of its streams, pings
     * included, or the last successful call; decision record 151), once its event stream has stayed down for
     * {@link Offline#GRACE} after the console noticed; null while the agent is live or only briefly gone. While set, what
     * the console shows of this agent is unknown, not current, and every clock it shows stops here. Null for an agent
     * never {@linkplain #reached() reached}: it has no time it was last up, and nothing shown to stop.
     */
    public ReadOnlyObjectProperty<Instant> offlineSinceProperty() {
        return offlineSince.getReadOnlyProperty();
    }

    /** Why the event stream last failed, in plain words ("connection refused"); null if it never did. */
    public String reason() {
        return reason;
    }

    /**
     * Whether the agent was ever heard from on this connection: its event stream was live, or its client reported a
     * contact (a call answered). Changes only with {@link #stateProperty()}, before that property's other listeners hear.
     */
    public boolean reached() {
        return reached;
    }

    /**
     * What a log pane of this agent asks before it words its own stream (decision record 160): reached (as
     * {@link #reached()}, or any contact its client has had: a call answered while the event stream never went live),
     * live (the event stream now), and {@link #offlineSinceProperty() offline since}. UI thread.
     */
    public AgentReach reach() {
        AgentClient client = client();
        return AgentReach.of(reached || client != null && client.lastContact() != null,
                state.get() instanceof StreamState.Live, offlineSince.get());
    }

    /** What the status bar and the tree say of this connection now: the one place both take it from. */
    public ConnectionStatus status(Instant now, ZoneId zone) {
        return ConnectionStatus.of(state.get(), reason, reached, offlineSince.get(), now, zone).throughSsh(sshUp(), sshReason());
    }

    /** Declares the agent offline once the grace has passed; the main window calls it once a second. */
    public void tick() {
        if (reached && Offline.graceOver(downSince, clock.instant())) {
            Instant since = lastContact != null ? lastContact : downSince;
            if (!since.equals(offlineSince.get())) {
                offlineSince.set(since); // a later contact (a call answered while the stream is down) moves it on
            }
        }
    }

    private void stateChanged(StreamState now) {
        reached |= StreamWords.reached(now); // live, or a retry that carries a contact (a call answered meanwhile)
        if (now instanceof StreamState.Live) {
            downSince = null;
            lastContact = null;
            reason = null;
            offlineSince.set(null);
            return;
        }
        if (now instanceof StreamState.WaitingToRetry waiting) {
            reason = waiting.cause();
            if (waiting.lastContact() != null) {
                lastContact = waiting.lastContact();
            }
        } else if (now instanceof StreamState.Stopped stopped && stopped.refused()) {
            reason = StreamWords.AUTHENTICATION_FAILED;
        }
        if (downSince == null) {
            downSince = clock.instant();
        }
        tick();
    }

    /**
     * The same agent, another token (rotated, or fixed by the user): calls carry it from now on, and the streams the
     * agent refused, the event subscription's and every log pane's, resume where they stopped. UI thread.
     */
    public void renewToken(String token) {
        endpoint = endpoint.withToken(token);
        if (session != null) {
            session.client().renewToken(token);
        }
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
        if (tunnel != null) {
            tunnel.reopenNow();
        }
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
        if (tunnel != null) {
            tunnel.close();
        }
    }

    @Override
    public String toString() {
        return name();
    }
}

package io.capstan.client;

import io.capstan.client.events.EventSubscription;
import io.capstan.client.sse.ExecutorScheduler;
import io.capstan.client.sse.StreamState;
import io.capstan.client.store.AgentStore;
import io.capstan.protocol.Messages;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Everything one connected agent needs, wired once: the {@link AgentClient}, the {@link EventSubscription} and the
 * {@link AgentStore} it keeps current, sharing one scheduler thread ({@code capstan-agent-<name>}). The session
 * owns all of them: {@link #close()} closes the subscription, the store, the scheduler and the client, in that
 * order, and is idempotent.
 *
 * <p>Threads: {@code storeListener} is called as documented on {@link AgentStore.Listener}; {@code stateListener}
 * as {@link EventSubscription.Listener#onState}. Neither may block.
 */
public final class AgentSession implements AutoCloseable {
    private final AgentClient client;
    private final ExecutorScheduler scheduler;
    private final AgentStore store;
    private final EventSubscription events;

    public AgentSession(AgentEndpoint endpoint, AgentStore.Listener storeListener, Consumer<StreamState> stateListener) {
        Objects.requireNonNull(storeListener);
        Objects.requireNonNull(stateListener);
        this.client = new AgentClient(endpoint);
        this.scheduler = new ExecutorScheduler("capstan-agent-" + endpoint.name());
        this.store = new AgentStore(AgentStore.Source.of(client), scheduler, storeListener);
        this.events = new EventSubscription(client, new EventSubscription.Listener() {
            @Override
            public void onState(StreamState state) {
                store.onState(state);
                stateListener.accept(state);
            }

            @Override
            public void onHello(Messages.Hello hello) {
                store.onHello(hello);
            }

            @Override
            public void onEvent(Messages.AgentEvent event) {
                store.onEvent(event);
            }
        }, AgentClient.HEARTBEAT_WINDOW, scheduler, null);
    }

    /** Opens the event stream; the first hello fetches the lists. */
    public void start() {
        events.start();
    }

    public AgentClient client() {
        return client;
    }

    public AgentStore store() {
        return store;
    }

    public EventSubscription events() {
        return events;
    }

    /** The user's "reconnect now". */
    public void reconnectNow() {
        events.reconnectNow();
    }

    @Override
    public void close() {
        events.close();
        store.close();
        scheduler.close();
        client.close();
    }
}

package io.capstan.agent.swarm;

import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Event;
import com.github.dockerjava.api.model.EventType;
import java.io.Closeable;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a stack's snapshot current: a read every {@value #POLL_MILLIS} ms (the swarm publishes no task events, so
 * tasks must be polled), and at once on each service or node event from the engine (a node going down or drained
 * shows on its tasks without waiting for the next poll). The event stream is re-opened when it ends.
 */
final class StateWatch implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StateWatch.class);
    static final long POLL_MILLIS = 2000;

    private final SwarmEngine engine;
    private final Runnable refresh;
    private final Thread poller;
    private final Thread events;
    private volatile boolean closed;
    private volatile Closeable stream;
    private boolean requested;

    StateWatch(SwarmEngine engine, String name, Runnable refresh) {
        this.engine = engine;
        this.refresh = refresh;
        this.poller = new Thread(this::poll, "capstan-swarm-state-" + name);
        this.events = new Thread(this::follow, "capstan-swarm-events-" + name);
        poller.setDaemon(true);
        events.setDaemon(true);
    }

    void start() {
        poller.start();
        events.start();
    }

    private synchronized void request() {
        requested = true;
        notifyAll();
    }

    private void poll() {
        while (!closed) {
            synchronized (this) {
                try {
                    if (!requested) wait(POLL_MILLIS);
                } catch (InterruptedException e) {
                    return;
                }
                requested = false;
            }
            if (closed) return;
            try {
                refresh.run();
            } catch (RuntimeException e) {
                LOG.warn("reading swarm state failed", e);
            }
        }
    }

    private void follow() {
        while (!closed) {
            ResultCallback.Adapter<Event> cb = new ResultCallback.Adapter<>() {
                @Override
                public void onNext(Event e) {
                    request();
                }
            };
            try {
                stream = cb;
                engine.streams().eventsCmd().withEventTypeFilter(EventType.SERVICE, EventType.NODE).exec(cb);
                // Whatever happened while the stream was down is only in the state: read it again.
                request();
                cb.awaitCompletion();
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                LOG.debug("swarm event stream ended", e);
            } finally {
                try {
                    cb.close();
                } catch (Exception ignored) {
                    // Already closed.
                }
            }
            try {
                TimeUnit.SECONDS.sleep(2);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        Closeable s = stream;
        if (s != null) {
            try {
                s.close();
            } catch (Exception ignored) {
                // Closing the stream only ends the follower.
            }
        }
        poller.interrupt();
        events.interrupt();
    }
}

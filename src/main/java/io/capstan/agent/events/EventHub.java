package io.capstan.agent.events;

import io.capstan.protocol.Messages;
import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongFunction;

/**
 * The agent's event sequence: a random epoch per start, seq +1 per event, the last {@code retain} events
 * kept for resumption. Readers pull by seq, like job output.
 */
public final class EventHub {

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final String epoch;
    private final int retain;
    private final ArrayDeque<Messages.AgentEvent> events = new ArrayDeque<>();
    private long seq;
    private boolean closed;

    public EventHub(int retain) {
        this.retain = Math.max(1, retain);
        byte[] b = new byte[8];
        new SecureRandom().nextBytes(b);
        StringBuilder sb = new StringBuilder();
        for (byte x : b) sb.append(String.format("%02x", x));
        this.epoch = sb.toString();
    }

    public String epoch() {
        return epoch;
    }

    public long seq() {
        lock.lock();
        try {
            return seq;
        } finally {
            lock.unlock();
        }
    }

    /** Publishes an event made with its own seq. */
    public void publish(LongFunction<Messages.AgentEvent> event) {
        lock.lock();
        try {
            if (closed) return;
            seq++;
            events.addLast(event.apply(seq));
            while (events.size() > retain) events.removeFirst();
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** True when every event after {@code after} is still held (or none has happened). */
    public boolean canResumeAfter(long after) {
        lock.lock();
        try {
            if (after > seq || after < 0) return false;
            if (after == seq) return true;
            return !events.isEmpty() && events.peekFirst().seq() <= after + 1;
        } finally {
            lock.unlock();
        }
    }

    /** Held events with seq greater than {@code after}. */
    public List<Messages.AgentEvent> after(long after) {
        lock.lock();
        try {
            List<Messages.AgentEvent> out = new ArrayList<>();
            for (Messages.AgentEvent e : events) {
                if (e.seq() > after) out.add(e);
            }
            return out;
        } finally {
            lock.unlock();
        }
    }

    public void awaitAfter(long after, long timeoutMillis) throws InterruptedException {
        lock.lock();
        try {
            long nanos = TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
            while (seq <= after && !closed && nanos > 0) nanos = changed.awaitNanos(nanos);
        } finally {
            lock.unlock();
        }
    }

    public boolean isClosed() {
        lock.lock();
        try {
            return closed;
        } finally {
            lock.unlock();
        }
    }

    public void close() {
        lock.lock();
        try {
            closed = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }
}

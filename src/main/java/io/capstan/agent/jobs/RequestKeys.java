package io.capstan.agent.jobs;

import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Which job each keyed job request made, so that the same request sent again (its answer was lost to a dropped
 * connection, and the client cannot know whether it arrived) gets that job back instead of starting a second one: a
 * Restart that reached the agent once restarts once. A key belongs to the caller who sent it (its token's name) and
 * to one request (its target and action); it is kept {@link #KEEP} or until {@link #MAX} newer keys push it out, far
 * longer than a client goes on retrying. Kept in memory only: an agent restarted between a request and its retry
 * does not know the key (decision record 163).
 */
public final class RequestKeys {
    /** How long a key is remembered: a client retries for seconds. */
    public static final Duration KEEP = Duration.ofHours(1);
    /** How many keys are remembered at most; the oldest go first. */
    public static final int MAX = 10_000;

    /** What a request with a key may do. */
    public sealed interface Claim {
        /** The key is new: make the job, then {@link #made} or {@link #abandon}. */
        record Fresh() implements Claim {
        }

        /** The key made this job already: answer with it. */
        record Made(String jobId) implements Claim {
        }

        /** A request with this key is being handled right now: try again in a moment. */
        record InProgress() implements Claim {
        }

        /** The key was used for another request (this one's target or action differs). */
        record OtherRequest(String request) implements Claim {
        }
    }

    private record Entry(String request, String jobId, Instant at) {
    }

    private final int max;
    private final Duration keep;
    private final Map<String, Entry> entries = new LinkedHashMap<>();

    public RequestKeys() {
        this(MAX, KEEP);
    }

    RequestKeys(int max, Duration keep) {
        this.max = max;
        this.keep = keep;
    }

    /**
     * Claims {@code key} of {@code caller} for {@code request} (what the request asks, in words: "restart app/web").
     * A fresh claim holds the key until {@link #made} or {@link #abandon}.
     */
    public synchronized Claim claim(String caller, String key, String request, Instant now) {
        forgetOld(now);
        String id = id(caller, key);
        Entry entry = entries.get(id);
        if (entry == null) {
            entries.put(id, new Entry(request, null, now));
            while (entries.size() > max) {
                Iterator<Map.Entry<String, Entry>> oldest = entries.entrySet().iterator();
                oldest.next();
                oldest.remove();
            }
            return new Claim.Fresh();
        }
        if (!entry.request().equals(request)) {
            return new Claim.OtherRequest(entry.request());
        }
        return entry.jobId() == null ? new Claim.InProgress() : new Claim.Made(entry.jobId());
    }

    /** The fresh claim made {@code jobId}: the key answers with it from now on. */
    public synchronized void made(String caller, String key, String jobId) {
        Entry entry = entries.get(id(caller, key));
        if (entry != null) {
            entries.put(id(caller, key), new Entry(entry.request(), jobId, entry.at()));
        }
    }

    /** The fresh claim made nothing (refused, busy, a full disk): the same request may try again. */
    public synchronized void abandon(String caller, String key) {
        Entry entry = entries.get(id(caller, key));
        if (entry != null && entry.jobId() == null) {
            entries.remove(id(caller, key));
        }
    }

    synchronized int size() {
        return entries.size();
    }

    private void forgetOld(Instant now) {
        Instant limit = now.minus(keep);
        // Insertion order is age order: the oldest are first.
        Iterator<Entry> it = entries.values().iterator();
        while (it.hasNext()) {
            if (it.next().at().isAfter(limit)) {
                return;
            }
            it.remove();
        }
    }

    private static String id(String caller, String key) {
        // The caller's name cannot hold a newline (token names are validated names), so the pair cannot be confused.
        return Objects.requireNonNull(caller) + "\n" + key;
    }
}

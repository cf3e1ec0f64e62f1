package io.capstan.agent.jobs;

import io.capstan.agent.OwnerOnly;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which job each keyed job request made, so that the same request sent again (its answer was lost to a dropped
 * connection, and the client cannot know whether it arrived) gets that job back instead of starting a second one: a
 * Restart that reached the agent once restarts once. A key belongs to the caller who sent it (its token's name) and
 * to one request (its target and action); it is kept {@link #KEEP} or until {@link #MAX} newer keys push it out, far
 * longer than a client goes on retrying (decision record 163).
 *
 * <p>Kept {@linkplain #kept in the state folder} too ({@code jobs/request-keys.tsv}, owner-only), one line a key that
 * made a job, appended as it is made and rewritten without the expired ones at each start and every {@link #MAX} lines:
 * an agent restarted between a request and its repeat (a crash, a service manager's restart within the client's
 * seconds of retrying) still answers the repeat with the first job (decision record 168). A key being handled when the
 * agent died made no job it knows of, and is judged again. A line is {@code <ms since epoch> TAB <caller> TAB <key>
 * TAB <job> TAB <request>}: a key is visible ASCII without spaces, a caller a token's validated name, a request an
 * action and validated names, so none holds a tab or a line break.
 */
public final class RequestKeys implements AutoCloseable {
    /** The file under the state folder's jobs folder. */
    public static final String FILE = "request-keys.tsv";
    private static final Logger LOG = LoggerFactory.getLogger(RequestKeys.class);

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
    /** Where made keys are kept, or null: memory only. */
    private final Path file;
    /** Open for appending once a key is made; closed to rewrite. */
    private FileChannel out;
    /** Lines appended since the file was last rewritten. */
    private int appended;
    /** A failure to keep a key is said once; the key still works until the agent stops. */
    private boolean warned;

    /** Keys in memory only (tests). */
    public RequestKeys() {
        this(MAX, KEEP, null, Instant.now());
    }

    RequestKeys(int max, Duration keep) {
        this(max, keep, null, Instant.now());
    }

    RequestKeys(int max, Duration keep, Path file, Instant now) {
        this.max = max;
        this.keep = keep;
        this.file = file;
        if (file != null) {
            load(now);
            rewrite();
        }
    }

    /** The keys the agent of {@code stateDir} made jobs for in the last {@link #KEEP}, kept there from now on. */
    public static RequestKeys kept(Path stateDir, Instant now) {
        return new RequestKeys(MAX, KEEP, stateDir.resolve(JobStore.FOLDER).resolve(FILE), now);
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
            Entry madeEntry = new Entry(entry.request(), jobId, entry.at());
            entries.put(id(caller, key), madeEntry);
            append(line(caller, key, madeEntry));
        }
    }

    @Override
    public synchronized void close() {
        closeOut();
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

    private void load(Instant now) {
        Instant limit = now.minus(keep);
        int skipped = 0;
        try {
            for (String text : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                String[] f = text.split("\t", -1);
                try {
                    if (f.length != 5 || f[1].isEmpty() || f[2].isEmpty() || f[3].isEmpty() || f[4].isEmpty()) {
                        throw new IllegalArgumentException("not five fields");
                    }
                    Instant at = Instant.ofEpochMilli(Long.parseLong(f[0]));
                    if (at.isAfter(limit)) {
                        String id = id(f[1], f[2]);
                        entries.remove(id); // a key made again goes where its newest line puts it
                        entries.put(id, new Entry(f[4], f[3], at));
                    }
                } catch (IllegalArgumentException e) {
                    skipped++; // a line cut by a crash or a full disk: that key is judged again if it comes
                }
            }
        } catch (NoSuchFileException e) {
            return;
        } catch (IOException e) {
            LOG.warn("cannot read the job requests' keys in {}: {}; a repeated request may make a second job", file, e.toString());
            return;
        }
        if (skipped > 0) {
            LOG.warn("skipped {} unreadable lines of {}", skipped, file);
        }
        while (entries.size() > max) {
            Iterator<Map.Entry<String, Entry>> oldest = entries.entrySet().iterator();
            oldest.next();
            oldest.remove();
        }
    }

    /** The file again with only the keys held now that made a job (none: no file); the appending starts over after it. */
    private void rewrite() {
        closeOut();
        StringBuilder text = new StringBuilder();
        for (Map.Entry<String, Entry> e : entries.entrySet()) {
            if (e.getValue().jobId() != null) {
                int cut = e.getKey().indexOf('\n');
                text.append(line(e.getKey().substring(0, cut), e.getKey().substring(cut + 1), e.getValue()));
            }
        }
        try {
            appended = 0;
            if (text.isEmpty()) {
                // No empty file: the jobs folder holds no file without content (a full disk's leftovers would look so).
                Files.deleteIfExists(file);
                return;
            }
            OwnerOnly.replace(file, file.resolveSibling(FILE + ".tmp"), text.toString().getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            warn(e);
        }
    }

    private void append(String line) {
        if (file == null) {
            return;
        }
        if (appended >= max) {
            rewrite(); // holds the line just made too
            return;
        }
        try {
            if (out == null) {
                Files.createDirectories(file.getParent());
                out = OwnerOnly.append(file);
            }
            OwnerOnly.writeFully(out, line.getBytes(StandardCharsets.UTF_8));
            appended++;
        } catch (IOException e) {
            closeOut();
            try {
                // A file this append created on a full disk is left empty: none stays behind.
                if (Files.size(file) == 0) Files.delete(file);
            } catch (IOException gone) {
                LOG.debug("{} after a failed append", file, gone);
            }
            warn(e);
        }
    }

    private void warn(IOException e) {
        if (!warned) {
            LOG.warn("cannot keep job requests' keys in {}: {}; until then an agent restarted between a request and its"
                    + " repeat makes a second job", file, e.toString());
            warned = true;
        }
    }

    private void closeOut() {
        if (out != null) {
            try {
                out.close();
            } catch (IOException e) {
                LOG.debug("closing {}", file, e);
            }
            out = null;
        }
    }

    private static String line(String caller, String key, Entry entry) {
        return entry.at().toEpochMilli() + "\t" + caller + "\t" + key + "\t" + entry.jobId() + "\t" + entry.request() + "\n";
    }

    private static String id(String caller, String key) {
        // The caller's name cannot hold a newline (token names are validated names), so the pair cannot be confused.
        return Objects.requireNonNull(caller) + "\n" + key;
    }
}

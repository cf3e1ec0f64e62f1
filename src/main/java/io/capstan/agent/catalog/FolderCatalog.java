package io.capstan.agent.catalog;

import io.capstan.agent.backend.Backend;
import io.capstan.agent.backend.Catalog;
import io.capstan.agent.backend.DefinitionFiles;
import io.capstan.agent.backend.CatalogFactory;
import io.capstan.agent.backend.DeploymentConfigException;
import io.capstan.agent.backend.DeploymentRuntime;
import io.capstan.agent.backend.RuntimeContextFactory;
import io.capstan.protocol.Names;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deployments are the direct subfolders of a root folder that a backend claims (a link to a folder counts as one),
 * named by their folder. A claimed folder whose name breaks {@link Names#RULE} ({@code My App}, {@code Shop}) is listed
 * as a {@link BrokenDeployment} saying so, never opened (its name cannot key a project, a lock or a URL), so an
 * operator sees it rather than a line in the agent's log (decision record 139); files and hidden folders are not
 * deployments.
 *
 * <p>Watching is a poll every {@code interval} (default 1 s) on one daemon thread rather than a
 * {@link java.nio.file.WatchService}: a WatchService sees only the folders registered with it (so every
 * deployment folder and each new one must be registered, racing with their creation), overflows and must
 * rescan anyway, and is unreliable on network and container bind mounts. Comparing the contents of a handful
 * of small definition files once a second is cheap and always right.
 *
 * <p>A definition is fingerprinted by the contents of the folder's top-level {@code *.yaml}/{@code *.yml}
 * files (not by other files, which services may write to). When it changes the old runtime is closed (its
 * services stop) and the folder is opened again, reported as {@code changed}: running processes are never
 * left without a supervisor. While a job holds the deployment the change waits (the listener says so), so the job
 * finishes against the definition it started with (decision record 115). A definition that cannot be used becomes
 * a {@link BrokenDeployment}. A change
 * is acted on once two polls in a row agree, so a file caught half-saved by an editor is never acted on.
 *
 * <p>The first scan runs on the thread calling {@link #start}, so {@link #all()} is complete when it returns;
 * later changes are reported from the catalogue's own thread.
 */
public final class FolderCatalog implements Catalog {
    private static final Logger LOG = LoggerFactory.getLogger(FolderCatalog.class);
    private static final String ABSENT = "";

    private final Path root;
    private final List<Backend> backends;
    private final RuntimeContextFactory contexts;
    private final Duration interval;
    private final Map<String, Entry> entries = new ConcurrentSkipListMap<>();
    private final Set<String> warned = new HashSet<>();
    private final Map<String, String> pending = new HashMap<>();
    /** Changed deployments waiting for their running job to end (logged once each). */
    private final Set<String> deferred = new HashSet<>();
    private boolean rootUnreadable;
    private Thread poller;
    private volatile boolean closed;

    private record Entry(DeploymentRuntime runtime, String fingerprint) {
    }

    public FolderCatalog(Path root, List<Backend> backends, RuntimeContextFactory contexts) {
        this(root, backends, contexts, Duration.ofSeconds(1));
    }

    public FolderCatalog(Path root, List<Backend> backends, RuntimeContextFactory contexts, Duration interval) {
        this.root = root;
        this.backends = List.copyOf(backends);
        this.contexts = contexts;
        this.interval = interval;
    }

    /** Fills a root before it is served (the demo set); runs only once the agent holds the root's lock. */
    @FunctionalInterface
    public interface Preparation {
        void prepare(Path root) throws IOException;
    }

    /** The launcher's wiring: a catalogue of {@code root} with these backends, asked in order. */
    public static CatalogFactory factory(Path root, List<Backend> backends) {
        return factory(root, backends, r -> { });
    }

    /** The same, with {@code preparation} run on the root first (under the agent's lock on it). */
    public static CatalogFactory factory(Path root, List<Backend> backends, Preparation preparation) {
        return new CatalogFactory() {
            @Override
            public Catalog create(RuntimeContextFactory contexts) {
                try {
                    preparation.prepare(root);
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot prepare " + root, e);
                }
                return new FolderCatalog(root, backends, contexts);
            }

            @Override
            public List<Path> roots() {
                return List.of(root);
            }
        };
    }

    @Override
    public Collection<DeploymentRuntime> all() {
        return entries.values().stream().map(Entry::runtime).toList();
    }

    @Override
    public Optional<DeploymentRuntime> find(String name) {
        Entry e = name == null ? null : entries.get(name);
        return e == null ? Optional.empty() : Optional.of(e.runtime());
    }

    @Override
    public synchronized void start(Listener listener) {
        if (poller != null) throw new IllegalStateException("already started");
        scan(listener, true);
        poller = new Thread(() -> poll(listener), "capstan-catalog");
        poller.setDaemon(true);
        poller.start();
    }

    @Override
    public void close() {
        Thread t;
        synchronized (this) {
            if (closed) return;
            closed = true;
            t = poller;
        }
        if (t != null) {
            t.interrupt();
            try {
                t.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        // Deployments stop in parallel: each may wait out its services' stop timeouts.
        List<Thread> closers = new ArrayList<>();
        for (Entry e : entries.values()) {
            Thread c = new Thread(() -> closeQuietly(e.runtime()), "capstan-close-" + e.runtime().name());
            c.start();
            closers.add(c);
        }
        for (Thread c : closers) {
            try {
                c.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        entries.clear();
        // After their deployments, which may still use them while they stop.
        for (Backend b : backends) {
            try {
                b.close();
            } catch (RuntimeException e) {
                LOG.warn("closing the {} backend failed: {}", b.kind(), e.toString());
            }
        }
    }

    private void poll(Listener listener) {
        while (!closed) {
            try {
                Thread.sleep(interval.toMillis());
            } catch (InterruptedException e) {
                return;
            }
            try {
                scan(listener, false);
            } catch (RuntimeException e) {
                LOG.warn("scan of {} failed; trying again", root, e);
            }
        }
    }

    /**
     * One pass: what exists now against what was reported. Runs on one thread at a time. After the first
     * pass a difference must be seen on two passes in a row before it is acted on: editors save by truncating
     * and rewriting, or by renaming the old file away first, and a half-written or briefly missing file must
     * not stop a deployment's services.
     */
    private synchronized void scan(Listener listener, boolean initial) {
        Map<String, Path> found = folders();
        Set<String> all = new TreeSet<>(entries.keySet());
        all.addAll(found.keySet());
        // Removals first: a renamed folder's services stop under their old name before the new name opens it.
        List<String> names = new ArrayList<>(all);
        names.sort(Comparator.comparing(found::containsKey));
        for (String name : names) {
            if (closed) return;
            Path folder = found.get(name);
            Backend backend = folder == null ? null : claimant(folder);
            String observed = backend == null ? ABSENT
                    : backend.kind() + "|" + backend.readiness() + "|" + (Names.isValid(name) ? fingerprint(folder) : "invalid name");
            Entry old = entries.get(name);
            if (observed.equals(old == null ? ABSENT : old.fingerprint())) {
                pending.remove(name);
                continue;
            }
            if (!initial && !observed.equals(pending.put(name, observed))) continue;
            boolean change = old != null && backend != null;
            if (change && !listener.applyingChange(name)) {
                // A job holds it: the job finishes against the definition it started with; asked again next scan.
                if (deferred.add(name)) LOG.info("deployment {} changed; applied when its running job ends", name);
                continue;
            }
            deferred.remove(name);
            pending.remove(name);
            if (backend == null) {
                entries.remove(name);
                LOG.info("deployment {} removed", name);
                // Told first, so its jobs are canceled before its services stop: a job going on would start them again.
                notify(() -> listener.removed(name));
                if (old != null) closeQuietly(old.runtime());
                continue;
            }
            DeploymentRuntime runtime;
            try {
                if (old != null) closeQuietly(old.runtime());
                runtime = open(backend, name, folder);
                entries.put(name, new Entry(runtime, observed));
            } finally {
                if (change) listener.changeApplied(name);
            }
            if (old == null) {
                notify(() -> listener.added(runtime));
            } else {
                LOG.info("deployment {} changed; reopened", name);
                notify(() -> listener.changed(runtime));
            }
        }
    }

    private Map<String, Path> folders() {
        Map<String, Path> found = new TreeMap<>();
        try (Stream<Path> list = Files.list(root)) {
            for (Path p : (Iterable<Path>) list::iterator) {
                if (!Files.isDirectory(p)) continue;
                String name = p.getFileName().toString();
                if (name.startsWith(".")) continue;
                if (claimant(p) == null) continue;
                if (!Names.isValid(name)) {
                    name = InvalidFolderName.listedAs(name);
                    if (warned.add(name)) LOG.warn("folder '{}' in {} is listed broken: not a valid deployment name", name, root);
                }
                found.put(name, p);
            }
        } catch (IOException e) {
            if (!rootUnreadable) LOG.warn("cannot list {}: {}; keeping the deployments already known", root, e.toString());
            rootUnreadable = true;
            return entriesAsFolders();
        }
        if (rootUnreadable) LOG.info("{} is readable again", root);
        rootUnreadable = false;
        return found;
    }

    /** When the root cannot be read for a moment, keep what we have rather than stop every deployment. */
    private Map<String, Path> entriesAsFolders() {
        Map<String, Path> keep = new TreeMap<>();
        for (String name : entries.keySet()) keep.put(name, root.resolve(name));
        return keep;
    }

    private Backend claimant(Path folder) {
        for (Backend b : backends) {
            if (b.claims(folder)) return b;
        }
        return null;
    }

    private DeploymentRuntime open(Backend backend, String name, Path folder) {
        if (!Names.isValid(name)) {
            return new BrokenDeployment(name, backend.kind(), InvalidFolderName.error(name, folder, entries.keySet()));
        }
        try {
            return backend.open(name, folder, contexts.forDeployment(name));
        } catch (DeploymentConfigException e) {
            LOG.warn("deployment {} is broken: {}", name, e.getMessage());
            return new BrokenDeployment(name, backend.kind(), e.getMessage());
        } catch (RuntimeException e) {
            LOG.warn("deployment {} could not be opened", name, e);
            return new BrokenDeployment(name, backend.kind(), "cannot open " + folder + ": " + e);
        }
    }

    private static String fingerprint(Path folder) {
        StringBuilder b = new StringBuilder();
        try (Stream<Path> list = Files.list(folder)) {
            List<Path> files = list.filter(p -> {
                String n = p.getFileName().toString();
                return (n.endsWith(".yaml") || n.endsWith(".yml")) && Files.isRegularFile(p);
            }).sorted().toList();
            for (Path p : files) {
                b.append(p.getFileName()).append('=');
                // A file that is not the folder's own (a link leading out of it) is never read, only named by its
                // link: the backend refuses it, and a change of the link's target is a change of the definition.
                if (DefinitionFiles.insideFolder(folder, p) == null) {
                    b.append("outside:").append(Files.isSymbolicLink(p) ? Files.readSymbolicLink(p) : p.toRealPath()).append(';');
                    continue;
                }
                if (Files.size(p) > DefinitionFiles.MAX_BYTES) { // refused unread too; its size and time stand for it
                    b.append("big:").append(Files.size(p)).append(':').append(Files.getLastModifiedTime(p)).append(';');
                    continue;
                }
                CRC32 crc = new CRC32();
                crc.update(Files.readAllBytes(p));
                b.append(Long.toHexString(crc.getValue())).append(';');
            }
        } catch (IOException e) {
            b.append("unreadable:").append(e.getClass().getSimpleName());
        }
        return b.toString();
    }

    private static void notify(Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            LOG.warn("catalogue listener failed", e);
        }
    }

    private static void closeQuietly(DeploymentRuntime runtime) {
        try {
            runtime.close();
        } catch (RuntimeException e) {
            LOG.warn("closing deployment {} failed", runtime.name(), e);
        }
    }
}

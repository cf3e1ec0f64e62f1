package io.capstan.agent.process;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;

/**
 * The demo deployments bundled as resources under {@code demo/}. A jar cannot be listed, so
 * {@code demo/index.txt} names every file (one resource path a line, {@code #} comments allowed).
 * {@code demo/index-compose.txt} names the Compose example's files, copied only when a container engine
 * answers (docs/deployments.md, "The demo set").
 */
public final class DemoSet {
    static final String INDEX = "demo/index.txt";
    static final String COMPOSE_INDEX = "demo/index-compose.txt";
    private static final String PREFIX = "demo/";

    private DemoSet() {
    }

    /** The resource paths of the bundled demo files, e.g. {@code demo/shop/capstan.yaml}. */
    public static List<String> files() {
        return files(INDEX);
    }

    /** The resource paths of the Compose example. */
    public static List<String> composeFiles() {
        return files(COMPOSE_INDEX);
    }

    private static List<String> files(String index) {
        List<String> files = new ArrayList<>();
        try (InputStream in = open(index);
             BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                String path = line.strip();
                if (path.isEmpty() || path.startsWith("#")) continue;
                if (!path.startsWith(PREFIX) || path.contains("..")) throw new IllegalStateException(index + ": bad entry " + path);
                files.add(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return files;
    }

    /**
     * Copies the demo deployments into {@code target} (creating it), one folder per deployment. Files that
     * already exist are left alone, so an operator's edits survive; returns the files written.
     */
    public static List<Path> copyTo(Path target) throws IOException {
        return copyTo(target, false);
    }

    /** As {@link #copyTo(Path)}, with the Compose example too when {@code withCompose}. */
    public static List<Path> copyTo(Path target, boolean withCompose) throws IOException {
        List<String> resources = new ArrayList<>(files());
        if (withCompose) resources.addAll(composeFiles());
        return copy(target, resources);
    }

    private static List<Path> copy(Path target, List<String> resources) throws IOException {
        List<Path> written = new ArrayList<>();
        for (String resource : resources) {
            Path dest = target.resolve(resource.substring(PREFIX.length())).normalize();
            if (!dest.startsWith(target.normalize())) throw new IOException("demo file outside the target: " + resource);
            if (Files.exists(dest)) continue;
            Files.createDirectories(dest.getParent());
            try (InputStream in = open(resource)) {
                Files.copy(in, dest);
            }
            written.add(dest);
        }
        return written;
    }

    /**
     * Adds the Compose example to a demo folder already being served, on a thread of its own, once
     * {@code engineAnswers} says a container engine is there; the agent's catalogue notices the new folder like any
     * other and the event stream announces it. Asking the engine takes seconds on some machines (issue 12), so the
     * process demo is served first and never waits for the answer. Nothing is written once {@code serving} is false
     * (the agent closed, and with it its lock on the folder).
     *
     * @return the files written (none when no engine answers), or the failure
     */
    public static CompletableFuture<List<Path>> addComposeLater(Path target, BooleanSupplier engineAnswers,
            BooleanSupplier serving) {
        CompletableFuture<List<Path>> done = new CompletableFuture<>();
        Thread adder = new Thread(() -> {
            try {
                boolean add = serving.getAsBoolean() && engineAnswers.getAsBoolean() && serving.getAsBoolean();
                done.complete(add ? copy(target, composeFiles()) : List.of());
            } catch (IOException | RuntimeException e) {
                done.completeExceptionally(e);
            }
        }, "capstan-demo-compose");
        adder.setDaemon(true);
        adder.start();
        return done;
    }

    private static InputStream open(String resource) throws IOException {
        InputStream in = DemoSet.class.getClassLoader().getResourceAsStream(resource);
        if (in == null) throw new IOException("missing bundled resource " + resource);
        return in;
    }
}

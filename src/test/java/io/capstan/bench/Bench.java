package io.capstan.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The benchmark command ({@code ./capstan-bench}, see docs/performance.md): runs the scenarios of
 * {@link Scenarios#all()} against real agents on loopback and prints one table.
 *
 * <p>Options: {@code --quick} (smaller sizes, about a minute), {@code --only 1,2,5} (those scenarios),
 * {@code --markdown FILE} (also write the table as Markdown), {@code --work DIR} (scratch folder, default
 * {@code target/bench-work}), {@code --list}.
 */
public final class Bench {

    private Bench() {
    }

    public static void main(String[] args) throws IOException {
        Size size = Size.FULL;
        Set<String> only = null;
        Path markdown = null;
        Path work = Path.of("target", "bench-work");
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--quick" -> size = Size.QUICK;
                case "--smoke" -> size = Size.SMOKE;
                case "--only" -> only = Arrays.stream(args[++i].split(",")).map(String::trim).collect(Collectors.toSet());
                case "--markdown" -> markdown = Path.of(args[++i]);
                case "--work" -> work = Path.of(args[++i]);
                case "--list" -> {
                    Scenarios.all().forEach(s -> System.out.println(s.id() + "  " + s.title()));
                    return;
                }
                default -> {
                    System.err.println("usage: capstan-bench [--quick] [--only 1,2,...] [--markdown FILE] [--work DIR] [--list]");
                    System.exit(2);
                }
            }
        }
        BenchContext ctx = new BenchContext(size, work.toAbsolutePath(), System.err);
        List<Row> rows = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        long start = System.nanoTime();
        String loadBefore = Machine.load();
        for (Scenario s : Scenarios.all()) {
            if (only != null && !only.contains(s.id())) continue;
            ctx.say("scenario %s: %s (%s)", s.id(), s.title(), size.name().toLowerCase(Locale.ROOT));
            long t = System.nanoTime();
            try {
                List<Row> r = s.run(ctx);
                rows.addAll(r);
                ctx.say("scenario %s done in %.1f s", s.id(), (System.nanoTime() - t) / 1e9);
            } catch (Exception | AssertionError e) {
                failures.add(s.id() + ": " + e);
                ctx.say("scenario %s FAILED: %s", s.id(), e);
                e.printStackTrace(System.err);
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        String load = "load average (1/5/15 min) " + loadBefore + " before, " + Machine.load() + " after";
        System.out.println();
        System.out.print(Table.text(rows));
        System.out.printf(Locale.ROOT, "%nrun: %s, %.0f s, %s; %s%n", size.name().toLowerCase(Locale.ROOT), seconds, Machine.describe(),
                load);
        failures.forEach(f -> System.out.println("FAILED scenario " + f));
        if (markdown != null) {
            String md = "Run: `" + size.name().toLowerCase(Locale.ROOT) + "`, " + String.format(Locale.ROOT, "%.0f s", seconds)
                    + ", " + Machine.describe() + "; " + load + "\n\n" + Table.markdown(rows);
            Files.writeString(markdown, md, StandardCharsets.UTF_8);
        }
        System.exit(failures.isEmpty() ? 0 : 1);
    }
}

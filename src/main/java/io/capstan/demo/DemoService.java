package io.capstan.demo;

import java.io.FileDescriptor;
import com.sun.net.httpserver.HttpServer;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A pretend service for the demo deployments: prints access and application log lines, some on stderr and
 * some with ANSI colours. Pure JDK so a demo needs only a Java runtime.
 *
 * <p>Arguments: {@code --name web} (shown in lines), {@code --rate 2} (lines per second), {@code --warmup 3}
 * (seconds of "warming caches…" before serving), {@code --fail-chance 0.01} (chance per line of exiting with
 * code 1), {@code --exit-after 5} (exit with {@code --exit-code} after that many seconds; for tests),
 * {@code --health-port 8080} (serves {@code GET /health} on 127.0.0.1 there: 503 while warming up, then 200;
 * {@code --health sick} answers 503 for good, for tests of an unhealthy service), {@code --burn-cpu 0.5} (keeps
 * that fraction of one core busy, so resource charts have something to show), {@code --hold-mb 64} (allocates and
 * keeps that much memory, every page touched, so it is resident).
 */
public final class DemoService {
    private static final String[] PATHS = {"/", "/api/orders", "/api/cart", "/health", "/static/app.js", "/login"};
    private static final String[] METHODS = {"GET", "GET", "GET", "POST", "PUT"};
    private static final String RESET = "\u001b[0m";
    /** What {@code --hold-mb} allocated: a static, so no collector decides it is garbage. */
    private static byte[][] held;

    private DemoService() {
    }

    public static void main(String[] args) throws InterruptedException {
        // The agent reads UTF-8 whatever this host's locale says ("…" must not come out as "?").
        System.setOut(new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8));
        Map<String, String> opts = options(args);
        String name = opts.getOrDefault("name", "demo");
        double rate = Double.parseDouble(opts.getOrDefault("rate", "2"));
        int warmup = Integer.parseInt(opts.getOrDefault("warmup", "0"));
        double failChance = Double.parseDouble(opts.getOrDefault("fail-chance", "0"));
        double exitAfter = Double.parseDouble(opts.getOrDefault("exit-after", "-1"));
        int exitCode = Integer.parseInt(opts.getOrDefault("exit-code", "1"));
        Runtime.getRuntime().addShutdownHook(new Thread(() -> System.out.println(name + ": shutting down")));

        burn(Double.parseDouble(opts.getOrDefault("burn-cpu", "0")));
        held = hold(Integer.parseInt(opts.getOrDefault("hold-mb", "0")));
        ThreadLocalRandom random = ThreadLocalRandom.current();
        System.out.println(name + ": starting (pid " + ProcessHandle.current().pid() + ")");
        AtomicBoolean ready = new AtomicBoolean();
        if (opts.containsKey("health-port")) {
            serveHealth(Integer.parseInt(opts.get("health-port")), ready, "sick".equals(opts.get("health")));
        }
        for (int i = 0; i < warmup; i++) {
            System.out.println(name + ": warming caches… " + (i + 1) + "/" + warmup);
            Thread.sleep(1000);
        }
        ready.set(true);
        System.out.println("\u001b[32m" + name + ": ready" + RESET + " on port " + opts.getOrDefault("port", "8080"));
        long started = System.nanoTime();
        long pause = Math.max(1, Math.round(1000 / Math.max(rate, 0.001)));
        for (long n = 1; ; n++) {
            Thread.sleep(pause);
            if (exitAfter >= 0 && (System.nanoTime() - started) / 1e9 >= exitAfter) {
                System.err.println(name + ": exiting with code " + exitCode + " as asked");
                System.exit(exitCode);
            }
            if (random.nextDouble() < failChance) {
                System.err.println("\u001b[31m" + name + ": FATAL connection pool exhausted" + RESET);
                System.exit(1);
            }
            int roll = random.nextInt(20);
            if (roll == 0) {
                System.err.println("\u001b[33mWARN\u001b[0m " + name + ": slow query took " + (200 + random.nextInt(800)) + " ms");
            } else if (roll == 1) {
                System.err.println("\u001b[31mERROR\u001b[0m " + name + ": upstream timeout (request " + n + ")");
            } else {
                String path = PATHS[random.nextInt(PATHS.length)];
                int status = random.nextInt(30) == 0 ? 404 : 200;
                System.out.printf("127.0.0.1 - - \"%s %s HTTP/1.1\" %d %d %dms%n", METHODS[random.nextInt(METHODS.length)],
                        path, status, 200 + random.nextInt(5000), 1 + random.nextInt(120));
            }
        }
    }

    /** A daemon thread that spins {@code fraction} of every 100 ms and sleeps the rest. */
    private static void burn(double fraction) {
        if (fraction <= 0) {
            return;
        }
        Thread t = new Thread(() -> {
            long sink = 0;
            while (true) {
                long busyUntil = System.nanoTime() + (long) (Math.min(fraction, 1) * 100_000_000L);
                while (System.nanoTime() < busyUntil) {
                    sink += System.nanoTime() % 7;
                }
                if (fraction < 1) {
                    try {
                        Thread.sleep((long) ((1 - fraction) * 100));
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                if (sink == 42) {
                    System.out.print("");
                }
            }
        }, "burn");
        t.setDaemon(true);
        t.start();
    }

    /** Megabytes of arrays, each page written so the OS really holds them (an untouched array may stay virtual). */
    private static byte[][] hold(int megabytes) {
        byte[][] blocks = new byte[megabytes][];
        for (int i = 0; i < megabytes; i++) {
            blocks[i] = new byte[1 << 20];
            for (int j = 0; j < blocks[i].length; j += 4096) {
                blocks[i][j] = 1;
            }
        }
        return blocks;
    }

    /** The JDK's own small HTTP server; its threads are daemons of a process that exits when asked anyway. */
    private static void serveHealth(int port, AtomicBoolean ready, boolean sick) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 8);
            server.createContext("/health", exchange -> {
                String body = sick ? "database unreachable" : ready.get() ? "ok" : "warming up";
                byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(!sick && ready.get() ? 200 : 503, bytes.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(bytes);
                }
            });
            server.start();
        } catch (IOException e) {
            System.err.println("health endpoint on port " + port + " not served: " + e.getMessage());
        }
    }

    static Map<String, String> options(String[] args) {
        Map<String, String> opts = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!args[i].startsWith("--")) throw new IllegalArgumentException("expected --option value, got " + args[i]);
            opts.put(args[i].substring(2), args[i + 1]);
        }
        return opts;
    }
}

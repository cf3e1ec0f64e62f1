package io.capstan.bench;

import io.capstan.agent.Agent;
import io.capstan.agent.AgentConfig;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * The agent under test, in a JVM of its own so its memory, its garbage collector and its death (SIGKILL) are its
 * own: a real {@link Agent} over a {@link BenchCatalog}. Driven through stdin, one command a line; everything it
 * says for the benchmark starts with {@code bench } on stdout (the agent logs to stderr).
 *
 * <ul>
 *   <li>{@code change I K}: synthetic deployment I records change K; answers {@code bench changed K NANOS} with
 *       {@link System#nanoTime()} taken just before the engine is told. On Linux nanoTime is CLOCK_MONOTONIC,
 *       shared by every process on the machine, so the parent compares it with its own clock.</li>
 *   <li>{@code burst N K}: deployments 0..N-1 record change K back to back; answers {@code bench burst K NANOS}.</li>
 *   <li>{@code mem}: two full GCs, then {@code bench mem HEAP_USED_BYTES RSS_BYTES}.</li>
 * </ul>
 *
 * <p>Arguments: {@code --state DIR --port N --token T --synthetic N --services N --logs DIR --tail-lines N}.
 */
public final class BenchAgentMain {

    private BenchAgentMain() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opt = options(args);
        int synthetic = Integer.parseInt(opt.getOrDefault("synthetic", "0"));
        int services = Integer.parseInt(opt.getOrDefault("services", "4"));
        Path logs = opt.containsKey("logs") ? Path.of(opt.get("logs")) : null;
        AgentConfig.Builder b = AgentConfig.builder(Path.of(opt.get("state")));
        if (opt.containsKey("tail-lines")) b.tailLines(Integer.parseInt(opt.get("tail-lines")));
        AgentConfig cfg = b
                .port(Integer.parseInt(opt.getOrDefault("port", "0")))
                .token(opt.get("token"))
                .agentName("bench")
                .eventRetention(Integer.parseInt(opt.getOrDefault("event-retention", "10000")))
                .maxStreams(Integer.parseInt(opt.getOrDefault("max-streams", "256")))
                .actionTimeout(Duration.ofMinutes(10))
                .build();
        BenchCatalog[] catalog = new BenchCatalog[1];
        Agent agent = Agent.start(cfg, contexts -> {
            catalog[0] = new BenchCatalog(contexts, synthetic, services, logs);
            return catalog[0];
        });
        Runtime.getRuntime().addShutdownHook(new Thread(agent::close, "bench-agent-stop"));
        say("ready " + agent.baseUrl() + " " + ProcessHandle.current().pid());
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null) {
            String[] w = line.trim().split(" ");
            switch (w[0]) {
                case "change" -> {
                    long k = Long.parseLong(w[2]);
                    long t = System.nanoTime();
                    catalog[0].synthetic(Integer.parseInt(w[1])).change(k);
                    say("changed " + k + " " + t);
                }
                case "burst" -> {
                    int n = Integer.parseInt(w[1]);
                    long k = Long.parseLong(w[2]);
                    long t = System.nanoTime();
                    for (int i = 0; i < n; i++) catalog[0].synthetic(i).change(k);
                    say("burst " + k + " " + t);
                }
                case "mem" -> {
                    System.gc();
                    System.gc();
                    long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
                    say("mem " + heap + " " + rss());
                }
                case "quit" -> {
                    agent.close();
                    return;
                }
                default -> say("unknown " + line);
            }
        }
        agent.close();
    }

    /** Resident set size from /proc (Linux); -1 elsewhere. */
    static long rss() {
        try {
            for (String l : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (l.startsWith("VmRSS:")) return Long.parseLong(l.replaceAll("[^0-9]", "")) * 1024;
            }
        } catch (Exception e) {
            return -1;
        }
        return -1;
    }

    private static synchronized void say(String s) {
        System.out.println("bench " + s);
        System.out.flush();
    }

    static Map<String, String> options(String[] args) {
        Map<String, String> m = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!args[i].startsWith("--")) throw new IllegalArgumentException("expected --name value: " + args[i]);
            m.put(args[i].substring(2), args[i + 1]);
        }
        return m;
    }
}

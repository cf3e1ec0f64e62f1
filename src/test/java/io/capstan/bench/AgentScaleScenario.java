package io.capstan.bench;

import io.capstan.client.AgentClient;
import io.capstan.client.events.EventSubscription;
import io.capstan.client.sse.StreamState;
import io.capstan.protocol.Messages;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Scenario 6: one agent with 500 deployments of 4 services, followed by 200 concurrent event-stream clients (each its
 * own {@link AgentClient}, as 200 consoles would be). Measures the list's latency while changes fan out at 20/s, the
 * time until a change has reached every client, and the agent's memory. Baseline, same agent, same run: the same
 * measurements with one client.
 */
final class AgentScaleScenario implements Scenario {
    private static final int SERVICES = 4;
    private static final int BACKGROUND_RATE = 20;

    @Override
    public String id() {
        return "6";
    }

    @Override
    public String title() {
        return "agent scale: 500 deployments x 4 services, 200 event-stream clients; baseline 1 client";
    }

    /** Figures of one phase. */
    private record Phase(Percentiles list, Percentiles fanOut, long heap, long rss) {
    }

    @Override
    public List<Row> run(BenchContext ctx) throws Exception {
        int deployments = ctx.size().pick(50, 500, 500);
        int clients = ctx.size().pick(10, 200, 200);
        int lists = ctx.size().pick(20, 100, 300);
        int changes = ctx.size().pick(5, 20, 50);
        BenchAgent.Options opts = BenchAgent.Options.of(ctx.newDir("scale")).synthetic(deployments, SERVICES)
                .maxStreams(clients + 16).heap("512m");
        List<Row> rows = new ArrayList<>();
        try (BenchAgent agent = BenchAgent.start(opts); AgentClient lister = new AgentClient(agent.endpoint())) {
            long[] next = {1};
            Map<Long, Long> changedAt = new ConcurrentHashMap<>();
            agent.onChanged(w -> changedAt.put(Long.parseLong(w[1]), Long.parseLong(w[2])));
            for (int i = 0; i < 20; i++) lister.deployments(); // warm-up, not measured
            ctx.say("  1 client");
            Phase one = phase(ctx, agent, lister, 1, lists, changes, deployments, next, changedAt);
            ctx.say("  %d clients", clients);
            Phase many = phase(ctx, agent, lister, clients, lists, changes, deployments, next, changedAt);
            String what = deployments + " deployments x " + SERVICES + " services";
            String n = String.format("%d clients; baseline: 1 client; %d sequential lists while changes fan out at %d/s",
                    clients, lists, BACKGROUND_RATE);
            rows.add(Row.of(id(), "list latency p50, " + clients + " streams open", many.list().p(50), one.list().p(50), "ms",
                    Target.NONE).withNote(what + "; " + n));
            rows.add(Row.of(id(), "list latency p99, " + clients + " streams open", many.list().p(99), one.list().p(99), "ms",
                    Target.NONE));
            rows.add(Row.of(id(), "event fan-out to all " + clients + " clients p50", many.fanOut().p(50), one.fanOut().p(50), "ms",
                    Target.NONE).withNote(changes + " changes, one every 100 ms; time until the last client has it"));
            rows.add(Row.of(id(), "event fan-out to all " + clients + " clients p99", many.fanOut().p(99), one.fanOut().p(99), "ms",
                    Target.NONE));
            rows.add(Row.of(id(), "agent heap after GC, " + clients + " streams", many.heap() / 1e6, one.heap() / 1e6, "MB", Target.NONE)
                    .withNote("agent JVM -Xmx512m; heap used after two System.gc()"));
            rows.add(Row.of(id(), "agent resident memory, " + clients + " streams", many.rss() / 1e6, one.rss() / 1e6, "MB", Target.NONE));
        }
        return rows;
    }

    private Phase phase(BenchContext ctx, BenchAgent agent, AgentClient lister, int clients, int lists, int changes,
                        int deployments, long[] next, Map<Long, Long> changedAt) throws Exception {
        long first = next[0] + 1_000_000; // a range of counters of its own, so the clients know what to record
        List<AgentClient> https = new ArrayList<>();
        List<EventSubscription> subs = new ArrayList<>();
        List<AtomicLongArray> received = new ArrayList<>();
        try {
            for (int c = 0; c < clients; c++) {
                AgentClient http = new AgentClient(agent.endpoint());
                AtomicLongArray at = new AtomicLongArray(changes);
                EventSubscription sub = new EventSubscription(http, new EventSubscription.Listener() {
                    @Override
                    public void onDeployment(Messages.DeploymentEvent event) {
                        long k = SyntheticDeployment.counterOf(event.deployment()) - first;
                        if (k >= 0 && k < changes) at.compareAndSet((int) k, 0, System.nanoTime());
                    }
                });
                https.add(http);
                subs.add(sub);
                received.add(at);
                sub.start();
            }
            Waits.untilOrFail(() -> subs.stream().allMatch(s -> s.state() instanceof StreamState.Live), Duration.ofSeconds(60),
                    "all clients live");
            long[] mem = agent.memory();

            // List latency while background changes fan out to every client.
            List<Double> listMillis = new ArrayList<>();
            long start = System.nanoTime();
            long bg = 0;
            for (int i = 0; i < lists; i++) {
                long due = start + (long) (bg * 1e9 / BACKGROUND_RATE);
                if (System.nanoTime() >= due) {
                    agent.change((int) (bg % deployments), next[0]++);
                    bg++;
                }
                long t = System.nanoTime();
                lister.deployments();
                listMillis.add((System.nanoTime() - t) / 1e6);
            }

            // Fan-out: one change every 100 ms, each until the last client has it.
            List<Double> fanOut = new ArrayList<>();
            long fanStart = System.nanoTime();
            for (int k = 0; k < changes; k++) {
                Waits.sleepUntil(fanStart + k * 100_000_000L);
                agent.change(k % deployments, first + k);
            }
            for (int k = 0; k < changes; k++) {
                int index = k;
                long counter = first + k;
                Waits.untilOrFail(() -> changedAt.containsKey(counter) && received.stream().allMatch(a -> a.get(index) != 0),
                        Duration.ofSeconds(60), "change " + k + " at every client");
                long last = received.stream().mapToLong(a -> a.get(index)).max().orElseThrow();
                fanOut.add((last - changedAt.get(counter)) / 1e6);
            }
            next[0] = first + changes;
            ctx.say("    heap %.0f MB, rss %.0f MB", mem[0] / 1e6, mem[1] / 1e6);
            return new Phase(Percentiles.of(listMillis), Percentiles.of(fanOut), mem[0], mem[1]);
        } finally {
            subs.forEach(EventSubscription::close);
            https.forEach(AgentClient::close);
        }
    }
}

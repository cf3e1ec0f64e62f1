package io.capstan.bench;

import io.capstan.client.AgentClient;
import io.capstan.client.AgentEndpoint;
import io.capstan.client.AgentSession;
import io.capstan.client.events.EventSubscription;
import io.capstan.client.sse.StreamState;
import io.capstan.client.store.RefreshCoalescer;
import io.capstan.protocol.Messages;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Scenario 4: list fetches caused by bursts of 10, 100 and 1,000 deployment events. Ours: the client store (it
 * applies events as they come and fetches only on a non-resumed hello) and, separately, a client that asks for a
 * refetch on every event through the {@link RefreshCoalescer}. Baseline: a client that refetches on every event.
 * Each client follows the agent alone (a baseline flooding the shared cores would slow the others down); each burst
 * changes deployments 0..N-1 back to back inside the agent.
 */
final class CoalescingScenario implements Scenario {

    /** One kind of client under test. */
    private interface Client extends AutoCloseable {
        void start();

        boolean live();

        long fetches();

        /** No fetch in flight. */
        boolean settled();

        @Override
        void close();
    }

    /** What one client did in one burst. */
    private record Outcome(long fetches, double millis) {
    }

    @Override
    public String id() {
        return "4";
    }

    @Override
    public String title() {
        return "coalescing: fetches per burst of 10/100/1000 events; baseline refetches on every event";
    }

    @Override
    public List<Row> run(BenchContext ctx) throws Exception {
        int[] bursts = ctx.size() == Size.SMOKE ? new int[] {10, 100} : new int[] {10, 100, 1000};
        int deployments = bursts[bursts.length - 1];
        List<Row> rows = new ArrayList<>();
        try (BenchAgent agent = BenchAgent.start(BenchAgent.Options.of(ctx.newDir("coalescing")).synthetic(deployments, 1))) {
            long[] counter = {1};
            Map<Integer, Outcome> store = measure(ctx, agent, bursts, counter, w -> storeClient(agent.endpoint(), w));
            Map<Integer, Outcome> coalesced = measure(ctx, agent, bursts, counter, w -> coalescingClient(agent.endpoint(), w));
            Map<Integer, Outcome> naive = measure(ctx, agent, bursts, counter, w -> naiveClient(agent.endpoint(), w));
            for (int n : bursts) {
                String label = "burst of " + n + " events";
                double base = naive.get(n).fetches();
                boolean first = n == bursts[0];
                Row fetches = Row.of(id(), label + ": fetches, client store", store.get(n).fetches(), base, "fetches", Target.atMost(2));
                rows.add(first ? fetches.withNote("baseline: a client that refetches the list on every event") : fetches);
                rows.add(Row.of(id(), label + ": fetches, refetch-per-event via RefreshCoalescer", coalesced.get(n).fetches(), base,
                        "fetches", Target.atMost(2)));
                Row shown = Row.of(id(), label + ": until all shown, client store", store.get(n).millis(), naive.get(n).millis(), "ms",
                        Target.NONE);
                rows.add(first ? shown.withNote("from the burst's start in the agent until the client shows all of it") : shown);
            }
        }
        return rows;
    }

    private Map<Integer, Outcome> measure(BenchContext ctx, BenchAgent agent, int[] bursts, long[] counter,
                                          java.util.function.Function<BurstWatcher[], Client> make) {
        BurstWatcher[] watcher = new BurstWatcher[1];
        Map<Integer, Outcome> out = new LinkedHashMap<>();
        try (Client client = make.apply(watcher)) {
            client.start();
            Waits.untilOrFail(client::live, Duration.ofSeconds(30), "client live");
            Waits.untilOrFail(client::settled, Duration.ofSeconds(30), "first fetch");
            for (int n : bursts) {
                long k = counter[0]++;
                BurstWatcher w = new BurstWatcher(n);
                w.expect(k);
                watcher[0] = w;
                long before = client.fetches();
                long[] burstAt = new long[1];
                agent.onChanged(a -> burstAt[0] = Long.parseLong(a[2]));
                agent.burst(n, k);
                Waits.untilOrFail(() -> w.reflectedAt() != 0 && burstAt[0] != 0 && client.settled(),
                        Duration.ofSeconds(120), "burst of " + n + " shown");
                // Events still in flight after the list showed the burst may still cause fetches: let them land.
                Waits.until(() -> false, Duration.ofMillis(300));
                Waits.untilOrFail(client::settled, Duration.ofSeconds(60), "fetches to settle");
                out.put(n, new Outcome(client.fetches() - before, (w.reflectedAt() - burstAt[0]) / 1e6));
                ctx.say("  burst of %d: %d fetches", n, client.fetches() - before);
            }
        }
        return out;
    }

    private static Client storeClient(AgentEndpoint endpoint, BurstWatcher[] watcher) {
        AgentSession session = new AgentSession(endpoint, s -> {
            if (watcher[0] != null) watcher[0].saw(s.deployments());
        }, state -> { });
        return new Client() {
            @Override
            public void start() {
                session.start();
            }

            @Override
            public boolean live() {
                return session.store().snapshot().live();
            }

            @Override
            public long fetches() {
                return session.store().fetchesStarted();
            }

            @Override
            public boolean settled() {
                return fetches() > 0 && !session.store().snapshot().deployments().isEmpty();
            }

            @Override
            public void close() {
                session.close();
            }
        };
    }

    private static Client coalescingClient(AgentEndpoint endpoint, BurstWatcher[] watcher) {
        AgentClient http = new AgentClient(endpoint);
        RefreshCoalescer coalescer = new RefreshCoalescer(() -> http.deploymentsAsync().thenAccept(list -> {
            if (watcher[0] != null) watcher[0].saw(list.deployments());
        }));
        EventSubscription events = new EventSubscription(http, new EventSubscription.Listener() {
            @Override
            public void onDeployment(Messages.DeploymentEvent event) {
                coalescer.request();
            }
        });
        return eventClient(http, events, coalescer::fetchesStarted, () -> !coalescer.inFlight());
    }

    private static Client naiveClient(AgentEndpoint endpoint, BurstWatcher[] watcher) {
        AgentClient http = new AgentClient(endpoint);
        AtomicLong started = new AtomicLong();
        AtomicLong done = new AtomicLong();
        EventSubscription events = new EventSubscription(http, new EventSubscription.Listener() {
            @Override
            public void onDeployment(Messages.DeploymentEvent event) {
                started.incrementAndGet();
                http.deploymentsAsync().whenComplete((list, e) -> {
                    if (list != null && watcher[0] != null) watcher[0].saw(list.deployments());
                    done.incrementAndGet();
                });
            }
        });
        return eventClient(http, events, started::get, () -> done.get() == started.get());
    }

    private static Client eventClient(AgentClient http, EventSubscription events, java.util.function.LongSupplier fetches,
                                      java.util.function.BooleanSupplier settled) {
        return new Client() {
            @Override
            public void start() {
                events.start();
            }

            @Override
            public boolean live() {
                return events.state() instanceof StreamState.Live;
            }

            @Override
            public long fetches() {
                return fetches.getAsLong();
            }

            @Override
            public boolean settled() {
                return settled.getAsBoolean();
            }

            @Override
            public void close() {
                events.close();
                http.close();
            }
        };
    }
}

package io.capstan.bench;

import io.capstan.client.AgentClient;
import io.capstan.client.AgentSession;
import io.capstan.console.agents.AgentConnection;
import io.capstan.console.deployments.DeploymentsViewModel;
import io.capstan.console.deployments.TreeRow;
import io.capstan.console.fx.UiThread;
import io.capstan.protocol.Deployment;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javafx.collections.FXCollections;

/**
 * Scenario 1: from a state change in the agent to the client store, and to the console's deployments view model,
 * reflecting it, at 1 and at 200 changes per second. Baseline: a client polling the list every 2 s, in the same run
 * against the same changes. The change is time-stamped inside the agent just before the engine is told.
 */
final class EventLatencyScenario implements Scenario {
    private static final int DEPLOYMENTS = 20;
    private static final Duration POLL = Duration.ofSeconds(2);

    @Override
    public String id() {
        return "1";
    }

    @Override
    public String title() {
        return "event latency: agent state change -> client store / view model; baseline polls every 2 s";
    }

    @Override
    public List<Row> run(BenchContext ctx) throws Exception {
        List<Row> rows = new ArrayList<>();
        Map<Long, Long> changedAt = new ConcurrentHashMap<>();
        ChangeRecorder store = new ChangeRecorder(DEPLOYMENTS);
        ChangeRecorder viewModel = new ChangeRecorder(DEPLOYMENTS);
        ChangeRecorder poller = new ChangeRecorder(DEPLOYMENTS);
        ChangeRecorder raw = new ChangeRecorder(DEPLOYMENTS);
        ScheduledExecutorService polling = Executors.newSingleThreadScheduledExecutor();
        try (BenchAgent agent = BenchAgent.start(BenchAgent.Options.of(ctx.newDir("latency")).synthetic(DEPLOYMENTS, 4));
             AgentSession session = new AgentSession(agent.endpoint(), s -> store.saw(s.deployments()), state -> { });
             AgentConnection connection = new AgentConnection(agent.endpoint(), false);
             AgentClient pollClient = new AgentClient(agent.endpoint());
             RawEventReader rawReader = new RawEventReader(agent, e -> raw.sawOne(e.deployment()))) {
            agent.onChanged(w -> changedAt.put(Long.parseLong(w[1]), Long.parseLong(w[2])));
            session.start();
            DeploymentsViewModel model = new DeploymentsViewModel(FXCollections.observableArrayList(connection), Clock.systemUTC());
            model.treeProperty().addListener((obs, old, tree) -> {
                List<Deployment> shown = new ArrayList<>();
                tree.forEach(t -> t.deployments().stream().map(TreeRow.DeploymentRow::deployment).forEach(shown::add));
                viewModel.saw(shown);
            });
            connection.start(new SerialUiThread());
            polling.scheduleAtFixedRate(() -> {
                try {
                    poller.saw(pollClient.deployments().deployments());
                } catch (RuntimeException e) {
                    // a failed poll is just a late one
                }
            }, 0, POLL.toMillis(), TimeUnit.MILLISECONDS);
            Waits.untilOrFail(() -> session.store().snapshot().live() && session.store().snapshot().deployments().size() == DEPLOYMENTS
                    && connection.snapshot().deployments().size() == DEPLOYMENTS, Duration.ofSeconds(30), "clients live");

            long next = 1;
            // Warm-up, not measured: the JIT compiles the event path on both sides before the figures start.
            int warmup = ctx.size().pick(0, 400, 1000);
            for (int rate : new int[] {0, 1, 200}) {
                int count = rate == 0 ? warmup : rate == 1 ? ctx.size().pick(2, 5, 30) : ctx.size().pick(20, 400, 2000);
                if (count == 0) continue;
                ctx.say("  %d changes at %d/s%s", count, (rate == 0 ? 200 : rate), rate == 0 ? " (warm-up)" : "");
                List<Long> changes = new ArrayList<>();
                long start = System.nanoTime();
                for (int n = 0; n < count; n++) {
                    Waits.sleepUntil(start + (long) (n * 1e9 / (rate == 0 ? 200 : rate)));
                    long k = next++;
                    changes.add(k);
                    agent.change(ChangeRecorder.deploymentOf(k, DEPLOYMENTS), k);
                }
                Waits.untilOrFail(() -> changedAt.keySet().containsAll(changes) && store.hasAll(changes) && viewModel.hasAll(changes)
                        && raw.hasAll(changes),
                        Duration.ofSeconds(30), "changes reflected by the client");
                Waits.untilOrFail(() -> poller.hasAll(changes), POLL.multipliedBy(3), "changes seen by the poller");
                if (rate == 0) continue;
                Map<Long, Long> phase = new ConcurrentHashMap<>();
                changes.forEach(k -> phase.put(k, changedAt.get(k)));
                Percentiles s = Percentiles.of(store.latenciesMillis(phase));
                Percentiles v = Percentiles.of(viewModel.latenciesMillis(phase));
                Percentiles p = Percentiles.of(poller.latenciesMillis(phase));
                Percentiles r = Percentiles.of(raw.latenciesMillis(phase));
                String n = "n=" + count + (count < 100 ? " (p99 is the max)" : "");
                String label = "event latency " + rate + "/s";
                rows.add(Row.of(id(), label + " -> store p50", s.p(50), p.p(50), "ms", Target.NONE).withNote(n));
                rows.add(Row.of(id(), label + " -> store p99", s.p(99), p.p(99), "ms", Target.atMost(20)));
                rows.add(Row.of(id(), label + " -> view model p50", v.p(50), p.p(50), "ms", Target.NONE));
                rows.add(Row.of(id(), label + " -> view model p99", v.p(99), p.p(99), "ms", Target.atMost(20)));
                Row limit = Row.of(id(), label + " -> store p99, vs raw SSE socket", s.p(99), r.p(99), "ms", Target.atMost(20));
                rows.add(rate != 1 ? limit : limit.withNote("baseline: a plain socket reading the same event stream and parsing "
                        + "each event (the limit: agent and loopback only)"));
            }
        } finally {
            polling.shutdownNow();
        }
        return rows;
    }

    /**
     * The view model's UI thread for a run without a window: work runs at once on the calling thread, one piece at a
     * time (the store and the stream state call from different threads). The FX hop itself (at most one pulse,
     * 16.7 ms at 60 Hz) is not in this figure; scenario 3 measures frames.
     */
    static final class SerialUiThread implements UiThread {
        @Override
        public synchronized void run(Runnable work) {
            work.run();
        }

        @Override
        public boolean isCurrent() {
            return true;
        }
    }
}

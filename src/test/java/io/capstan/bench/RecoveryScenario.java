package io.capstan.bench;

import io.capstan.client.AgentClient;
import io.capstan.client.AgentSession;
import io.capstan.client.logs.JobLogStream;
import io.capstan.protocol.Action;
import io.capstan.protocol.Job;
import io.capstan.protocol.Line;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Scenario 5: the agent is killed (SIGKILL of its JVM: no shutdown hook, no graceful close) while jobs print into open
 * log streams, and restarted at once on the same port and state folder. A cut is one log stream cut at a random point
 * of its job's output: each kill cuts {@value #JOBS} jobs started at random moments before it, so 100 cuts take 20
 * kills (an agent JVM start costs seconds on a busy 2-core machine). Per kill: time until the client store is live
 * again; per cut: time until the stream has resumed and delivered the job's end, and the lines lost or doubled against
 * the lines the restarted agent holds for the job. Every kill is its clients' first failure (fresh clients, connected
 * before the kill), so the reconnect backoff starts at its first step.
 */
final class RecoveryScenario implements Scenario {
    static final int JOBS = 5;
    private static final double RATE = 2_000;
    private static final long SEED = 20_261_128L;

    @Override
    public String id() {
        return "5";
    }

    @Override
    public String title() {
        return "recovery: agent killed and restarted mid-job; client live again, log resumed, lines lost/doubled";
    }

    /** One stream's figures. */
    private record Cut(double resumedMillis, long lost, long doubled, long lines) {
    }

    /** One kill's figures. */
    private record Kill(double restartMillis, double liveMillis, List<Cut> cuts) {
    }

    @Override
    public List<Row> run(BenchContext ctx) throws Exception {
        int kills = ctx.size().pick(1, 4, 20);
        Random random = new Random(SEED);
        BenchAgent.Options opts = BenchAgent.Options.of(ctx.newDir("recovery-state"))
                .logs(LogThroughputScenario.logsFolder(ctx, 100_000_000, RATE, JOBS)); // the lines a user's agent holds
        List<Kill> results = new ArrayList<>();
        BenchAgent[] agent = {BenchAgent.start(opts)};
        try {
            for (int i = 0; i < kills; i++) {
                Kill k = kill(agent, random);
                results.add(k);
                ctx.say("  kill %d/%d: agent back after %.0f ms, client live %.0f ms later; lost %d, doubled %d", i + 1, kills,
                        k.restartMillis(), k.liveMillis(), k.cuts().stream().mapToLong(Cut::lost).sum(),
                        k.cuts().stream().mapToLong(Cut::doubled).sum());
            }
        } finally {
            agent[0].close();
        }
        List<Cut> cuts = results.stream().flatMap(k -> k.cuts().stream()).toList();
        Percentiles restart = Percentiles.of(results.stream().map(Kill::restartMillis).toList());
        Percentiles live = Percentiles.of(results.stream().map(Kill::liveMillis).toList());
        Percentiles resumed = Percentiles.of(cuts.stream().map(Cut::resumedMillis).toList());
        long lost = cuts.stream().mapToLong(Cut::lost).sum();
        long doubled = cuts.stream().mapToLong(Cut::doubled).sum();
        long lines = cuts.stream().mapToLong(Cut::lines).sum();
        List<Row> rows = new ArrayList<>();
        rows.add(Row.of(id(), "agent killed -> restarted agent serving p50", restart.p(50), null, "ms", Target.NONE)
                .withNote(kills + " kills (seed " + SEED + "); a new agent JVM on the same port and state folder: JVM start, "
                        + "job history read back"));
        rows.add(Row.of(id(), "agent serving again -> client store live p50", live.p(50), null, "ms", Target.NONE)
                .withNote("the client's share: its reconnect backoff (0.5 s, 1 s, 2 s... +-20%) and the refetch"));
        rows.add(Row.of(id(), "agent serving again -> client store live p99", live.p(99), null, "ms", Target.NONE));
        rows.add(Row.of(id(), "agent serving again -> log stream resumed to job end p50", resumed.p(50), null, "ms", Target.NONE)
                .withNote(cuts.size() + " cuts: " + JOBS + " jobs per kill printing " + (int) RATE + " lines/s each, started at "
                        + "random moments up to 1.5 s before it (each having printed)"));
        rows.add(Row.of(id(), "agent serving again -> log stream resumed to job end p99", resumed.p(99), null, "ms", Target.NONE));
        rows.add(Row.of(id(), "lines lost over " + cuts.size() + " cuts", lost, null, "lines", Target.atMost(0))
                .withNote(String.format("of %,d lines the restarted agent holds for the cut jobs", lines)));
        rows.add(Row.of(id(), "lines doubled over " + cuts.size() + " cuts", doubled, null, "lines", Target.atMost(0)));
        return rows;
    }

    /** One kill; {@code holder[0]} is replaced by the restarted agent. */
    private Kill kill(BenchAgent[] holder, Random random) throws Exception {
        BenchAgent agent = holder[0];
        AtomicLong killedAt = new AtomicLong(Long.MAX_VALUE);
        // The store's changes keep coming for a moment after the kill, still live, until it notices the stream is
        // gone: "live again" is the first live snapshot after a snapshot that was not live (it once read -2.7 s).
        AtomicBoolean sawDown = new AtomicBoolean();
        AtomicLong liveAt = new AtomicLong();
        List<Follower> followers = new ArrayList<>();
        try (AgentSession session = new AgentSession(agent.endpoint(), s -> {
                if (System.nanoTime() <= killedAt.get()) return;
                if (!s.live()) {
                    sawDown.set(true);
                } else if (sawDown.get()) {
                    liveAt.compareAndSet(0, System.nanoTime());
                }
            }, state -> { });
             AgentClient client = new AgentClient(agent.endpoint())) {
            session.start();
            Waits.untilOrFail(() -> session.store().snapshot().live(), Duration.ofSeconds(30), "client live");
            // Jobs start at random moments; the kill comes 1.5 s after the first, so each is cut at its own point.
            long t0 = System.nanoTime();
            long[] starts = random.longs(JOBS, 0, 1_400_000_000L).sorted().toArray();
            for (int j = 0; j < JOBS; j++) {
                Waits.sleepUntil(t0 + starts[j]);
                Follower f = new Follower(client, client.startServiceJob(BenchCatalog.LOGS, "printer" + j, Action.REBUILD).id());
                followers.add(f);
            }
            Waits.sleepUntil(t0 + 1_500_000_000L);
            // On a busy machine a printer JVM may not have printed yet: a cut before the first line tests nothing.
            Waits.untilOrFail(() -> followers.stream().allMatch(Follower::started), Duration.ofSeconds(60), "every job printing");
            killedAt.set(System.nanoTime());
            agent.kill();
            holder[0] = BenchAgent.restartOf(agent);
            long servingAt = System.nanoTime();
            List<Cut> cuts = new ArrayList<>();
            for (Follower f : followers) cuts.add(f.result(servingAt));
            Waits.untilOrFail(() -> liveAt.get() != 0, Duration.ofMinutes(2), "client live again");
            // servingAt is when this process read the child's "ready"; a client that reconnected in the moment
            // before that was live as the agent served: 0, not a negative time.
            long live = Math.max(0, liveAt.get() - servingAt);
            return new Kill((servingAt - killedAt.get()) / 1e6, live / 1e6, cuts);
        } finally {
            followers.forEach(Follower::close);
        }
    }

    /** One job's log stream and what it delivered. */
    private static final class Follower implements JobLogStream.Listener, AutoCloseable {
        private final BitSet seen = new BitSet();
        private final CompletableFuture<Job> end = new CompletableFuture<>();
        private final JobLogStream stream;
        private long received;
        private volatile long endAt;

        Follower(AgentClient client, String jobId) {
            stream = new JobLogStream(client, jobId, this);
            stream.start();
        }

        @Override
        public synchronized void onLine(Line line) {
            received++;
            seen.set((int) line.seq());
        }

        synchronized boolean started() {
            return received > 0;
        }

        @Override
        public void onEnd(Job j) {
            endAt = System.nanoTime();
            end.complete(j);
        }

        Cut result(long servingAt) throws Exception {
            Job ended = end.get(2, TimeUnit.MINUTES);
            synchronized (this) {
                // seq runs 1..lines without holes: every one not received is lost, every extra delivery doubled.
                long lost = ended.lines() - seen.get(1, (int) ended.lines() + 1).cardinality();
                long doubled = received - seen.cardinality();
                return new Cut((endAt - servingAt) / 1e6, lost, doubled, ended.lines());
            }
        }

        @Override
        public void close() {
            stream.close();
        }
    }
}

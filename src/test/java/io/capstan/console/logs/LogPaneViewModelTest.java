package io.capstan.console.logs;

import static org.assertj.core.api.Assertions.assertThat;

import io.capstan.client.sse.StreamState;
import io.capstan.client.testing.MutableClock;
import io.capstan.console.format.AgentReach;
import io.capstan.console.format.Offline;
import io.capstan.console.format.StatusStyles;
import io.capstan.console.fx.DirectBackground;
import io.capstan.protocol.Action;
import io.capstan.protocol.Job;
import io.capstan.protocol.JobStatus;
import io.capstan.protocol.Line;
import io.capstan.protocol.LineStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The log pane without a window: holding, trimming, search, filter, follow, header, copy and save. */
class LogPaneViewModelTest {

    private static final Instant NOW = Instant.parse("2026-11-28T10:00:00Z");

    @TempDir
    Path tmp;

    private final FakeEffects effects = new FakeEffects();
    private final List<Integer> revealed = new ArrayList<>();
    private long ordinal;

    private LogPaneViewModel model(int capacity) {
        LogPaneViewModel model = new LogPaneViewModel("rebuild shop", new DirectBackground(), effects,
                Clock.fixed(NOW, ZoneOffset.UTC), capacity);
        model.setRevealer(revealed::add);
        return model;
    }

    private List<LogEntry> lines(int from, int to) {
        return IntStream.rangeClosed(from, to)
                .mapToObj(seq -> LogEntry.of(ordinal++,
                        new Line(seq, NOW, LineStream.STDOUT, "line " + seq + (seq % 10 == 0 ? " ERROR" : ""))))
                .toList();
    }

    private static List<Long> seqs(List<LogEntry> rows) {
        return rows.stream().map(LogEntry::seq).toList();
    }

    @Test
    void batchesAreHeldInOrderAndCounted() {
        LogPaneViewModel model = model(1_000);
        model.accept(lines(1, 5));
        model.accept(lines(6, 7));
        assertThat(seqs(model.shown())).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L);
        assertThat(model.summaryProperty().get()).isEqualTo("7 lines");
    }

    @Test
    void pastTheCapacityTheOldestRowsGoAndTheHeaderSaysSo() {
        LogPaneViewModel model = model(100);
        model.accept(lines(1, 100));
        model.accept(lines(101, 150));

        assertThat(model.heldCount()).isLessThanOrEqualTo(100);
        assertThat(model.droppedCount()).isEqualTo(150 - model.heldCount());
        assertThat(model.shown().get(model.shown().size() - 1).seq()).isEqualTo(150);
        assertThat(model.shown().get(0).seq()).isEqualTo(model.droppedCount() + 1);
        assertThat(model.summaryProperty().get()).contains("of 150 lines held");
    }

    @Test
    void searchCountsMatchesIncludingLinesThatArriveLater() {
        LogPaneViewModel model = model(1_000);
        model.accept(lines(1, 50));
        model.queryProperty().set("error");
        assertThat(model.matchCountProperty().get()).isEqualTo(5);
        assertThat(model.matchLabelProperty().get()).isEqualTo("1 of 5");

        model.accept(lines(51, 60));

        assertThat(model.matchCountProperty().get()).isEqualTo(6);
        assertThat(model.matchLabelProperty().get()).as("the current match stays the same row").isEqualTo("1 of 6");
        model.previous();
        assertThat(model.matchLabelProperty().get()).isEqualTo("6 of 6");
        assertThat(model.currentMatchEntry().seq()).as("the match that arrived later").isEqualTo(60);
    }

    /**
     * Typing reveals the first match at once (issue 12: nothing moved until Enter); a longer query keeps its place,
     * and a query the shown match no longer fits goes on to the next one after it, as a browser's find does.
     */
    @Test
    void typingRevealsTheFirstMatchAndALongerQueryKeepsItsPlace() {
        LogPaneViewModel model = model(1_000);
        model.accept(lines(1, 30));

        model.queryProperty().set("E");
        assertThat(model.followProperty().get()).as("a revealed match stops following").isFalse();
        LogEntry first = model.currentMatchEntry();
        assertThat(first).isNotNull();
        assertThat(revealed).isNotEmpty();
        model.queryProperty().set("ERROR");
        assertThat(model.currentMatchEntry().seq()).as("the first ERROR at or after the E shown")
                .isGreaterThanOrEqualTo(first.seq()).isEqualTo(10);
        model.next();
        model.queryProperty().set("ERRORx");
        assertThat(model.matchLabelProperty().get()).isEqualTo("no matches");
        assertThat(model.currentMatchEntry()).isNull();
        model.queryProperty().set("ERROR");
        assertThat(model.matchLabelProperty().get()).isEqualTo("1 of 3");
        assertThat(revealed).endsWith(9);
    }

    @Test
    void nextAndPreviousWrapAroundStopFollowingAndRevealTheRow() {
        LogPaneViewModel model = model(1_000);
        model.accept(lines(1, 30));
        model.queryProperty().set("ERROR");

        assertThat(model.followProperty().get()).isFalse();
        assertThat(model.matchLabelProperty().get()).as("typing revealed the first").isEqualTo("1 of 3");
        assertThat(model.currentMatchEntry().seq()).isEqualTo(10);
        model.next();
        model.next();
        model.next();
        assertThat(model.currentMatchEntry().seq()).as("wrapped to the first").isEqualTo(10);
        model.previous();
        assertThat(model.currentMatchEntry().seq()).isEqualTo(30);
        assertThat(model.selectedRows()).extracting(LogEntry::seq).as("the match is selected").containsExactly(30L);

        assertThat(revealed).containsExactly(9, 19, 29, 9, 29);
    }

    @Test
    void filterShowsOnlyMatchingRowsAndFollowsNewOnes() {
        LogPaneViewModel model = model(1_000);
        model.accept(lines(1, 30));
        model.queryProperty().set("line 1");
        model.filterProperty().set(true);
        assertThat(seqs(model.shown())).containsExactly(1L, 10L, 11L, 12L, 13L, 14L, 15L, 16L, 17L, 18L, 19L);

        model.accept(lines(31, 100));
        assertThat(seqs(model.shown())).endsWith(19L, 100L);

        model.filterProperty().set(false);
        assertThat(model.shown()).hasSize(100);
    }

    @Test
    void aRegexFilterWorksAndABadOneSaysWhyAndFiltersNothing() {
        LogPaneViewModel model = model(1_000);
        model.accept(lines(1, 30));
        model.regexProperty().set(true);
        model.filterProperty().set(true);
        model.queryProperty().set("^line [12]0");
        assertThat(seqs(model.shown())).containsExactly(10L, 20L);

        model.queryProperty().set("line (");

        assertThat(model.searchErrorProperty().get()).startsWith("Not a valid regular expression");
        assertThat(model.matchLabelProperty().get()).isEqualTo("invalid");
        assertThat(model.shown()).as("a bad pattern hides nothing").hasSize(30);
    }

    @Test
    void matchesOfTrimmedRowsGoWithThem() {
        LogPaneViewModel model = model(100);
        model.accept(lines(1, 100));
        model.queryProperty().set("ERROR");
        assertThat(model.matchCountProperty().get()).isEqualTo(10);

        model.accept(lines(101, 140));

        long first = model.shown().get(0).seq();
        assertThat(model.matchCountProperty().get()).isEqualTo((int) (14 - (first - 1) / 10));
    }

    @Test
    void theHeaderShowsTheJobAndALateNonTerminalStateNeverReplacesTheEnd() {
        LogPaneViewModel model = model(1_000);
        Job running = job(JobStatus.RUNNING, null, null);
        model.jobChanged(running);
        assertThat(model.statusProperty().get()).isEqualTo("running");
        assertThat(model.toneProperty().get()).isEqualTo(StatusStyles.Tone.BUSY);
        assertThat(model.durationProperty().get()).isEqualTo("1 m 00 s");

        model.jobChanged(job(JobStatus.FAILED, 2, NOW.minusSeconds(30)));
        model.jobChanged(running);

        assertThat(model.statusProperty().get()).isEqualTo("failed");
        assertThat(model.toneProperty().get()).isEqualTo(StatusStyles.Tone.DANGER);
        assertThat(model.exitCodeProperty().get()).isEqualTo("exited 2");
        assertThat(model.durationProperty().get()).isEqualTo("30 s");
    }

    @Test
    void aServicePaneShowsItsConnectionInTheHeader() {
        LogPaneViewModel model = model(1_000);
        model.streamChanged(new StreamState.Live());
        assertThat(model.statusProperty().get()).isEqualTo("live");
        model.streamChanged(new StreamState.WaitingToRetry(3, NOW, "connection refused", NOW));
        assertThat(model.statusProperty().get()).isEqualTo("reconnecting");
        assertThat(model.connectionProperty().get()).isEqualTo("reconnecting: connection refused");
        assertThat(model.toneProperty().get()).isEqualTo(StatusStyles.Tone.BUSY);
    }

    @Test
    void aRunningJobsClockStopsWhileItsAgentIsUnreachableAndTheHeaderSaysSo() {
        MutableClock clock = new MutableClock(NOW);
        LogPaneViewModel model = new LogPaneViewModel("rebuild shop", new DirectBackground(), effects, clock, 1_000);
        model.jobChanged(job(JobStatus.RUNNING, null, null));
        model.streamChanged(new StreamState.Live());
        assertThat(model.durationProperty().get()).isEqualTo("1 m 00 s");

        model.streamChanged(new StreamState.WaitingToRetry(1, NOW.plusSeconds(1), "connection refused"));
        clock.advance(Offline.GRACE.minusMillis(1));
        model.tick();
        assertThat(model.statusProperty().get()).as("within the grace").isEqualTo("running");
        assertThat(model.durationProperty().get()).as("stopped at the loss").isEqualTo("1 m 00 s");

        clock.advance(Duration.ofSeconds(30));
        model.tick();
        assertThat(model.statusProperty().get()).as("the chip's words, from when the stream went down")
                .isEqualTo("agent offline since 10:00:00");
        assertThat(model.durationProperty().get()).isEqualTo("1 m 00 s");

        model.streamChanged(new StreamState.Live());
        assertThat(model.statusProperty().get()).isEqualTo("running");
        assertThat(model.durationProperty().get()).as("live again: the agent's own count").isEqualTo("1 m 34 s");

        model.streamChanged(new StreamState.WaitingToRetry(1, NOW, "timed out"));
        model.jobChanged(job(JobStatus.SUCCEEDED, 0, NOW.plusSeconds(20)));
        clock.advance(Duration.ofSeconds(30));
        model.tick();
        assertThat(model.statusProperty().get()).as("an ended job is never unreachable").isEqualTo("succeeded");
    }

    @Test
    void aSilentStreamStopsTheJobsClockAtTheLastContactNotWhenTheSilenceWasNoticed() {
        MutableClock clock = new MutableClock(NOW);
        LogPaneViewModel model = new LogPaneViewModel("rebuild shop", new DirectBackground(), effects, clock, 1_000);
        model.jobChanged(job(JobStatus.RUNNING, null, null));
        model.streamChanged(new StreamState.Live());
        Instant lastByte = NOW;

        clock.advance(Duration.ofSeconds(45)); // the heartbeat window ends: only now is the silence noticed
        model.streamChanged(new StreamState.WaitingToRetry(1, clock.instant().plusSeconds(1), "timed out", lastByte));
        model.tick();
        assertThat(model.durationProperty().get()).as("stopped at the last byte").isEqualTo("1 m 00 s");
        assertThat(model.statusProperty().get()).as("the grace counts from the notice").isEqualTo("running");

        clock.advance(Offline.GRACE);
        model.tick();
        assertThat(model.statusProperty().get()).isEqualTo("agent offline since 10:00:00");
        assertThat(model.durationProperty().get()).isEqualTo("1 m 00 s");

        model.streamChanged(new StreamState.Connecting(2));
        model.streamChanged(new StreamState.WaitingToRetry(2, clock.instant().plusSeconds(2), "connection refused", lastByte));
        clock.advance(Duration.ofSeconds(10));
        model.tick();
        assertThat(model.statusProperty().get()).as("a refused retry changes nothing").isEqualTo("agent offline since 10:00:00");
        assertThat(model.durationProperty().get()).isEqualTo("1 m 00 s");
    }

    /** Decision record 159: a service pane reopened at start for an agent that is down has no "since" to give. */
    @Test
    void aPaneWhoseAgentWasNeverReachedSaysSoNotOfflineSinceItsFirstTry() {
        MutableClock clock = new MutableClock(NOW);
        LogPaneViewModel model = new LogPaneViewModel("web of shop", new DirectBackground(), effects, clock, 1_000);
        model.streamChanged(new StreamState.Connecting(1));
        model.streamChanged(new StreamState.WaitingToRetry(1, NOW.plusSeconds(1), "connection refused", null));
        assertThat(model.connectionProperty().get()).isEqualTo("not reached yet: connection refused");
        assertThat(model.statusProperty().get()).as("within the grace, the header's word").isEqualTo("not reached yet");

        clock.advance(Offline.GRACE.plusSeconds(10));
        model.streamChanged(new StreamState.Connecting(2));
        assertThat(model.connectionProperty().get()).as("a new try, not a reconnect").isEqualTo("not reached yet…");
        model.streamChanged(new StreamState.WaitingToRetry(2, clock.instant().plusSeconds(2), "connection refused", null));
        model.tick();
        assertThat(model.statusProperty().get()).isEqualTo("agent not reached yet").doesNotContain("since");

        model.streamChanged(new StreamState.Live());
        Instant lastByte = clock.instant();
        clock.advance(Duration.ofSeconds(3));
        model.streamChanged(new StreamState.WaitingToRetry(1, clock.instant().plusSeconds(1), "connection refused", lastByte));
        clock.advance(Offline.GRACE);
        model.tick();
        assertThat(model.statusProperty().get()).as("once reached and lost: its last contact")
                .isEqualTo("agent offline since 10:00:15");
    }

    /**
     * Decision record 160: a pane opened on an agent the console has reached (its event stream live) whose own stream
     * is stuck in its first connect (a paused agent, a proxy that never answers) says its stream has not connected,
     * never "agent not reached yet" nor an offline time; once the agent's connection says offline, the pane says the
     * agent's time; and a pane whose agent was never reached still says so (decision record 159).
     */
    @Test
    void aStreamStuckInItsFirstConnectToAReachedAgentSaysNotConnectedNeverNotReached() {
        MutableClock clock = new MutableClock(NOW);
        AgentReach[] agent = {AgentReach.of(true, true, null)};
        LogPaneViewModel service = new LogPaneViewModel("web of shop", new DirectBackground(), effects, clock, 1_000);
        service.setAgent(() -> agent[0]);
        LogPaneViewModel build = new LogPaneViewModel("rebuild shop", new DirectBackground(), effects, clock, 1_000);
        build.setAgent(() -> agent[0]);
        build.jobChanged(job(JobStatus.RUNNING, null, null));
        for (LogPaneViewModel model : List.of(service, build)) {
            model.streamChanged(new StreamState.Connecting(1));
        }
        assertThat(service.connectionProperty().get()).isEqualTo("connecting…");

        clock.advance(Offline.GRACE.plusSeconds(7));
        service.tick();
        build.tick();
        assertThat(service.connectionProperty().get()).isEqualTo("not connected yet: no answer in 12 s");
        assertThat(service.statusProperty().get()).isEqualTo("not connected yet");
        assertThat(service.toneProperty().get()).isEqualTo(StatusStyles.Tone.WARN);
        assertThat(build.statusProperty().get()).as("the agent's events keep its job current").isEqualTo("running");
        assertThat(build.durationProperty().get()).as("its clock runs: the agent is live").isEqualTo("1 m 12 s");
        assertThat(build.connectionProperty().get()).isEqualTo("not connected yet: no answer in 12 s");
        clock.advance(Duration.ofSeconds(1));
        service.tick();
        assertThat(service.connectionProperty().get()).as("counts on").isEqualTo("not connected yet: no answer in 13 s");

        // The try times out: its client heard from the agent (the event stream's pings), so it is reached, never live.
        service.streamChanged(new StreamState.WaitingToRetry(1, clock.instant().plusSeconds(1), "timed out", NOW));
        assertThat(service.connectionProperty().get()).isEqualTo("not connected yet: timed out");
        service.streamChanged(new StreamState.Connecting(2));
        assertThat(service.connectionProperty().get()).isEqualTo("not connected yet…");
        assertThat(service.statusProperty().get()).as("the stream's trouble, not the agent's").isEqualTo("not connected yet…");

        // The agent's connection declares it offline (its own event stream went silent): now the agent's time.
        agent[0] = AgentReach.of(true, false, NOW.plusSeconds(3));
        service.tick();
        build.tick();
        assertThat(service.statusProperty().get()).isEqualTo("agent offline since 10:00:03");
        assertThat(build.statusProperty().get()).isEqualTo("agent offline since 10:00:03");
        assertThat(build.durationProperty().get()).as("stopped where the agent went quiet").isEqualTo("1 m 03 s");

        agent[0] = AgentReach.of(true, true, null);
        service.streamChanged(new StreamState.Live());
        assertThat(service.statusProperty().get()).isEqualTo("live");
        service.streamChanged(new StreamState.WaitingToRetry(1, clock.instant(), "connection reset", clock.instant()));
        assertThat(service.connectionProperty().get()).as("live before: a drop").isEqualTo("reconnecting: connection reset");

        // The reverse: the agent never reached, by the console or the pane.
        LogPaneViewModel unseen = new LogPaneViewModel("web of shop", new DirectBackground(), effects, clock, 1_000);
        unseen.setAgent(() -> AgentReach.of(false, false, null));
        unseen.streamChanged(new StreamState.Connecting(1));
        clock.advance(Offline.GRACE);
        unseen.tick();
        assertThat(unseen.statusProperty().get()).isEqualTo("agent not reached yet");
        assertThat(unseen.connectionProperty().get()).isEqualTo("not reached yet: no answer in 5 s");
    }

    @Test
    void copyTakesTheSelectionOrEverythingShownWithTimestampsWhenOn() {
        LogPaneViewModel model = model(1_000);
        model.accept(lines(1, 4));
        model.copy();
        assertThat(effects.copied).isEqualTo("line 1\nline 2\nline 3\nline 4\n");

        model.select(model.shown().get(2));
        model.extendSelection(model.shown().get(1));
        model.copy();
        assertThat(effects.copied).isEqualTo("line 2\nline 3\n");

        model.timestampsProperty().set(true);
        model.select(model.shown().get(1));
        model.copy();
        assertThat(effects.copied).matches("\\d\\d:\\d\\d:\\d\\d\\.\\d{3} line 2\n");
    }

    @Test
    void saveWritesEveryHeldRowToTheChosenFile() throws Exception {
        LogPaneViewModel model = model(1_000);
        model.accept(lines(1, 3));
        model.accept(List.of(LogEntry.notice(ordinal++, 0, "job succeeded")));
        effects.saveTo = tmp.resolve("out.log");

        model.save();

        assertThat(effects.suggested).isEqualTo("rebuild-shop.log");
        assertThat(Files.readAllLines(effects.saveTo)).containsExactly("line 1", "line 2", "line 3", "-- job succeeded");
    }

    @Test
    void aFailedSaveIsReportedOnce() {
        LogPaneViewModel model = model(1_000);
        model.accept(lines(1, 3));
        effects.saveTo = tmp.resolve("missing-folder").resolve("out.log");

        model.save();

        assertThat(effects.errors).hasSize(1);
        assertThat(effects.errors.get(0)).startsWith("Could not save the log: ").contains("out.log");
    }

    private static Job job(JobStatus status, Integer exit, Instant finished) {
        return new Job("j-1", "shop", null, Action.REBUILD, status, NOW.minusSeconds(60), NOW.minusSeconds(60), finished,
                exit, null, 0, 0);
    }

    /** Rows of a deployment log: web (source 1) and worker (source 2) in turn, "web 1", "worker 1", "web 2", ... */
    private List<LogEntry> merged(int each) {
        List<LogEntry> rows = new ArrayList<>();
        for (int n = 1; n <= each; n++) {
            rows.add(LogEntry.of(ordinal++, new Line(n, NOW, LineStream.STDOUT, "web " + n + (n == 2 ? " ERROR" : "")), 1));
            rows.add(LogEntry.of(ordinal++, new Line(n, NOW, LineStream.STDOUT, "worker " + n + (n == 3 ? " ERROR" : "")), 2));
        }
        return rows;
    }

    private static List<String> texts(List<LogEntry> rows) {
        return rows.stream().map(LogEntry::text).toList();
    }

    @Test
    void hidingAServiceHidesItsRowsAndShowingItBringsEveryOneBackInPlace() {
        LogPaneViewModel model = model(1_000);
        LogPaneViewModel.Source web = model.addSource(1, "web");
        model.addSource(2, "worker");
        model.accept(merged(2));

        web.shownProperty().set(false);
        assertThat(texts(model.shown())).containsExactly("worker 1", "worker 2");
        model.accept(merged(3).subList(4, 6));
        assertThat(texts(model.shown())).as("new rows of a hidden service are kept, not shown")
                .containsExactly("worker 1", "worker 2", "worker 3 ERROR");

        web.shownProperty().set(true);
        assertThat(texts(model.shown())).containsExactly("web 1", "worker 1", "web 2 ERROR", "worker 2", "web 3", "worker 3 ERROR");
        assertThat(model.heldCount()).isEqualTo(6);
    }

    @Test
    void searchCountsAndFiltersOnlyShownServicesAndCopyNamesTheService() {
        LogPaneViewModel model = model(1_000);
        LogPaneViewModel.Source web = model.addSource(1, "web");
        model.addSource(2, "worker");
        model.accept(merged(3));
        model.queryProperty().set("ERROR");
        assertThat(model.matchCountProperty().get()).isEqualTo(2);

        web.shownProperty().set(false);
        assertThat(model.matchCountProperty().get()).as("a hidden service's matches do not count").isEqualTo(1);
        model.filterProperty().set(true);
        assertThat(texts(model.shown())).containsExactly("worker 3 ERROR");
        model.next();
        assertThat(revealed).as("the match's place among the rows shown").endsWith(0);
        model.copy();
        assertThat(effects.copied).isEqualTo("worker | worker 3 ERROR\n");

        model.filterProperty().set(false);
        web.shownProperty().set(true);
        model.next();
        assertThat(model.currentMatchEntry().text()).as("web's match is back, first").isEqualTo("web 2 ERROR");
        assertThat(revealed).endsWith(2);
    }

    /**
     * Rows numbered with holes, then numbered from 0 again (a second feed, or a feed that restarted): the pane numbers
     * what it holds itself, so a match is revealed where it is shown, a selection is the rows clicked, and trimming,
     * hiding and filtering keep all of that true.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"every service shown", "web hidden", "filtered"})
    void matchesAndSelectionsAreFoundWhereverTheFeedsNumberingJumpsOrStartsAgain(String view) {
        LogPaneViewModel model = model(40);
        LogPaneViewModel.Source web = model.addSource(1, "web");
        model.addSource(2, "worker");
        List<LogEntry> rows = new ArrayList<>();
        for (int n = 1; n <= 30; n++) {
            // Holes in the numbering, then numbers from 0 again, as rows of two feeds (or a restarted one) would be.
            long numbered = n <= 15 ? n * 7L : n - 16;
            String service = n % 2 == 0 ? "web" : "worker";
            rows.add(LogEntry.of(numbered, new Line(n, NOW, LineStream.STDOUT,
                    service + " " + n + (n % 5 == 0 ? " ERROR" : "")), n % 2 == 0 ? 1 : 2));
        }
        model.accept(rows.subList(0, 20));
        model.accept(rows.subList(20, 30));
        model.accept(lines(31, 45)); // past the capacity: the oldest rows go
        assertThat(model.droppedCount()).isPositive();
        model.queryProperty().set("ERROR");
        if (view.equals("web hidden")) web.shownProperty().set(false);
        if (view.equals("filtered")) model.filterProperty().set(true);

        int matches = model.matchCountProperty().get();
        assertThat(matches).as("matches to step through").isGreaterThan(2);
        for (int i = 0; i < matches; i++) {
            model.next();
            LogEntry match = model.currentMatchEntry();
            int at = revealed.get(revealed.size() - 1);
            assertThat(at).as("revealed inside what is shown").isBetween(0, model.shown().size() - 1);
            assertThat(model.shown().get(at).text()).as("the row revealed is the match").isEqualTo(match.text());
            assertThat(model.selectedRows()).extracting(LogEntry::text).as("the match alone is selected")
                    .containsExactly(match.text());
        }
        model.select(model.shown().get(1));
        model.extendSelection(model.shown().get(2));
        assertThat(model.selectedRows()).as("a range picked among the rows shown").containsExactlyElementsOf(
                model.shown().subList(1, 3));
    }

    @Test
    void trimmingTheOldestRowsAlsoTrimsTheShownServicesRows() {
        LogPaneViewModel model = model(10);
        model.addSource(1, "web").shownProperty().set(false);
        model.addSource(2, "worker");
        model.accept(merged(8));
        assertThat(model.heldCount()).isLessThanOrEqualTo(10);
        assertThat(texts(model.shown())).as("only worker's held rows").allMatch(t -> t.startsWith("worker"))
                .endsWith("worker 8").hasSizeLessThanOrEqualTo(5);
    }

    private static final class FakeEffects implements LogPaneEffects {
        String copied;
        String suggested;
        Path saveTo;
        final List<String> errors = new ArrayList<>();

        @Override
        public void copyToClipboard(String text) {
            copied = text;
        }

        @Override
        public Path chooseSaveFile(String suggestedName) {
            suggested = suggestedName;
            return saveTo;
        }

        @Override
        public void error(String title, String message) {
            errors.add(title + ": " + message);
        }
    }
}

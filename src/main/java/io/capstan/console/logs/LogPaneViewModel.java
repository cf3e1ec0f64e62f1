package io.capstan.console.logs;

import io.capstan.client.StreamWords;
import io.capstan.client.sse.StreamState;
import io.capstan.console.format.AgentReach;
import io.capstan.console.format.Durations;
import io.capstan.console.format.LogStreamWords;
import io.capstan.console.format.JobColumns;
import io.capstan.console.format.Offline;
import io.capstan.console.format.StatusStyles;
import io.capstan.console.fx.Background;
import io.capstan.protocol.ExitStatus;
import io.capstan.protocol.Job;
import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.NumberFormat;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.IntConsumer;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * Everything a log pane shows and does, without a window: the held rows (at most {@code capacity}; the oldest go
 * first, and the header says how many), search with a match count and next/previous, filter to matching rows,
 * follow, wrap and timestamp toggles, the job's status, exit code and duration, copy and save.
 *
 * <p>Rows arrive in batches on the UI thread ({@link #accept}), at most one batch a frame, so the cost of a flood is
 * bounded per frame: appending is proportional to the batch, and searching a batch tests only its rows. A new query
 * rescans what is held once.
 */
public final class LogPaneViewModel {

    /** A million rows of about 100 characters is roughly 130 MB ({@link RowStore}); past the cap the oldest rows go first. */
    public static final int DEFAULT_CAPACITY = 1_000_000;

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS").withZone(ZoneId.systemDefault());

    private final Background background;
    private final LogPaneEffects effects;
    private final Clock clock;
    private final int capacity;
    private final int trimChunk;

    /** The held rows; its full-size arrays are made on the background ahead of need (decision record 144). */
    private final RowStore all;
    /** A search's matching rows, by their ordinals in {@link #all} (decision record 134). */
    private final RowSubset matches;
    /**
     * The rows of shown sources, kept only while some source is hidden (a deployment log's service toggles): their
     * ordinals, not entries, so a hidden service costs no second copy of the rows shown (decision record 134).
     */
    private final RowSubset visible;
    private final ObservableList<Source> sources = FXCollections.observableArrayList();
    private final java.util.Map<Integer, Source> sourcesByIndex = new java.util.concurrent.ConcurrentHashMap<>();
    private int hiddenSources;
    private final ReadOnlyObjectWrapper<ObservableList<LogEntry>> shown;
    private long dropped;
    /** What the summary says now, so a frame that changed neither count leaves it alone. */
    private long shownHeld = -1;
    private long shownDropped = -1;
    /** Grouped as {@code %,d} groups in the user's locale ({@code String.format}'s default). */
    private final NumberFormat counts = NumberFormat.getIntegerInstance(Locale.getDefault(Locale.Category.FORMAT));

    private final ReadOnlyStringWrapper title = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper startedBy = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper("");
    private final ReadOnlyObjectWrapper<StatusStyles.Tone> tone = new ReadOnlyObjectWrapper<>(StatusStyles.Tone.MUTED);
    private final ReadOnlyStringWrapper exitCode = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper duration = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper connection = new ReadOnlyStringWrapper("connecting");
    private final ReadOnlyStringWrapper summary = new ReadOnlyStringWrapper("no lines yet");

    private final StringProperty query = new SimpleStringProperty("");
    private final BooleanProperty regex = new SimpleBooleanProperty(false);
    private final BooleanProperty filter = new SimpleBooleanProperty(false);
    private final BooleanProperty follow = new SimpleBooleanProperty(true);
    private final BooleanProperty wrap = new SimpleBooleanProperty(false);
    private final BooleanProperty timestamps = new SimpleBooleanProperty(false);
    private final ObjectProperty<LogSearch> search = new SimpleObjectProperty<>(LogSearch.NONE);
    private final ReadOnlyIntegerWrapper matchCount = new ReadOnlyIntegerWrapper(0);
    private final ReadOnlyIntegerWrapper currentMatch = new ReadOnlyIntegerWrapper(-1);
    private final ReadOnlyStringWrapper matchLabel = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper searchError = new ReadOnlyStringWrapper(null);

    private final ReadOnlyIntegerWrapper selectionVersion = new ReadOnlyIntegerWrapper(0);
    private long anchor = -1;
    private long selectedFrom = -1;
    private long selectedTo = -1;

    private Job job;
    /** When the pane noticed its stream was not live, while it tries again; null while live or ended. Times the grace. */
    private Instant lostAt;
    /** When the agent was last heard from, as the stream's last failure reported it; null while live or unknown. */
    private Instant lastContact;
    /**
     * Whether the stream's agent was ever heard from by the stream itself (a live stream, or a contact its client
     * reported). A pane reopened at start for an agent that is down never was: its header says "agent not reached yet",
     * not a time (decision 159). What the console's connection knows of the agent is asked of {@link #agent}.
     */
    private boolean reached;
    /** Whether this pane's stream has ever been live: until then a new try is "not connected yet", not "reconnecting". */
    private boolean wasLive;
    /** When the current try began, while the stream is connecting (its "no answer in 12 s"); null otherwise. */
    private Instant tryingSince;
    private StreamState lastState;
    /** What the console knows of the pane's agent, asked at each state change and tick (decision record 160). */
    private java.util.function.Supplier<AgentReach> agent = () -> AgentReach.UNKNOWN;
    private StatusStyles.Tone streamTone = StatusStyles.Tone.BUSY;
    private IntConsumer revealer = index -> { };
    /** Opens the pane's connection for a new token ("fix token…"); null where the user cannot (This computer). */
    private Runnable fixToken;
    private final ReadOnlyBooleanWrapper fixTokenOffered = new ReadOnlyBooleanWrapper(this, "fixTokenOffered", false);

    public LogPaneViewModel(String title, Background background, LogPaneEffects effects, Clock clock, int capacity) {
        this.background = Objects.requireNonNull(background);
        this.all = new RowStore(new FreshArrays(background));
        this.matches = new RowSubset(all);
        this.visible = new RowSubset(all);
        this.shown = new ReadOnlyObjectWrapper<>(all);
        this.effects = Objects.requireNonNull(effects);
        this.clock = Objects.requireNonNull(clock);
        if (capacity < 10) {
            throw new IllegalArgumentException("capacity must be at least 10");
        }
        this.capacity = capacity;
        this.trimChunk = Math.max(1, capacity / 100);
        this.title.set(title);
        query.addListener((obs, old, now) -> research(true));
        regex.addListener((obs, old, now) -> research(true));
        filter.addListener((obs, old, now) -> applyFilter());
    }

    // ---- rows ----

    /** Appends a batch of rows; call on the UI thread, once a frame at most. */
    public void accept(List<LogEntry> batch) {
        if (batch.isEmpty()) {
            return;
        }
        int base = all.size();
        all.append(batch);
        if (hiddenSources > 0) {
            visible.appendWhere(base, batch.size(), i -> sourceShown(batch.get(i).source()));
        }
        LogSearch s = search.get();
        if (!s.isEmpty()) {
            matches.appendWhere(base, batch.size(), i -> sourceShown(batch.get(i).source()) && s.matches(batch.get(i).text()));
        }
        if (all.size() > capacity) {
            trim(all.size() - capacity + trimChunk - 1);
        }
        updateCounts();
    }

    /** What the list shows: every held row, or only the matching rows while filtering. */
    public ReadOnlyObjectProperty<ObservableList<LogEntry>> shownProperty() {
        return shown.getReadOnlyProperty();
    }

    public List<LogEntry> shown() {
        return Collections.unmodifiableList(shown.get());
    }

    public int heldCount() {
        return all.size();
    }

    /** Rows dropped from the front to stay within the capacity (the agent still has them). */
    public long droppedCount() {
        return dropped;
    }

    private void trim(int count) {
        all.removeFirst(count);
        dropped += count;
        visible.dropRemoved();
        int gone = matches.dropRemoved();
        if (gone > 0) {
            if (currentMatch.get() >= 0) {
                currentMatch.set(currentMatch.get() - gone >= 0 ? currentMatch.get() - gone : -1);
            }
        }
    }

    /**
     * Runs once a frame under a flood, so it formats with one {@link NumberFormat} made per pane instead of
     * {@code String.format}, which parses its pattern and makes a formatter each call (a tenth of the FX thread's
     * samples in a flood; decision record 121), and sets only what changed.
     */
    private void updateCounts() {
        matchCount.set(matches.size());
        updateMatchLabel();
        long held = all.size();
        if (held == shownHeld && dropped == shownDropped) {
            return;
        }
        shownHeld = held;
        shownDropped = dropped;
        summary.set(dropped == 0 ? counts.format(held) + " lines"
                : "last " + counts.format(held) + " of " + counts.format(held + dropped) + " lines held (the agent keeps the rest)");
    }

    /** Where {@code entry} is in {@link #shown()}, or -1: rows are in ordinal order in every list shown. */
    private int indexShown(LogEntry entry) {
        List<LogEntry> list = shown.get();
        if (list == all) {
            return all.isEmpty() ? -1 : (int) (entry.ordinal() - all.get(0).ordinal());
        }
        int lo = 0;
        int hi = list.size() - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            long at = list.get(mid).ordinal();
            if (at == entry.ordinal()) {
                return mid;
            } else if (at < entry.ordinal()) {
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return -1;
    }

    // ---- sources (a pane that merges several logs: a deployment's services) ----

    /** One source of a merged pane: its name, its colour (one of eight, in turn) and whether its rows are shown. */
    public static final class Source {
        private final int index;
        private final String name;
        private final BooleanProperty shown = new SimpleBooleanProperty(true);
        private final BooleanProperty gone = new SimpleBooleanProperty(false);

        Source(int index, String name) {
            this.index = index;
            this.name = name;
        }

        public int index() {
            return index;
        }

        public String name() {
            return name;
        }

        /** 0..7: the style class {@code log-source-N} of its prefix and toggle. */
        public int colour() {
            return Math.floorMod(index - 1, 8);
        }

        /** Hiding a source keeps its rows (and its stream): showing it again brings them all back in place. */
        public BooleanProperty shownProperty() {
            return shown;
        }

        /** True once the source left (a service removed from the deployment); its rows stay. */
        public BooleanProperty goneProperty() {
            return gone;
        }
    }

    /** Registers source {@code index} (1, 2, ...) under {@code name}; again with the same index only revives it. */
    public Source addSource(int index, String name) {
        Source known = sourcesByIndex.get(index);
        if (known != null) {
            known.gone.set(false);
            return known;
        }
        Source source = new Source(index, name);
        sourcesByIndex.put(index, source);
        source.shown.addListener((obs, old, now) -> {
            hiddenSources += now ? -1 : 1;
            rebuildVisible();
        });
        sources.add(source);
        return source;
    }

    public ObservableList<Source> sources() {
        return sources;
    }

    /** The name of source {@code index}, or null (a pane with one source, or one not registered yet). */
    public String sourceName(int index) {
        Source source = sourcesByIndex.get(index);
        return source == null ? null : source.name;
    }

    private boolean sourceShown(int index) {
        if (index == 0 || hiddenSources == 0) {
            return true;
        }
        Source source = sourcesByIndex.get(index);
        return source == null || source.shown.get();
    }

    private void rebuildVisible() {
        visible.setAllWhere(hiddenSources > 0 ? all.size() : 0, i -> sourceShown(all.source(i)));
        research(false);
    }

    // ---- search ----

    public StringProperty queryProperty() {
        return query;
    }

    public BooleanProperty regexProperty() {
        return regex;
    }

    public BooleanProperty filterProperty() {
        return filter;
    }

    public ReadOnlyObjectProperty<LogSearch> searchProperty() {
        return search;
    }

    public ReadOnlyIntegerProperty matchCountProperty() {
        return matchCount.getReadOnlyProperty();
    }

    /** Index of the current match among the matches, or -1. */
    public ReadOnlyIntegerProperty currentMatchProperty() {
        return currentMatch.getReadOnlyProperty();
    }

    /** "3 of 17", "17 matches", "no matches" or empty without a query. */
    public ReadOnlyStringProperty matchLabelProperty() {
        return matchLabel.getReadOnlyProperty();
    }

    /** Why the query is unusable (a bad regular expression), or null. */
    public ReadOnlyStringProperty searchErrorProperty() {
        return searchError.getReadOnlyProperty();
    }

    /** The view scrolls to the row at this index of {@link #shown()} when asked (the model has selected it). */
    public void setRevealer(IntConsumer revealer) {
        this.revealer = Objects.requireNonNull(revealer);
    }

    /** Moves to the next match (wrapping), stops following and reveals it. */
    public void next() {
        step(1);
    }

    public void previous() {
        step(-1);
    }

    private void step(int direction) {
        if (matches.isEmpty()) {
            return;
        }
        int current = currentMatch.get();
        int next;
        if (current < 0) {
            next = direction > 0 ? 0 : matches.size() - 1;
        } else {
            next = Math.floorMod(current + direction, matches.size());
        }
        currentMatch.set(next);
        follow.set(false);
        updateMatchLabel();
        reveal();
    }

    /** The row of the current match, or null. */
    public LogEntry currentMatchEntry() {
        int current = currentMatch.get();
        return current >= 0 && current < matches.size() ? matches.get(current) : null;
    }

    private void reveal() {
        LogEntry entry = currentMatchEntry();
        if (entry == null) {
            return;
        }
        select(entry);
        revealer.accept(indexShown(entry));
    }

    /**
     * Finds the matches again. While the user types ({@code typed}), the first match at or after the one shown is
     * revealed at once, as a browser's find does (issue 12: the count said "18 matches" but nothing moved until Enter);
     * so a longer query keeps its place and Enter then goes on to the next. Showing or hiding a service only keeps the
     * current match if it is still one.
     */
    private void research(boolean typed) {
        LogEntry was = currentMatchEntry();
        LogSearch next = LogSearch.of(query.get(), regex.get());
        search.set(next);
        searchError.set(next.error());
        matches.setAllWhere(next.isEmpty() ? 0 : all.size(), i -> sourceShown(all.source(i)) && next.matches(all.text(i)));
        int current = was == null ? (typed ? 0 : -1) : firstMatchFrom(was.ordinal());
        if (!typed && current >= 0 && matches.get(current).ordinal() != was.ordinal()) {
            current = -1;
        }
        currentMatch.set(current >= 0 && current < matches.size() ? current : -1);
        if (currentMatch.get() >= 0) {
            follow.set(false);
        }
        applyFilter();
        updateCounts();
    }

    /** The index of the first match at or after row {@code ordinal}, wrapping to the first; -1 without matches. */
    private int firstMatchFrom(long ordinal) {
        int lo = 0;
        int hi = matches.size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (matches.get(mid).ordinal() < ordinal) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return matches.isEmpty() ? -1 : lo < matches.size() ? lo : 0;
    }

    private void applyFilter() {
        shown.set(filter.get() && !search.get().isEmpty() ? matches : hiddenSources > 0 ? visible : all);
        if (currentMatch.get() >= 0) {
            reveal();
        }
    }

    private void updateMatchLabel() {
        if (search.get().isEmpty()) {
            matchLabel.set(searchError.get() != null ? "invalid" : "");
        } else if (matches.isEmpty()) {
            matchLabel.set("no matches");
        } else if (currentMatch.get() < 0) {
            matchLabel.set(counts.format(matches.size()) + " matches");
        } else {
            matchLabel.set(counts.format(currentMatch.get() + 1) + " of " + counts.format(matches.size()));
        }
    }

    // ---- selection (a contiguous range of rows, by ordinal, so it survives trimming and filtering) ----

    /** Selects one row (a click). */
    public void select(LogEntry row) {
        anchor = row.ordinal();
        setSelection(anchor, anchor);
    }

    /** Extends the selection from the last clicked row to this one (a shift-click). */
    public void extendSelection(LogEntry row) {
        if (anchor < 0) {
            select(row);
            return;
        }
        setSelection(Math.min(anchor, row.ordinal()), Math.max(anchor, row.ordinal()));
    }

    public void selectAll() {
        if (all.isEmpty()) {
            return;
        }
        anchor = all.get(0).ordinal();
        setSelection(anchor, all.get(all.size() - 1).ordinal());
    }

    public void clearSelection() {
        anchor = -1;
        setSelection(-1, -1);
    }

    public boolean isSelected(LogEntry row) {
        return row.ordinal() >= selectedFrom && row.ordinal() <= selectedTo;
    }

    /** The selected rows among those shown, in order. */
    public List<LogEntry> selectedRows() {
        List<LogEntry> rows = new ArrayList<>();
        if (selectedFrom < 0) {
            return rows;
        }
        for (LogEntry row : shown.get()) {
            if (isSelected(row)) {
                rows.add(row);
            }
        }
        return rows;
    }

    /** Changes whenever the selection does, so the view can repaint the visible rows. */
    public ReadOnlyIntegerProperty selectionVersionProperty() {
        return selectionVersion.getReadOnlyProperty();
    }

    private void setSelection(long from, long to) {
        selectedFrom = from;
        selectedTo = to;
        selectionVersion.set(selectionVersion.get() + 1);
    }

    // ---- toggles ----

    /** On while the view sits at the bottom; the view turns it off when the user scrolls up. */
    public BooleanProperty followProperty() {
        return follow;
    }

    public BooleanProperty wrapProperty() {
        return wrap;
    }

    public BooleanProperty timestampsProperty() {
        return timestamps;
    }

    // ---- header ----

    public ReadOnlyStringProperty titleProperty() {
        return title.getReadOnlyProperty();
    }

    /** The job's status word, or the service log's connection state. */
    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<StatusStyles.Tone> toneProperty() {
        return tone.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty exitCodeProperty() {
        return exitCode.getReadOnlyProperty();
    }

    /** "by ci": the token whose request started the job; empty for a service log or an older agent's job. */
    public ReadOnlyStringProperty startedByProperty() {
        return startedBy.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty durationProperty() {
        return duration.getReadOnlyProperty();
    }

    /** "live", "reconnecting: connection refused", "ended", ... (LogStreamWords) */
    public ReadOnlyStringProperty connectionProperty() {
        return connection.getReadOnlyProperty();
    }

    /** "12,345 lines", or how many are held of how many when the oldest were dropped. */
    public ReadOnlyStringProperty summaryProperty() {
        return summary.getReadOnlyProperty();
    }

    /**
     * Newer state of the pane's job (from the event stream, the stream's end, or a fetch). A state never goes back:
     * queued, running, then terminal, so a late non-terminal state never replaces the end (failure row 21).
     */
    public void jobChanged(Job next) {
        if (next == null || (job != null && stage(next) < stage(job))) {
            return;
        }
        job = next;
        exitCode.set(ExitStatus.describe(next.exitCode()));
        startedBy.set(JobColumns.byLine(next));
        tick();
        showStatus();
    }

    private static int stage(Job job) {
        return job.status().isTerminal() ? 2 : job.status() == io.capstan.protocol.JobStatus.RUNNING ? 1 : 0;
    }

    public Job job() {
        return job;
    }

    /**
     * The stream's state. A service log has no job: its header shows this state instead. While the stream is down
     * a running job's duration stops counting (the console cannot know it still runs), and once it has been down
     * for {@link Offline#GRACE} the header says the agent is unreachable; both come back live on reconnect. Both
     * say when the agent was last heard from (the client's last contact), not when the pane noticed: for a paused
     * agent or a dead path that is a whole silence window earlier (decision record 151).
     */
    public void streamChanged(StreamState state) {
        if (state instanceof StreamState.Live || state instanceof StreamState.Stopped) {
            lostAt = null;
            lastContact = null;
        } else if (lostAt == null) {
            lostAt = clock.instant();
        }
        if (state instanceof StreamState.WaitingToRetry waiting && waiting.lastContact() != null) {
            lastContact = waiting.lastContact();
        }
        if (!(state instanceof StreamState.Connecting)) {
            tryingSince = null;
        } else if (!state.equals(lastState)) {
            tryingSince = clock.instant(); // a new try (a merged pane repeats the same Connecting for each service's)
        }
        reached |= StreamWords.reached(state);
        lastState = state;
        streamTone = state instanceof StreamState.Live ? StatusStyles.Tone.OK
                : state instanceof StreamState.Stopped ? StatusStyles.Tone.MUTED : StatusStyles.Tone.BUSY;
        showConnection();
        wasLive |= state instanceof StreamState.Live; // after the words: a first live is no "again"
        offerFixToken();
        tick();
        showStatus();
    }

    /**
     * Where the pane asks what the console knows of its agent (the connection's {@link AgentReach}): whether it was
     * reached, is live, or is offline since when. Without it the pane goes by its own stream alone, which stuck in its
     * first connect would call a live agent "not reached yet" (decision record 160). UI thread.
     */
    public void setAgent(java.util.function.Supplier<AgentReach> agent) {
        this.agent = Objects.requireNonNull(agent);
        if (lastState != null) {
            showConnection();
            showStatus();
        }
    }

    private void showConnection() {
        if (lastState == null) {
            return;
        }
        Duration waited = tryingSince == null ? null : Duration.between(tryingSince, clock.instant());
        connection.set(LogStreamWords.header(lastState, reached || agent.get().reached(), wasLive, waited));
    }

    /**
     * What "fix token…" in the header does: edit the pane's connection, whose new token resumes this stream where it
     * stopped (decision record 133). Null (the default): the user has no token to fix (This computer). UI thread.
     */
    public void setFixToken(Runnable action) {
        this.fixToken = action;
        offerFixToken();
    }

    /** True while the agent refuses the stream's token and the user can give the connection another one. */
    public ReadOnlyBooleanProperty fixTokenOfferedProperty() {
        return fixTokenOffered.getReadOnlyProperty();
    }

    /** The header's "fix token…" link. */
    public void fixToken() {
        if (fixToken != null && fixTokenOffered.get()) {
            fixToken.run();
        }
    }

    private void offerFixToken() {
        fixTokenOffered.set(fixToken != null && lastState instanceof StreamState.Stopped s && s.refused());
    }

    /** True once the stream has been down for the grace while the job (if any) had not ended. */
    public boolean unreachable() {
        return lostAt != null && Offline.graceOver(lostAt, clock.instant()) && (job == null || !job.status().isTerminal());
    }

    /** While the stream is down: the last contact, or when the pane noticed if the client never heard the agent. */
    private Instant heardUntil() {
        return lastContact != null ? lastContact : lostAt;
    }

    /**
     * Past the grace, the agent's trouble if the console knows of one (offline since its last contact, or never reached);
     * else the job's status, or the stream's own word, which then says the stream is stuck, in the warning tone, while
     * the agent itself is live ("not connected yet", "reconnecting"; decision record 160).
     */
    private void showStatus() {
        boolean down = unreachable();
        String agentDown = down ? LogStreamWords.agentDown(agent.get(), reached, heardUntil(), clock.getZone()) : null;
        if (agentDown != null) {
            status.set(agentDown);
            tone.set(StatusStyles.Tone.WARN);
        } else if (job != null) {
            status.set(StatusStyles.label(job.status()));
            tone.set(StatusStyles.of(job.status()));
        } else if (lastState != null) {
            status.set(LogStreamWords.word(connection.get()));
            tone.set(down ? StatusStyles.Tone.WARN : streamTone);
        }
    }

    /**
     * Recomputes the running duration (stopped while the stream is down, unless the agent's own connection is live: then
     * only this stream is stuck and the job's clock is the agent's), the header and the status; the view calls it once a
     * second. Properties fire only when their text changes.
     */
    public void tick() {
        AgentReach known = agent.get();
        Instant now = clock.instant();
        Instant end = job == null ? null : job.finishedAt() != null ? job.finishedAt()
                : lostAt == null || known.live() ? now
                : known.offlineSince() != null ? known.offlineSince() : heardUntil();
        duration.set(job == null ? "" : Durations.between(job.startedAt(), end, end));
        if (tryingSince != null) {
            showConnection(); // "no answer in 12 s" counts on
        }
        showStatus();
    }

    // ---- copy and save ----

    /** The text of {@code rows} as the pane shows them (with timestamps when they are on), one per line. */
    public String text(List<LogEntry> rows) {
        StringBuilder text = new StringBuilder();
        for (LogEntry row : rows) {
            appendRow(text, row);
            text.append('\n');
        }
        return text.toString();
    }

    /** Copies the selected rows, or everything shown when none are selected. */
    public void copy() {
        List<LogEntry> selected = selectedRows();
        effects.copyToClipboard(text(selected.isEmpty() ? shown.get() : selected));
    }

    /** Asks where, then writes every held row there off the UI thread. */
    public void save() {
        String name = (title.get().isBlank() ? "log" : title.get()).replaceAll("[^A-Za-z0-9._-]+", "-") + ".log";
        Path target = effects.chooseSaveFile(name);
        if (target == null) {
            return;
        }
        List<LogEntry> held = all.snapshot();
        java.util.Set<Integer> hidden = new java.util.HashSet<>();
        sources.stream().filter(source -> !source.shown.get()).forEach(source -> hidden.add(source.index));
        background.submit(() -> {
            write(target, hidden.isEmpty() ? held : held.stream().filter(row -> !hidden.contains(row.source())).toList());
            return target;
        }, saved -> { }, failure -> effects.error("Could not save the log", target + ": " + failure.getMessage()));
    }

    private void write(Path target, List<LogEntry> rows) throws java.io.IOException {
        try (BufferedWriter out = Files.newBufferedWriter(target, StandardCharsets.UTF_8)) {
            StringBuilder line = new StringBuilder();
            for (LogEntry row : rows) {
                line.setLength(0);
                appendRow(line, row);
                out.append(line).append('\n');
            }
        }
    }

    private void appendRow(StringBuilder out, LogEntry row) {
        if (timestamps.get() && row.tsMillis() > 0) {
            out.append(TIME.format(Instant.ofEpochMilli(row.tsMillis()))).append(' ');
        }
        String source = sourceName(row.source());
        if (source != null) {
            out.append(source).append(" | ");
        }
        if (row.isNotice()) {
            out.append("-- ");
        }
        out.append(row.text());
    }

    /** Formats a row's time for the view's timestamp column. */
    public static String time(LogEntry row) {
        return row.tsMillis() > 0 ? TIME.format(Instant.ofEpochMilli(row.tsMillis())) : "";
    }
}

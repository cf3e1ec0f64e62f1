package io.capstan.console.inspect;

import io.capstan.console.format.Badges;
import io.capstan.console.format.BadgeText;
import io.capstan.console.format.Durations;
import io.capstan.console.format.ResourceText;
import io.capstan.console.fx.Background;
import io.capstan.console.resources.ResourcePoller;
import io.capstan.protocol.ExitStatus;
import io.capstan.protocol.Messages;
import io.capstan.protocol.ServiceDetail;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Collectors;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * A service's detail view: how it is run (command, working folder, environment, definition file and line), what it is
 * now (status, pid or container, ports, started at) and how it last ended, refreshed with its CPU and memory once a
 * sampling interval. Secret-looking variables ({@code ServiceDetail.EnvVar#secret}) are masked until
 * {@link #revealedProperty() revealed}; their values are never logged. UI thread only; the agent calls go through the
 * {@link Background}.
 */
public final class ServiceDetailViewModel {
    /** What a masked value shows: the same width whatever the secret's length, which it must not tell. */
    public static final String MASK = "••••••••";
    private static final DateTimeFormatter STARTED = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    /** A labelled line of the overview. */
    public record Fact(String label, String value) {
    }

    /** A variable as shown: its value masked while secret and not revealed. */
    public record EnvRow(String name, String shown, boolean secret) {
    }

    private final String agent;
    private final String deployment;
    private final String service;
    private final Function<String, Messages.ServiceEnvelope> source;
    private final Background background;
    private final Clock clock;
    private final ZoneId zone;
    private final ResourcePoller resources;
    private final ObservableList<Fact> facts = FXCollections.observableArrayList();
    private final ObservableList<EnvRow> env = FXCollections.observableArrayList();
    private final BooleanProperty revealed = new SimpleBooleanProperty(this, "revealed");
    private final ReadOnlyStringWrapper command = new ReadOnlyStringWrapper(this, "command", "");
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper(this, "error");
    private final ObjectProperty<BadgeText> badge = new SimpleObjectProperty<>(this, "badge");
    private Messages.ServiceEnvelope shown;
    private boolean inFlight;
    private Instant lastRefresh;

    /**
     * @param source the blocking call for the service and its detail ({@code GET .../services/{s}}), given the service
     * @param resources polls this service's series (the caller points it at the agent)
     */
    public ServiceDetailViewModel(String agent, String deployment, String service,
                                  Function<String, Messages.ServiceEnvelope> source, ResourcePoller resources,
                                  Background background, Clock clock, ZoneId zone) {
        this.agent = agent;
        this.deployment = deployment;
        this.service = service;
        this.source = source;
        this.resources = resources;
        this.background = background;
        this.clock = clock;
        this.zone = zone;
        revealed.addListener((obs, old, now) -> showEnv());
    }

    public String title() {
        return service + " of " + deployment + " on " + agent;
    }

    public String service() {
        return service;
    }

    public ObservableList<Fact> facts() {
        return facts;
    }

    public ObservableList<EnvRow> env() {
        return env;
    }

    public BooleanProperty revealedProperty() {
        return revealed;
    }

    /** The command as one readable line. */
    public ReadOnlyStringProperty commandProperty() {
        return command.getReadOnlyProperty();
    }

    /** Why the detail could not be read (the agent's words), or null. */
    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    public ObjectProperty<BadgeText> badgeProperty() {
        return badge;
    }

    public ResourcePoller resources() {
        return resources;
    }

    /** Reads the detail again now (unless a read is in flight). */
    public void refresh() {
        if (inFlight) {
            return;
        }
        inFlight = true;
        lastRefresh = clock.instant();
        try {
            background.submit(() -> source.apply(service), answer -> {
                inFlight = false;
                error.set(null);
                show(answer);
            }, failure -> {
                inFlight = false;
                error.set(failure.getMessage() == null ? failure.toString() : failure.getMessage());
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            inFlight = false; // the console is closing
        }
    }

    /** Once a second: the charts poll when due; the detail (pid, ports, last exit) is read again every 5 s. */
    public void tick() {
        resources.tick();
        if (lastRefresh == null || !clock.instant().isBefore(lastRefresh.plus(Duration.ofSeconds(5)))) {
            refresh();
        }
    }

    void show(Messages.ServiceEnvelope answer) {
        shown = answer;
        badge.set(Badges.service(answer.service(), false));
        ServiceDetail d = answer.detail();
        List<Fact> next = new ArrayList<>();
        next.add(new Fact("Status", badge.get().text()));
        if (d == null) {
            next.add(new Fact("Detail", "this agent's backend gives no detail for the service"));
            facts.setAll(next);
            command.set("");
            env.clear();
            return;
        }
        if (d.pid() != null) {
            next.add(new Fact("Process", "pid " + d.pid()));
        }
        if (d.container() != null) {
            next.add(new Fact("Container", d.container()));
        }
        if (d.startedAt() != null) {
            next.add(new Fact("Started", STARTED.format(d.startedAt().atZone(zone)) + " ("
                    + Durations.between(d.startedAt(), null, clock.instant()) + " ago)"));
        }
        next.add(new Fact("Ports", d.ports().isEmpty() ? "none listening"
                : d.ports().stream().map(String::valueOf).collect(Collectors.joining(", "))));
        if (answer.service().resources() != null) {
            next.add(new Fact("CPU · memory", ResourceText.cell(answer.service().resources())));
        }
        next.add(new Fact("Last exit", d.lastExitCode() == null ? "none yet" : ExitStatus.describe(d.lastExitCode())));
        if (d.healthCheck() != null) {
            next.add(new Fact("Health check", d.healthCheck()));
            next.add(new Fact("Last check", d.lastHealthCheck() == null ? "not run yet" : d.lastHealthCheck()));
        }
        if (d.restartPolicy() != null) {
            next.add(new Fact("Restart policy", d.restartPolicy()));
        }
        if (d.definitionFile() != null) {
            next.add(new Fact("Defined in", d.definitionFile() + (d.definitionLine() == null ? "" : ":" + d.definitionLine())));
        }
        if (d.workdir() != null) {
            next.add(new Fact("Working folder", d.workdir()));
        }
        facts.setAll(next);
        command.set(ResourceText.command(d.command()));
        showEnv();
    }

    private void showEnv() {
        if (shown == null || shown.detail() == null) {
            return;
        }
        List<EnvRow> rows = new ArrayList<>();
        for (ServiceDetail.EnvVar v : shown.detail().env()) {
            rows.add(new EnvRow(v.name(), v.secret() && !revealed.get() ? MASK : v.value(), v.secret()));
        }
        env.setAll(rows);
    }

    /** The value shown in the overview for {@code label}, or null: for tests and the view's tooltips. */
    public String fact(String label) {
        return facts.stream().filter(f -> f.label().equals(label)).map(Fact::value).findFirst().orElse(null);
    }
}

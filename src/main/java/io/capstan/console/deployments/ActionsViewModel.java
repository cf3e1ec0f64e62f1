package io.capstan.console.deployments;

import io.capstan.client.AgentException;
import io.capstan.client.BusyException;
import io.capstan.client.UnavailableException;
import io.capstan.console.agents.AgentActions;
import io.capstan.console.agents.AgentConnection;
import io.capstan.console.fx.Background;
import io.capstan.console.common.Dialogs;
import io.capstan.console.common.LogOpener;
import io.capstan.console.format.Badges;
import io.capstan.protocol.Action;
import io.capstan.protocol.Deployment;
import io.capstan.protocol.Job;
import io.capstan.protocol.Service;
import io.capstan.protocol.ServiceStatus;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Collectors;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;

/**
 * Start, Stop, Restart and Rebuild on the selected {@link Target}: which are available, the confirmation a Stop,
 * Restart or Rebuild needs (always for a whole deployment; for one service unless the user said "don't ask again
 * for services"), and what happens after the agent answers: a new job opens its log at once; a target already busy
 * (known from the store, or refused with 409 busy) opens the running job's log instead, without a question or an
 * error; any other failure is one message with the agent's text. Nothing is offered while the target's agent is
 * offline. UI thread only; agent calls go through the {@link Background}.
 */
public final class ActionsViewModel {

    private final Background background;
    private final Dialogs dialogs;
    private final LogOpener logs;
    private final Function<Target, AgentActions> actionsFor;
    private final ObjectProperty<Target> target = new SimpleObjectProperty<>(this, "target");
    private final Map<Action, ReadOnlyBooleanWrapper> available = new EnumMap<>(Action.class);
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper(this, "message", "");
    /** The job the message is about ("prod/j-1", as a jobs-table row's key), or null: it fades when that job ends. */
    private String messageJob;
    /** The words that replace the message when its job ends, given the job's outcome ("succeeded"). */
    private Function<String, String> whenEnded = outcome -> "";
    private final BooleanProperty askForServices = new SimpleBooleanProperty(this, "askForServices", true);

    /**
     * @param actionsFor the agent calls for a target (normally its {@code AgentConnection}; a fake in tests)
     */
    public ActionsViewModel(Background background, Dialogs dialogs, LogOpener logs, Function<Target, AgentActions> actionsFor) {
        this.background = Objects.requireNonNull(background);
        this.dialogs = Objects.requireNonNull(dialogs);
        this.logs = Objects.requireNonNull(logs);
        this.actionsFor = Objects.requireNonNull(actionsFor);
        for (Action action : Action.values()) {
            available.put(action, new ReadOnlyBooleanWrapper(this, action.wire(), false));
        }
        target.addListener((obs, old, now) -> updateAvailability());
    }

    /** Opens every service's log of the target's deployment, merged by time, in one pane (Ctrl+Shift+A). */
    public void openDeploymentLog() {
        Target now = target.get();
        if (now != null) {
            logs.openDeployment(now.agent(), now.deployment().name());
        }
    }

    /** Bind this to the deployments view model's target. */
    public ObjectProperty<Target> targetProperty() {
        return target;
    }

    public ReadOnlyBooleanProperty availableProperty(Action action) {
        return available.get(action).getReadOnlyProperty();
    }

    /** Whether Stop, Restart and Rebuild of one service ask first; the console keeps it in its settings. */
    public BooleanProperty askForServicesProperty() {
        return askForServices;
    }

    /** The last outcome in words, for the status line ("restart of shop started as job …"). */
    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    /**
     * Tells the status line that a job ended. A message about that job ("… started (job j-1)", "… is busy with job
     * j-1") described a moment that is over: it is replaced by how the job ended ("Start of shop succeeded (job j-1)",
     * "shop/web is no longer busy: job j-1 failed · exited 2"), rather than telling an operator minutes later that
     * something is busy (issue 12).
     */
    public void jobEnded(String agent, Job job) {
        if (messageJob != null && messageJob.equals(agent + "/job/" + job.id())) {
            messageJob = null;
            message.set(whenEnded.apply(Badges.job(job).text()));
        }
    }

    /**
     * Shows {@code text}; when {@code jobId} is not null, the message is about that job of {@code agent} and is
     * replaced by {@code ended} applied to the job's outcome when it ends.
     */
    private void say(String text, AgentConnection agent, String jobId, Function<String, String> ended) {
        messageJob = jobId == null ? null : agent.name() + "/job/" + jobId;
        whenEnded = ended;
        message.set(text);
    }

    private void say(String text) {
        say(text, null, null, outcome -> "");
    }

    /** Runs {@code action} on the current target, asking first when it disrupts something. */
    public void run(Action action) {
        Target current = target.get();
        if (current == null || !available.get(action).get()) {
            return;
        }
        AgentActions agent = actionsFor.apply(current);
        String holder = current.activeJob();
        if (holder != null) {
            // The agent would refuse (409 busy): show what is running instead of asking about what will not happen.
            attach(action, current, agent, holder);
            return;
        }
        if (action != Action.START && !(current.wholeDeployment() ? confirm(action, current) : confirmService(action, current))) {
            say(verb(action) + " of " + current.label() + " cancelled");
            return;
        }
        String deployment = current.deployment().name();
        String service = current.serviceName();
        say(verb(action) + " " + current.label() + "…");
        background.submit(() -> agent.perform(action, deployment, service),
                job -> {
                    say(verb(action) + " of " + current.label() + " started (job " + job.id() + ")", current.agent(), job.id(),
                            outcome -> verb(action) + " of " + current.label() + " " + outcome + " (job " + job.id() + ")");
                    logs.openJob(current.agent(), job);
                },
                failure -> onRefused(action, current, agent, failure));
    }

    private void onRefused(Action action, Target current, AgentActions agent, Throwable failure) {
        if (failure instanceof BusyException busy && busy.holderJobId() != null) {
            attach(action, current, agent, busy.holderJobId());
            return;
        }
        if (failure instanceof UnavailableException lost && lost.requestMayHaveArrived()) {
            // Not "failed": the request went out and its answer was lost, so the action may well be running. The
            // client already sent it again under the same key (decision record 163); the jobs table will show it.
            say(verb(action) + " of " + current.label() + ": no answer from the agent; it may have started");
            dialogs.error(verb(action) + " " + current.label() + ": no answer", describe(failure));
            return;
        }
        say(verb(action) + " of " + current.label() + " failed");
        dialogs.error(verb(action) + " " + current.label() + " failed", describe(failure));
    }

    /** Opens the log of the job holding {@code current} instead of starting another. */
    private void attach(Action action, Target current, AgentActions agent, String holderId) {
        say(current.label() + " is busy with job " + holderId + ": showing its log", current.agent(), holderId,
                outcome -> current.label() + " is no longer busy: job " + holderId + " " + outcome);
        background.submit(() -> agent.job(holderId),
                holder -> logs.openJob(current.agent(), holder),
                lookup -> dialogs.error(verb(action) + " refused", current.label() + " is busy with job "
                        + holderId + ", which could not be opened: " + describe(lookup)));
    }

    private boolean confirmService(Action action, Target current) {
        if (!askForServices.get()) {
            return true;
        }
        String name = current.serviceName();
        String body = switch (action) {
            case STOP -> "This stops " + name + ". Anything it serves goes down until it is started again.";
            case RESTART -> "This stops and starts " + name + ". It is unavailable while it restarts.";
            case REBUILD -> "This rebuilds " + name + " and restarts it. It may take a while; the build output opens in a log pane.";
            default -> "";
        };
        Dialogs.Answer answer = dialogs.confirm(verb(action) + " service",
                verb(action) + " service " + name + " of " + current.deployment().name() + " on " + current.agent().name() + "?",
                body, verb(action) + " " + name, "Don't ask again for services");
        if (answer.confirmed() && answer.dontAskAgain()) {
            askForServices.set(false);
        }
        return answer.confirmed();
    }

    private boolean confirm(Action action, Target current) {
        Deployment deployment = current.deployment();
        List<Service> services = deployment.services();
        String names = services.stream().map(Service::name).collect(Collectors.joining(", "));
        long running = services.stream().filter(s -> isUp(s.status())).count();
        String agentName = current.agent().name();
        String header = verb(action) + " " + deployment.name() + " on " + agentName + "?";
        String body;
        switch (action) {
            case STOP:
                body = "This stops all " + services.size() + " services of " + deployment.name() + " (" + names + "); "
                        + running + " running now. Anything they serve goes down until started again.";
                break;
            case RESTART:
                body = "This stops and starts all " + services.size() + " services of " + deployment.name() + " (" + names
                        + "). They are unavailable while they restart.";
                break;
            case REBUILD:
                body = "This rebuilds " + deployment.name() + " and restarts its " + services.size() + " services (" + names
                        + "). It may take a while; the build output opens in a log pane.";
                break;
            default:
                body = "";
        }
        return dialogs.confirm(verb(action) + " deployment", header, body, verb(action) + " " + deployment.name());
    }

    private void updateAvailability() {
        Target current = target.get();
        for (Action action : Action.values()) {
            available.get(action).set(current != null && makesSense(action, current));
        }
    }

    /**
     * Whether offering {@code action} makes sense now. A busy target keeps its actions: pressing one attaches to
     * the running job (the agent answers 409 with its id), which is what an operator wants to see.
     */
    public static boolean makesSense(Action action, Target target) {
        Deployment deployment = target.deployment();
        if (deployment.error() != null || target.unreachable() != null) {
            return false;
        }
        List<Service> scope = target.service() != null ? List.of(target.service()) : deployment.services();
        if (scope.isEmpty()) {
            return false;
        }
        boolean anyUp = scope.stream().anyMatch(s -> isUp(s.status()));
        boolean anyDown = scope.stream().anyMatch(s -> !isUp(s.status()));
        // A stop of a service waiting for its restart policy keeps it down: the restart is called off.
        boolean anyRestarting = scope.stream().anyMatch(s -> s.status() == ServiceStatus.RESTARTING);
        switch (action) {
            case START:
                return anyDown;
            case STOP:
                return anyUp || anyRestarting;
            case RESTART:
            case REBUILD:
                return true;
            default:
                return false;
        }
    }

    private static boolean isUp(ServiceStatus status) {
        return status == ServiceStatus.RUNNING || status == ServiceStatus.STARTING;
    }

    static String verb(Action action) {
        String wire = action.wire();
        return wire.substring(0, 1).toUpperCase(Locale.ROOT) + wire.substring(1);
    }

    static String describe(Throwable failure) {
        if (failure instanceof AgentException && failure.getMessage() != null) {
            return failure.getMessage();
        }
        return failure.getMessage() != null ? failure.getMessage() : failure.getClass().getSimpleName();
    }
}

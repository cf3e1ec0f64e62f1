package io.capstan.console.shell;

import io.capstan.client.store.AgentStore;
import io.capstan.console.agents.AgentConnection;
import io.capstan.protocol.Deployment;
import io.capstan.protocol.ExitStatus;
import io.capstan.protocol.HealthStatus;
import io.capstan.protocol.Service;
import io.capstan.protocol.TargetName;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javafx.beans.value.ChangeListener;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;

/**
 * A desktop notification when a service crashes, starts crash-looping or turns unhealthy, on any agent, whichever
 * deployment the window shows. Found by comparing each agent's snapshot with its previous one rather than from the
 * agent's {@code service} events: snapshots also carry what happened while the stream was down (the refetch after a
 * reconnect), and the console already follows them. Runs on the FX thread, where snapshots change.
 */
public final class ServiceAlerts {

    /** One notification. */
    public record Alert(String title, String body) {
    }

    private final Notifier notifier;
    private final Map<AgentConnection, ChangeListener<AgentStore.Snapshot>> watched = new HashMap<>();

    public ServiceAlerts(Notifier notifier) {
        this.notifier = notifier;
    }

    /** Follows every agent of {@code agents}, those added later too. */
    public void watch(ObservableList<AgentConnection> agents) {
        agents.forEach(this::follow);
        agents.addListener((ListChangeListener<AgentConnection>) change -> {
            while (change.next()) {
                change.getRemoved().forEach(this::forget);
                change.getAddedSubList().forEach(this::follow);
            }
        });
    }

    private void follow(AgentConnection agent) {
        ChangeListener<AgentStore.Snapshot> listener = (obs, before, after) -> {
            for (Alert a : between(before, after, agent.name())) notifier.notify(a.title(), a.body());
        };
        watched.put(agent, listener);
        agent.snapshotProperty().addListener(listener);
    }

    private void forget(AgentConnection agent) {
        ChangeListener<AgentStore.Snapshot> listener = watched.remove(agent);
        if (listener != null) agent.snapshotProperty().removeListener(listener);
    }

    /** The alerts that going from {@code before} to {@code after} calls for; none for a deployment seen first. */
    public static List<Alert> between(AgentStore.Snapshot before, AgentStore.Snapshot after, String agent) {
        List<Alert> out = new ArrayList<>();
        if (before == null || after == null) return out;
        Map<TargetName, Service> old = new HashMap<>();
        for (Deployment d : before.deployments()) {
            for (Service s : d.services()) old.put(TargetName.of(d.name(), s.name()), s);
        }
        for (Deployment d : after.deployments()) {
            for (Service now : d.services()) {
                Service was = old.get(TargetName.of(d.name(), now.name()));
                if (was != null) alerts(was, now, now.name() + " of " + d.name(), agent, out);
            }
        }
        return out;
    }

    private static void alerts(Service was, Service now, String what, String agent, List<Alert> out) {
        if (now.inCrashLoop() && !was.inCrashLoop()) {
            out.add(new Alert("Capstan: " + what + " is crash-looping",
                    "Left down after " + now.restartCount() + (now.restartCount() == 1 ? " restart" : " restarts")
                            + "; start it when fixed. " + agent));
        } else if (now.endedOnItsOwn() && !was.endedOnItsOwn()
                || now.restartCount() > was.restartCount() && !was.endedOnItsOwn()) {
            String exit = now.exitCode() == null ? "" : ExitStatus.describe(now.exitCode()) + ". ";
            out.add(new Alert("Capstan: " + what + " crashed", exit + agent));
        }
        if (now.health() == HealthStatus.UNHEALTHY && was.health() != HealthStatus.UNHEALTHY) {
            out.add(new Alert("Capstan: " + what + " is unhealthy", agent));
        }
    }
}

package io.capstan.agent;

import io.capstan.protocol.Deployment;
import io.capstan.protocol.HealthStatus;
import io.capstan.protocol.Messages;
import io.capstan.protocol.Service;
import io.capstan.protocol.ServiceEventKind;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code service} events a new snapshot of a deployment calls for, found by comparing it with the one published
 * before: one rule for every backend (a compose container's health and the engine's restarts are announced like a
 * supervised process's). Snapshots are coalesced, so a crash and its restart may land in one: a higher restart count
 * is then both a {@code crashed} and a {@code restarted}.
 */
final class ServiceChanges {
    /** A {@code service} event without its seq, which the hub assigns. */
    record Change(String service, ServiceEventKind kind, Integer exitCode, Integer restarts, HealthStatus health) {
        Messages.ServiceEvent withSeq(long seq, String deployment, Instant at) {
            return new Messages.ServiceEvent(seq, deployment, service, kind, exitCode, restarts, health, at);
        }
    }

    private ServiceChanges() {
    }

    static List<Change> between(Deployment before, Deployment after) {
        List<Change> out = new ArrayList<>();
        if (before == null || after == null) return out;
        Map<String, Service> old = new HashMap<>();
        for (Service s : before.services()) old.put(s.name(), s);
        for (Service now : after.services()) {
            Service was = old.get(now.name());
            if (was == null) continue;
            // Exited, or restarting (exited, its restart policy about to start it again): either way it ended on its own.
            boolean exitedNow = now.endedOnItsOwn() && !was.endedOnItsOwn();
            boolean restarted = now.restartCount() > was.restartCount();
            // A restart seen without the exit before it (both in one coalesced snapshot) was a crash too.
            if (exitedNow || (restarted && !was.endedOnItsOwn())) {
                out.add(new Change(now.name(), ServiceEventKind.CRASHED, exitedNow ? now.exitCode() : null,
                        now.restarts(), null));
            }
            if (restarted) out.add(new Change(now.name(), ServiceEventKind.RESTARTED, null, now.restarts(), null));
            if (now.inCrashLoop() && !was.inCrashLoop()) {
                out.add(new Change(now.name(), ServiceEventKind.CRASH_LOOPING, now.exitCode(), now.restarts(), null));
            }
            // "starting" is where every run begins, no news; a verdict is.
            if (now.health() != null && now.health() != HealthStatus.STARTING && now.health() != was.health()) {
                out.add(new Change(now.name(), ServiceEventKind.HEALTH, null, now.restarts(), now.health()));
            }
        }
        return out;
    }
}

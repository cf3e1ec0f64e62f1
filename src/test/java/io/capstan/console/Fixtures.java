package io.capstan.console;

import io.capstan.client.AgentEndpoint;
import io.capstan.console.agents.AgentConnection;
import io.capstan.protocol.Action;
import io.capstan.protocol.Deployment;
import io.capstan.protocol.DeploymentStatus;
import io.capstan.protocol.Job;
import io.capstan.protocol.JobStatus;
import io.capstan.protocol.Service;
import io.capstan.protocol.ServiceStatus;
import java.time.Instant;
import java.util.List;

/** Protocol records and unstarted connections for view-model tests. */
public final class Fixtures {

    public static final Instant T0 = Instant.parse("2026-11-24T10:00:00Z");

    private Fixtures() {
    }

    public static AgentConnection agent(String name) {
        return new AgentConnection(new AgentEndpoint(name, "http://127.0.0.1:1", "token-token-token"), false);
    }

    public static Service service(String name, ServiceStatus status) {
        return new Service(name, status, T0, status == ServiceStatus.RUNNING ? 4242L : null, null, null, null, null);
    }

    public static Deployment deployment(String name, Service... services) {
        boolean allUp = List.of(services).stream().allMatch(s -> s.status() == ServiceStatus.RUNNING);
        boolean allDown = List.of(services).stream().noneMatch(s -> s.status() == ServiceStatus.RUNNING);
        DeploymentStatus status = allUp ? DeploymentStatus.RUNNING : allDown ? DeploymentStatus.STOPPED : DeploymentStatus.PARTIAL;
        return new Deployment(name, "process", status, List.of(services), null, T0, null);
    }

    public static Job job(String id, String deployment, String service, Action action, JobStatus status) {
        return new Job(id, deployment, service, action, status, T0, T0, status.isTerminal() ? T0.plusSeconds(3) : null,
                status.isTerminal() ? (status == JobStatus.SUCCEEDED ? 0 : 1) : null, null, 3, 0);
    }
}

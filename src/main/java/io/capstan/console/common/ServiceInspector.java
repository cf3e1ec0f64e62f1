package io.capstan.console.common;

import io.capstan.console.agents.AgentConnection;

/** Opens (or brings to front) a service's detail view: how it runs, its environment, its CPU and memory charts. */
public interface ServiceInspector {

    void inspect(AgentConnection agent, String deployment, String service);
}

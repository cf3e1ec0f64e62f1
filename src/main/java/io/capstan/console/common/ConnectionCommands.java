package io.capstan.console.common;

import io.capstan.console.agents.AgentConnection;

/** What the user can do to an agent connection from a menu or the status bar. */
public interface ConnectionCommands {

    void addConnection();

    /** Edits URL or token; also the way out of "authentication failed". */
    void editConnection(AgentConnection agent);

    void removeConnection(AgentConnection agent);

    void reconnectNow(AgentConnection agent);
}

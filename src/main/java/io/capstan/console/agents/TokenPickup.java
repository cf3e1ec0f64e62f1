package io.capstan.console.agents;

import io.capstan.client.AgentEndpoint;
import io.capstan.console.fx.Background;
import java.util.Objects;
import java.util.concurrent.Callable;

/**
 * The console's own agent after {@code capstan agent token rotate owner}: the agent ends our streams (the old token is
 * refused), and the new one is in {@code agent.token} of its state folder, which this console may read. Read it and
 * renew the connection with it, so the window is not locked out of the agent it started; the user never typed that
 * token, so "fix token…" is no help there. A connection whose token was refused with no new one in the file stays
 * refused, and says so (decision record 112), and looks again at the next refusal.
 *
 * <p>Any of the connection's streams may be the one refused (decision record 141): the event stream, or a job's or a
 * service's log opened while the event stream was waiting to retry. Each refusal reads the file once; a refusal of a
 * token already replaced finds nothing new and does nothing.
 */
public final class TokenPickup {

    private TokenPickup() {
    }

    /**
     * Watches {@code connection} (the embedded agent's, in {@code fleet}) for as long as the fleet lists it: on each
     * refusal of its token by any of its streams, reads {@code current} on {@code background} and, when it holds
     * another token, renews the connection with it. UI thread.
     */
    public static void watch(Fleet fleet, AgentConnection connection, Callable<String> current, Background background) {
        connection.tokenRefusalsProperty().addListener((obs, old, now) ->
                background.submit(current, token -> renew(fleet, connection, token, current, background), failure -> { }));
    }

    private static void renew(Fleet fleet, AgentConnection connection, String token, Callable<String> current,
                              Background background) {
        AgentEndpoint was = connection.endpoint();
        if (token == null || Objects.equals(token, was.token()) || !fleet.agents().contains(connection)) return;
        // The same connection, renewed: its refused streams (events, log panes) resume from their cursors.
        AgentConnection next = fleet.replace(connection, was.withToken(token));
        if (next != connection) watch(fleet, next, current, background);
    }
}

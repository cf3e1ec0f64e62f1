package io.capstan.console.agents;

import io.capstan.client.AgentEndpoint;
import io.capstan.client.sse.StreamState;
import io.capstan.console.fx.Background;
import java.util.Objects;
import java.util.concurrent.Callable;
import javafx.beans.value.ChangeListener;

/**
 * The console's own agent after {@code capstan agent token rotate owner}: the agent ends our streams (the old token is
 * refused), and the new one is in {@code agent.token} of its state folder, which this console may read. Read it and
 * reconnect with it, so the window is not locked out of the agent it started; the user never typed that token, so
 * "fix token…" is no help there. A connection whose token was refused with no new one in the file stays refused, and
 * says so (decision record 112).
 */
public final class TokenPickup {

    private TokenPickup() {
    }

    /**
     * Watches {@code connection} (the embedded agent's, in {@code fleet}); on a refused token reads {@code current} on
     * {@code background} and, when it holds another token, replaces the connection with one using it, then watches
     * that one. UI thread.
     */
    public static void watch(Fleet fleet, AgentConnection connection, Callable<String> current, Background background) {
        ChangeListener<StreamState> refused = new ChangeListener<>() {
            @Override
            public void changed(javafx.beans.value.ObservableValue<? extends StreamState> obs, StreamState old, StreamState now) {
                if (!(now instanceof StreamState.Stopped stopped) || !stopped.refused()) return;
                connection.stateProperty().removeListener(this);
                background.submit(current, token -> renew(fleet, connection, token, current, background), failure -> { });
            }
        };
        connection.stateProperty().addListener(refused);
    }

    private static void renew(Fleet fleet, AgentConnection connection, String token, Callable<String> current,
                              Background background) {
        AgentEndpoint was = connection.endpoint();
        if (token == null || Objects.equals(token, was.token()) || !fleet.agents().contains(connection)) return;
        // The same connection, renewed: its refused streams (events, log panes) resume from their cursors.
        AgentConnection next = fleet.replace(connection, was.withToken(token));
        watch(fleet, next, current, background);
    }
}

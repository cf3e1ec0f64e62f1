package io.capstan.console.inspect;

import io.capstan.console.agents.AgentConnection;
import io.capstan.console.common.ServiceInspector;
import io.capstan.console.fx.Background;
import io.capstan.console.resources.ResourcePoller;
import io.capstan.protocol.TargetName;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javafx.scene.Scene;
import javafx.stage.Window;

/**
 * Opens one detail window per service (inspecting a service again brings its window to the front) and closes them
 * all with the console.
 */
public final class ServiceInspectors implements ServiceInspector {
    private final Background background;
    private final Clock clock;
    private final Supplier<Window> owner;
    private final Consumer<Scene> style;
    private final Map<Key, ServiceDetailWindow> open = new HashMap<>();

    /** One window per service of one agent. */
    private record Key(String agent, TargetName service) {
    }

    public ServiceInspectors(Background background, Clock clock, Supplier<Window> owner, Consumer<Scene> style) {
        this.background = background;
        this.clock = clock;
        this.owner = owner;
        this.style = style;
    }

    @Override
    public void inspect(AgentConnection agent, String deployment, String service) {
        Key key = new Key(agent.name(), TargetName.of(deployment, service));
        ServiceDetailWindow existing = open.get(key);
        if (existing != null) {
            existing.toFront();
            return;
        }
        ResourcePoller resources = new ResourcePoller(background, clock);
        ServiceDetailViewModel model = new ServiceDetailViewModel(agent.name(), deployment, service,
                s -> agent.client().service(deployment, s), resources, background, clock, clock.getZone());
        resources.show(since -> List.of(agent.client().serviceResources(deployment, service, since)));
        ServiceDetailWindow window = new ServiceDetailWindow(model, owner.get(), style);
        open.put(key, window);
        window.onClosed(() -> open.remove(key));
        window.show();
    }

    /** The open detail windows' stages, for tests and for closing them with the console. */
    public List<javafx.stage.Stage> windows() {
        return open.values().stream().map(ServiceDetailWindow::stage).toList();
    }

    public void closeAll() {
        List.copyOf(open.values()).forEach(w -> w.stage().close());
    }
}

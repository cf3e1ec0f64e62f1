package io.capstan.console.agents;

import io.capstan.agent.compose.ComposeBackend;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What the console does with its own agent, without a window, in a JVM of its own so a test can kill it for real:
 * {@code ConsoleLikeMain demo|plain <deployments> <state>} starts the embedded agent (over the demo set, or over the
 * folder as it is), starts its services, prints {@code ready <url> <token>}, and closes it cleanly on {@code close}.
 */
public final class ConsoleLikeMain {
    private ConsoleLikeMain() {
    }

    public static void main(String[] args) throws Exception {
        Path deployments = Path.of(args[1]);
        Path state = Path.of(args[2]);
        // No container engine here: a CLI that is not there.
        ComposeBackend compose = ComposeBackend.detect("/nonexistent/docker", List.of(), Map.of());
        EmbeddedAgent agent = args[0].equals("demo") ? EmbeddedAgent.startDemo(deployments, state, compose)
                : EmbeddedAgent.start(deployments, state);
        agent.startServices();
        System.out.println("ready " + agent.endpoint().baseUrl() + " " + agent.endpoint().token());
        System.out.flush();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null) {
            if (line.equals("close")) {
                agent.close();
                System.out.println("closed");
                System.out.flush();
                System.exit(0);
            }
        }
    }
}

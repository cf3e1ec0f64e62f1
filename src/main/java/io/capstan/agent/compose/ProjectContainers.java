package io.capstan.agent.compose;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a project's containers from the engine: {@code docker ps -a -q --no-trunc} filtered by the project label,
 * then {@code docker inspect} of those ids (state, exit code, health, times and labels in one JSON answer).
 */
final class ProjectContainers {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    /** The engine could not be asked; the message is the CLI's own first line. */
    static final class EngineUnavailable extends Exception {
        EngineUnavailable(String message) {
            super(message);
        }
    }

    private ProjectContainers() {
    }

    static List<ContainerState> read(ComposeCli cli, String project) throws EngineUnavailable, InterruptedException {
        CliCommand.Result ps = CliCommand.capture(cli.docker(List.of("ps", "-a", "-q", "--no-trunc",
                "--filter", "label=" + ContainerState.PROJECT_LABEL + "=" + project)), cli.env(), TIMEOUT);
        if (!ps.ok()) throw new EngineUnavailable(ps.firstErrorLine());
        List<String> ids = ps.stdout().lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
        if (ids.isEmpty()) return List.of();
        List<String> args = new ArrayList<>(List.of("inspect", "--type", "container"));
        args.addAll(ids);
        CliCommand.Result inspect = CliCommand.capture(cli.docker(args), cli.env(), TIMEOUT);
        // A container removed between the two calls makes inspect fail, yet it still prints the others.
        String out = inspect.stdout().strip();
        if (!out.startsWith("[")) {
            if (!inspect.ok()) throw new EngineUnavailable(inspect.firstErrorLine());
            return List.of();
        }
        try {
            List<ContainerState> list = new ArrayList<>();
            for (JsonNode c : JSON.readTree(out)) list.add(ContainerState.fromInspect(c));
            return list;
        } catch (IOException e) {
            throw new EngineUnavailable("unreadable answer from docker inspect: " + e.getMessage());
        }
    }
}

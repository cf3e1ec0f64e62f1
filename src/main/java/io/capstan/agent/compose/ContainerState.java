package io.capstan.agent.compose;

import com.fasterxml.jackson.databind.JsonNode;
import io.capstan.protocol.HealthStatus;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/** What the engine says about one container of a project ({@code docker inspect}), reduced to what a Service shows. */
record ContainerState(String id, String service, String state, int exitCode, HealthStatus health,
                      Instant created, Instant startedAt, Instant finishedAt, boolean oneOff, int restartCount) {

    static final String SERVICE_LABEL = "com.docker.compose.service";
    static final String PROJECT_LABEL = "com.docker.compose.project";
    static final String ONEOFF_LABEL = "com.docker.compose.oneoff";

    /** One element of {@code docker inspect}'s array. */
    static ContainerState fromInspect(JsonNode c) {
        JsonNode st = c.path("State");
        JsonNode labels = c.path("Config").path("Labels");
        String health = st.path("Health").path("Status").asText(null);
        return new ContainerState(c.path("Id").asText(), labels.path(SERVICE_LABEL).asText(null),
                st.path("Status").asText("unknown"), st.path("ExitCode").asInt(0),
                HealthStatus.ofEngine(health),
                instant(c.path("Created").asText(null)), instant(st.path("StartedAt").asText(null)),
                instant(st.path("FinishedAt").asText(null)),
                "true".equalsIgnoreCase(labels.path(ONEOFF_LABEL).asText("false")),
                // The engine's own restarts under the service's restart policy (compose's "restart:").
                c.path("RestartCount").asInt(0));
    }

    /** The engine writes {@code 0001-01-01T00:00:00Z} for "never". */
    static Instant instant(String text) {
        if (text == null || text.isEmpty() || text.startsWith("0001-")) return null;
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    boolean running() {
        return state.equals("running") || state.equals("restarting");
    }

    /** The short id the docker CLI shows. */
    String shortId() {
        return id.length() > 12 ? id.substring(0, 12) : id;
    }
}

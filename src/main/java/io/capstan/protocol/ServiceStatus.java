package io.capstan.protocol;

import com.fasterxml.jackson.annotation.JsonEnumDefaultValue;
import com.fasterxml.jackson.annotation.JsonProperty;

/** Service status; unknown wire values read as UNKNOWN. */
public enum ServiceStatus {
    @JsonProperty("running") RUNNING,
    @JsonProperty("starting") STARTING,
    @JsonProperty("stopping") STOPPING,
    @JsonProperty("stopped") STOPPED,
    @JsonProperty("exited") EXITED,
    /**
     * Down between two runs, and a restart policy (the agent's own, or the engine's) will start it again by itself:
     * {@code exitCode} is the exit it restarts after and {@code restartAt} when the restart is due, where known.
     */
    @JsonProperty("restarting") RESTARTING,
    @JsonEnumDefaultValue @JsonProperty("unknown") UNKNOWN
}

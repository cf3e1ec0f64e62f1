package io.capstan.protocol;

import com.fasterxml.jackson.annotation.JsonEnumDefaultValue;
import com.fasterxml.jackson.annotation.JsonProperty;

/** Deployment status; unknown wire values read as UNKNOWN so the protocol can grow. */
public enum DeploymentStatus {
    @JsonProperty("running") RUNNING,
    @JsonProperty("stopped") STOPPED,
    @JsonProperty("partial") PARTIAL,
    @JsonProperty("failed") FAILED,
    /** No service failed for good, and one or more are down with their restart policy about to start them again. */
    @JsonProperty("restarting") RESTARTING,
    @JsonEnumDefaultValue @JsonProperty("unknown") UNKNOWN
}

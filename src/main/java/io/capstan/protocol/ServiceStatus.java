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
    @JsonEnumDefaultValue @JsonProperty("unknown") UNKNOWN
}

package io.capstan.protocol;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Where a line came from: the process's stdout or stderr, or the agent itself. */
public enum LineStream {
    @JsonProperty("stdout") STDOUT,
    @JsonProperty("stderr") STDERR,
    @JsonProperty("system") SYSTEM
}

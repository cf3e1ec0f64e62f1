package io.capstan.protocol;

import com.fasterxml.jackson.annotation.JsonEnumDefaultValue;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * What a {@code service} event says happened (docs/protocol.md, "Events"); a kind this side does not know reads as
 * {@code UNKNOWN}, so the protocol can grow.
 */
public enum ServiceEventKind {
    /** It ended on its own ({@code exitCode}). */
    @JsonProperty("crashed") CRASHED,
    /** Started again without an operator ({@code restarts}). */
    @JsonProperty("restarted") RESTARTED,
    /** The restart policy gave up. */
    @JsonProperty("crash-looping") CRASH_LOOPING,
    /** Its health changed ({@code health}). */
    @JsonProperty("health") HEALTH,
    @JsonEnumDefaultValue @JsonProperty("unknown") UNKNOWN
}

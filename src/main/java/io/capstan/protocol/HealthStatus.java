package io.capstan.protocol;

import com.fasterxml.jackson.annotation.JsonEnumDefaultValue;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A service's health where its backend knows it ({@code Service.health}, a {@code service} event's {@code health}):
 * null where it has no check. A value a newer agent sends that this side does not know reads as {@link #UNKNOWN}, so
 * the protocol can grow without breaking older clients.
 */
public enum HealthStatus {
    /** Every run begins here, until the check's first verdict (a container whose check has not passed yet). */
    @JsonProperty("starting") STARTING,
    @JsonProperty("healthy") HEALTHY,
    @JsonProperty("unhealthy") UNHEALTHY,
    /** A value this side does not know (from a newer agent); never sent by this one. */
    @JsonEnumDefaultValue @JsonProperty("unknown") UNKNOWN;

    /**
     * A container engine's word for a container's health ({@code State.Health.Status}): null for none ({@code none},
     * empty, absent), {@link #UNKNOWN} for a word this side does not know.
     */
    public static HealthStatus ofEngine(String status) {
        if (status == null || status.isEmpty() || status.equals("none")) return null;
        for (HealthStatus h : values()) {
            if (h != UNKNOWN && WireNames.of(h).equals(status)) return h;
        }
        return UNKNOWN;
    }
}

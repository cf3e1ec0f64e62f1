package io.capstan.protocol;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Optional;

/** The four actions a job can perform. */
public enum Action {
    @JsonProperty("start") START,
    @JsonProperty("stop") STOP,
    @JsonProperty("restart") RESTART,
    @JsonProperty("rebuild") REBUILD;

    public String wire() {
        return WireNames.of(this);
    }

    public static Optional<Action> parse(String text) {
        for (Action a : values()) {
            if (a.wire().equals(text)) return Optional.of(a);
        }
        return Optional.empty();
    }
}

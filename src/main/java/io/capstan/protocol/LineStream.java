package io.capstan.protocol;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Where a line came from: the process's stdout or stderr, or the agent itself. */
public enum LineStream {
    @JsonProperty("stdout") STDOUT,
    @JsonProperty("stderr") STDERR,
    @JsonProperty("system") SYSTEM;

    /** The name on the wire. */
    public String wireName() {
        return WireNames.of(this);
    }

    /** The stream of a wire name; a name this client does not know reads as {@code stdout}, so the protocol can grow. */
    public static LineStream fromWire(String name) {
        for (LineStream s : values()) {
            if (s.wireName().equals(name)) return s;
        }
        return STDOUT;
    }
}

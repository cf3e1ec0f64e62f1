package io.capstan.protocol;

import com.fasterxml.jackson.annotation.JsonEnumDefaultValue;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Why a token the agent knows is refused ({@code error.reason} of a 401 and of a stream's {@code revoked} event), so a
 * client can stop for a typed reason instead of reading the message's words. An unknown token has no reason: a
 * stranger learns nothing.
 */
public enum TokenRefusal {
    /** {@code capstan agent token revoke NAME}. */
    @JsonProperty("revoked") REVOKED,
    /** {@code capstan agent token rotate NAME}: the name is still valid with a new token; this one is not. */
    @JsonProperty("rotated") ROTATED,
    /** A reason a newer agent gives that this client does not know: still a refusal of a known token. */
    @JsonEnumDefaultValue @JsonProperty("other") OTHER;

    /** What the agent says, the same on a 401 and in a stream's last event. */
    public String message(String name) {
        return switch (this) {
            case REVOKED -> "the token \"" + name + "\" was revoked";
            case ROTATED -> "the token \"" + name + "\" was replaced by a new one (rotated)";
            case OTHER -> "the token \"" + name + "\" is no longer accepted";
        };
    }
}

package io.capstan.protocol;

import com.fasterxml.jackson.annotation.JsonEnumDefaultValue;
import com.fasterxml.jackson.annotation.JsonProperty;

/** Stable error codes with the HTTP status each one is sent with. */
public enum ErrorCode {
    @JsonProperty("bad_request") BAD_REQUEST(400),
    @JsonProperty("invalid_name") INVALID_NAME(400),
    @JsonProperty("unsupported_action") UNSUPPORTED_ACTION(400),
    @JsonProperty("unauthorized") UNAUTHORIZED(401),
    @JsonProperty("forbidden_host") FORBIDDEN_HOST(403),
    @JsonProperty("not_found") NOT_FOUND(404),
    @JsonProperty("busy") BUSY(409),
    @JsonProperty("too_large") TOO_LARGE(413),
    @JsonProperty("unsupported_media_type") UNSUPPORTED_MEDIA_TYPE(415),
    /** A job log's resume point beyond the job's last line (another job's, or a broken client's): never guessed at. */
    @JsonProperty("past_the_end") PAST_THE_END(416),
    /** An {@code Idempotency-Key} sent again with another request than the one it was first sent with. */
    @JsonProperty("idempotency_key_reused") KEY_REUSED(422),
    @JsonProperty("unavailable") UNAVAILABLE(503),
    /** The agent could not write to its state folder (a full disk): nothing was started. */
    @JsonProperty("insufficient_storage") INSUFFICIENT_STORAGE(507),
    @JsonEnumDefaultValue @JsonProperty("internal") INTERNAL(500);

    private final int httpStatus;

    ErrorCode(int httpStatus) {
        this.httpStatus = httpStatus;
    }

    public int httpStatus() {
        return httpStatus;
    }
}

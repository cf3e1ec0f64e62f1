package io.capstan.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;

/** {@code {"error": {"code", "message", "job"?}}}: the body of every non-2xx answer. */
public record ErrorBody(Detail error) {

    /** {@code job} names the holder of a target for {@code busy}; omitted otherwise. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Detail(ErrorCode code, String message, String job) {
    }

    public static ErrorBody of(ErrorCode code, String message) {
        return new ErrorBody(new Detail(code, message, null));
    }

    public static ErrorBody busy(String message, String job) {
        return new ErrorBody(new Detail(ErrorCode.BUSY, message, job));
    }
}

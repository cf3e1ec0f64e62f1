package io.capstan.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;

/** {@code {"error": {"code", "message", "job"?, "reason"?}}}: the body of every non-2xx answer. */
public record ErrorBody(Detail error) {

    /**
     * {@code job} names the holder of a target for {@code busy}; {@code reason} says why a known token was refused
     * ({@code unauthorized} only); each omitted otherwise.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Detail(ErrorCode code, String message, String job, TokenRefusal reason) {
        public Detail(ErrorCode code, String message, String job) {
            this(code, message, job, null);
        }
    }

    public static ErrorBody of(ErrorCode code, String message) {
        return new ErrorBody(new Detail(code, message, null));
    }

    public static ErrorBody busy(String message, String job) {
        return new ErrorBody(new Detail(ErrorCode.BUSY, message, job));
    }

    /** A known token refused: 401 {@code unauthorized} with the reason and the agent's words for it. */
    public static ErrorBody refused(TokenRefusal reason, String name) {
        return new ErrorBody(new Detail(ErrorCode.UNAUTHORIZED, reason.message(name), null, reason));
    }
}

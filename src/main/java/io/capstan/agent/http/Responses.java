package io.capstan.agent.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.capstan.protocol.ErrorBody;
import io.capstan.protocol.ErrorCode;
import io.capstan.protocol.ProtocolJson;
import io.capstan.protocol.TokenRefusal;
import io.javalin.http.Context;

/** The two shapes every plain answer takes: a JSON body, or the protocol's error body. */
final class Responses {
    static final String JSON = "application/json; charset=utf-8";

    private Responses() {
    }

    static void json(Context ctx, int status, Object body) {
        ctx.status(status).contentType(JSON).result(bytes(body));
    }

    static void error(Context ctx, ErrorCode code, String message, String job) {
        error(ctx, code, message, job, null);
    }

    static void error(Context ctx, ErrorCode code, String message, String job, TokenRefusal reason) {
        json(ctx, code.httpStatus(), new ErrorBody(new ErrorBody.Detail(code, message, job, reason)));
    }

    static ErrorBody errorBody(ErrorCode code, String message, String job) {
        return new ErrorBody(new ErrorBody.Detail(code, message, job));
    }

    static byte[] bytes(Object body) {
        try {
            return ProtocolJson.mapper().writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The error code for a status chosen by the HTTP layer (Jetty or Javalin) rather than by a route. */
    static ErrorCode codeFor(int status) {
        return switch (status) {
            case 413, 414, 431 -> ErrorCode.TOO_LARGE;
            case 404, 405 -> ErrorCode.NOT_FOUND;
            case 401 -> ErrorCode.UNAUTHORIZED;
            case 415 -> ErrorCode.UNSUPPORTED_MEDIA_TYPE;
            case 503 -> ErrorCode.UNAVAILABLE;
            default -> status >= 500 && status != 505 ? ErrorCode.INTERNAL : ErrorCode.BAD_REQUEST;
        };
    }
}

package io.capstan.agent.http;

import io.capstan.protocol.ErrorBody;
import io.capstan.protocol.ErrorCode;
import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Jetty's answers to requests it refuses before any route runs (a URI too long, {@code %00}, bytes that are not
 * ASCII in the request line, a duplicate Host, headers too large, a malformed method or version...) in the
 * protocol's error shape instead of Jetty's HTML page. The status stays Jetty's (400, 414, 431, 505...); the
 * code follows it ({@link Responses#codeFor}). The message is Jetty's reason, which names the rule that was
 * broken and never echoes the request.
 */
final class JsonErrorHandler extends ErrorHandler {
    private static final HttpField CONTENT_TYPE = new HttpField(HttpHeader.CONTENT_TYPE, Responses.JSON);

    /** Every method gets a body: a client of an API reads the error whatever it asked (HEAD still gets none). */
    @Override
    public boolean errorPageForMethod(String method) {
        return true;
    }

    @Override
    protected void generateResponse(Request request, Response response, int code, String message, Throwable cause,
                                    Callback callback) {
        response.getHeaders().put(CONTENT_TYPE);
        response.write(true, ByteBuffer.wrap(body(code, message)), callback);
    }

    static byte[] body(int status, String reason) {
        ErrorCode code = Responses.codeFor(status);
        String message = reason == null || reason.isBlank() ? "HTTP " + status : "HTTP " + status + ": " + reason;
        return Responses.bytes(ErrorBody.of(code, message));
    }
}

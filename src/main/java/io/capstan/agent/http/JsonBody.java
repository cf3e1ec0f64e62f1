package io.capstan.agent.http;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.capstan.protocol.ErrorCode;
import io.capstan.protocol.ProtocolJson;
import io.javalin.http.Context;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Locale;
import java.util.Set;

/**
 * A request body that must be exactly one JSON object: {@code Content-Type: application/json} (charset, if
 * given, UTF-8), valid UTF-8, no trailing data, no duplicate keys, and no field the route does not know. A
 * request that bends any of these is refused before it can start anything: a client that sends
 * {@code {"action":"stop"}{"action":"start"}} or {@code {"action":"stop","action":"start"}} must not get
 * whichever one a lenient parser happens to keep, and a field the agent does not understand (a newer client's
 * option) must not be silently dropped from an action.
 */
final class JsonBody {
    private static final ObjectReader STRICT = ProtocolJson.mapper().reader()
            .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .with(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
            .with(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private JsonBody() {
    }

    /** The body as a JSON object whose field names are all in {@code known}. */
    static ObjectNode object(Context ctx, int maxBytes, Set<String> known) {
        requireJsonType(ctx.header("Content-Type"));
        String coding = ctx.header("Content-Encoding");
        if (coding != null && !coding.isBlank() && !coding.strip().equalsIgnoreCase("identity")) {
            // RFC 9110 15.5.16: a content coding the server does not apply is 415. Nothing here inflates a body.
            throw new ApiException(ErrorCode.UNSUPPORTED_MEDIA_TYPE, "Content-Encoding is not supported: " + clip(coding.strip()));
        }
        byte[] body = ctx.bodyAsBytes();
        if (body.length > maxBytes) throw new ApiException(ErrorCode.TOO_LARGE, "request body over " + maxBytes + " bytes");
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(body)).toString();
        } catch (CharacterCodingException e) {
            throw new ApiException(ErrorCode.BAD_REQUEST, "request body is not UTF-8");
        }
        JsonNode node;
        try {
            node = STRICT.readTree(text);
        } catch (IOException e) {
            throw new ApiException(ErrorCode.BAD_REQUEST, "malformed JSON body: " + reason(e));
        }
        if (node == null || !node.isObject()) throw new ApiException(ErrorCode.BAD_REQUEST, "request body must be a JSON object");
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!known.contains(f)) throw new ApiException(ErrorCode.BAD_REQUEST, "unknown field in request body: " + clip(f));
        }
        return (ObjectNode) node;
    }

    /** {@code application/json}, with any parameters, but a charset other than UTF-8 is refused. */
    static void requireJsonType(String contentType) {
        if (contentType == null || contentType.isBlank()) {
            throw new ApiException(ErrorCode.UNSUPPORTED_MEDIA_TYPE, "Content-Type must be application/json");
        }
        String[] parts = contentType.split(";");
        if (!parts[0].strip().toLowerCase(Locale.ROOT).equals("application/json")) {
            throw new ApiException(ErrorCode.UNSUPPORTED_MEDIA_TYPE,
                    "Content-Type must be application/json, not " + clip(parts[0].strip()));
        }
        for (int i = 1; i < parts.length; i++) {
            String p = parts[i].strip();
            int eq = p.indexOf('=');
            if (eq < 0 || !p.substring(0, eq).strip().equalsIgnoreCase("charset")) continue;
            String cs = p.substring(eq + 1).strip().replace("\"", "");
            if (!cs.equalsIgnoreCase("utf-8")) {
                throw new ApiException(ErrorCode.UNSUPPORTED_MEDIA_TYPE, "request bodies are UTF-8, not " + clip(cs));
            }
        }
    }

    /** Jackson's message without its source excerpt (which would echo the body back). */
    private static String reason(IOException e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        m = m.lines().findFirst().orElse(m);
        for (String tail : new String[] {" at [Source", " (bound as", " (for "}) {
            int cut = m.indexOf(tail);
            if (cut > 0) m = m.substring(0, cut);
        }
        return clip(m);
    }

    private static String clip(String s) {
        return s.length() <= 80 ? s : s.substring(0, 80) + "…";
    }
}

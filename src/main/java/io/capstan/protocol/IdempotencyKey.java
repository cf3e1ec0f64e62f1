package io.capstan.protocol;

import java.util.UUID;

/**
 * The {@code Idempotency-Key} request header of a job request (IETF draft "The Idempotency-Key HTTP Header Field"): a
 * client names each request it makes with a new key and sends the same key when it sends that request again, and the
 * agent answers a repeat with the job the first one made. The value is a structured-field string ({@code "..."}); a
 * bare token is accepted too, as people type it with curl.
 */
public final class IdempotencyKey {
    public static final String HEADER = "Idempotency-Key";
    /** Set to {@code true} on an answer that is a repeat's: the job was made by an earlier request. */
    public static final String REPLAYED = "Idempotent-Replayed";
    public static final int MAX_LENGTH = 255;

    private IdempotencyKey() {
    }

    /** A new key for one request. */
    public static String random() {
        return UUID.randomUUID().toString();
    }

    /** The header's value for {@code key}. */
    public static String header(String key) {
        return "\"" + check(key) + "\"";
    }

    /** The key a header value carries; {@link IllegalArgumentException} saying what is wrong with it. */
    public static String parse(String headerValue) {
        String value = headerValue.strip();
        if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
            value = value.substring(1, value.length() - 1);
        }
        return check(value);
    }

    private static String check(String key) {
        if (key.isEmpty() || key.length() > MAX_LENGTH) {
            throw new IllegalArgumentException(HEADER + " must be 1 to " + MAX_LENGTH + " characters");
        }
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            // Visible ASCII but the two a structured-field string would have to escape.
            if (c < 0x21 || c > 0x7e || c == '"' || c == '\\') {
                throw new IllegalArgumentException(HEADER + " may hold visible ASCII characters only, no quote or backslash");
            }
        }
        return key;
    }
}

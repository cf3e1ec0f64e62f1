package io.capstan.agent;

import com.fasterxml.jackson.databind.JsonNode;
import io.capstan.protocol.ProtocolJson;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Requests written byte for byte on a plain socket, for what no HTTP client library will send (a raw non-ASCII
 * request line, a duplicate Host, a broken chunk). Reads one response: headers, then Content-Length bytes or up
 * to the close.
 */
final class RawHttp {
    /** The head of a slowloris' request, sent up to the value of a header that never ends. */
    static final byte[] SLOW_HEAD = "GET /api/v1/info HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ".getBytes(StandardCharsets.US_ASCII);

    /**
     * True when the agent closed the socket (end of stream or reset); false while it is open and silent. Sends the
     * slowloris' next byte first, which fails once the agent reset the connection. Needs a short read timeout on
     * {@code s}.
     */
    static boolean closedByAgent(Socket s) {
        try {
            s.getOutputStream().write('a');
            s.getOutputStream().flush();
            return s.getInputStream().read() == -1;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    /** A parsed response; {@code json} is null when the body is not JSON. */
    record Answer(int status, Map<String, String> headers, String body, JsonNode json) {
        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        String code() {
            return json == null ? null : json.path("error").path("code").asText(null);
        }
    }

    private RawHttp() {
    }

    static Answer exchange(int port, byte[] request) {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(20_000);
            s.getOutputStream().write(request);
            s.getOutputStream().flush();
            return read(s.getInputStream());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Answer exchange(int port, String request) {
        return exchange(port, request.getBytes(StandardCharsets.ISO_8859_1));
    }

    static Answer read(InputStream in) throws IOException {
        String statusLine = line(in);
        int status = Integer.parseInt(statusLine.split(" ")[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        String h;
        while (!(h = line(in)).isEmpty()) {
            int c = h.indexOf(':');
            headers.put(h.substring(0, c).trim().toLowerCase(Locale.ROOT), h.substring(c + 1).trim());
        }
        byte[] body;
        String len = headers.get("content-length");
        if (len != null) {
            body = in.readNBytes(Integer.parseInt(len));
        } else {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            in.transferTo(b);
            body = b.toByteArray();
        }
        String text = new String(body, StandardCharsets.UTF_8);
        JsonNode json = null;
        String ct = headers.get("content-type");
        if (ct != null && ct.startsWith("application/json")) json = ProtocolJson.mapper().readTree(text);
        return new Answer(status, headers, text, json);
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) != -1 && c != '\n') {
            if (c != '\r') b.write(c);
        }
        if (c == -1 && b.size() == 0) throw new IOException("connection closed before a response line");
        return b.toString(StandardCharsets.ISO_8859_1);
    }
}
